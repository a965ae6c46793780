package io.portico.server.connection;

import io.portico.module.Attributes;
import io.portico.module.Session;
import io.portico.module.TlsInfo;
import io.portico.route.SessionTls;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * What is known of one client connection (BFE's session): who, where, when, and how many
 * requests it carried. Runs on the connection's thread; the counters are read by the barrier.
 */
public final class ConnectionInfo implements Session {
    private final long id;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final boolean secure;
    private final long acceptedMillis;
    private final String listener;
    private volatile Attributes attributes = Attributes.forOneThread();
    /** The peer's IP as text, made once per connection rather than per request. */
    private String remoteIp;
    /** conn-&lt;id&gt;, the name of whichever thread serves the connection; made once. */
    private String threadName;
    private volatile int requests;
    private volatile boolean idle = true;
    /** Set once, by the connection's thread, when its TLS handshake ends (the module view and the routing view). */
    private volatile TlsInfo tls;
    private volatile SessionTls routeTls;

    public ConnectionInfo(long id, String listener, InetSocketAddress remote, InetSocketAddress local, boolean secure) {
        this.id = id;
        this.listener = listener;
        this.remote = remote;
        this.local = local;
        this.secure = secure;
        this.acceptedMillis = System.currentTimeMillis();
    }

    @Override
    public long id() {
        return id;
    }

    /** conn-&lt;id&gt;: threads are named after the connection they serve, so a thread dump reads like a list of clients. */
    public String threadName() {
        String n = threadName;
        if (n == null) {
            n = "conn-" + id;
            threadName = n;
        }
        return n;
    }

    public String listener() {
        return listener;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remote;
    }

    @Override
    public InetSocketAddress localAddress() {
        return local;
    }

    @Override
    public Instant acceptedAt() {
        return Instant.ofEpochMilli(acceptedMillis);
    }

    @Override
    public Optional<TlsInfo> tls() {
        return Optional.ofNullable(tls);
    }

    void tls(TlsInfo info, SessionTls route) {
        this.tls = info;
        this.routeTls = route;
    }

    /** What route conditions read of the TLS handshake ({@code ses_tls_*}); null in plaintext. */
    public SessionTls routeTls() {
        return routeTls;
    }

    @Override
    public int requestCount() {
        return requests;
    }

    @Override
    public Attributes attributes() {
        return attributes;
    }

    public InetSocketAddress remote() {
        return remote;
    }

    /** The peer's IP address as text ({@link java.net.InetAddress#getHostAddress()}); the connection's thread only. */
    public String remoteIp() {
        if (remoteIp == null) {
            remoteIp = remote.getAddress().getHostAddress();
        }
        return remoteIp;
    }

    public InetSocketAddress local() {
        return local;
    }

    public boolean secure() {
        return secure;
    }

    public long acceptedMillis() {
        return acceptedMillis;
    }

    /**
     * From now on the session's attributes may be used by several threads at once (the streams of
     * an HTTP/2 connection); what HandleAccept and HandleHandshake set is kept.
     */
    public void shareAttributes() {
        attributes = attributes.concurrentCopy();
    }

    public int requests() {
        return requests;
    }

    public void requestStarted() {
        requests++;
    }

    /** Between requests: a draining server may close the connection now. */
    public boolean idle() {
        return idle;
    }

    public void idle(boolean value) {
        idle = value;
    }
}
