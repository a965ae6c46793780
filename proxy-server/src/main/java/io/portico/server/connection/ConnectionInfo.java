package io.portico.server.connection;

import java.net.InetSocketAddress;

/**
 * What is known of one client connection (BFE's session): who, where, when, and how many
 * requests it carried. Runs on the connection's thread; the counters are read by the barrier.
 */
public final class ConnectionInfo {
    private final long id;
    private final InetSocketAddress remote;
    private final InetSocketAddress local;
    private final boolean secure;
    private final long acceptedMillis;
    private final String listener;
    private int requests;

    public ConnectionInfo(long id, String listener, InetSocketAddress remote, InetSocketAddress local, boolean secure) {
        this.id = id;
        this.listener = listener;
        this.remote = remote;
        this.local = local;
        this.secure = secure;
        this.acceptedMillis = System.currentTimeMillis();
    }

    public long id() {
        return id;
    }

    public String listener() {
        return listener;
    }

    public InetSocketAddress remote() {
        return remote;
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

    public int requests() {
        return requests;
    }

    public void requestStarted() {
        requests++;
    }
}
