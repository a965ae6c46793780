package io.portico.server.connection;

import io.portico.module.TlsInfo;
import io.portico.proxyprotocol.ProxyHeader;
import io.portico.proxyprotocol.ProxyProtocol;
import io.portico.route.SessionTls;
import io.portico.server.io.BufferPool;
import io.portico.server.io.Runners;
import io.portico.server.io.SocketIo;
import io.portico.server.metrics.ServerMetrics;
import io.portico.server.snapshot.Snapshot;
import io.portico.server.tls.ClientHellos;
import io.portico.server.tls.ServerTls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.channels.SocketChannel;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one accepted client socket on virtual threads, inside the connection's exception
 * barrier: whatever is thrown ends this connection only, is logged once with its context and
 * counted — the process keeps serving.
 */
public final class ConnectionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);

    private final String listener;
    private final boolean secure;
    private final boolean proxyProtocol;
    private final Supplier<Snapshot> snapshots;
    private final ServerProtocol.Opener protocols;
    private final ConnectionHooks hooks;
    private final BufferPool buffers;
    private final ServerMetrics metrics;
    private final Connections connections;

    public ConnectionHandler(String listener, boolean secure, boolean proxyProtocol, Supplier<Snapshot> snapshots,
                             ServerProtocol.Opener protocols, ConnectionHooks hooks, BufferPool buffers,
                             ServerMetrics metrics, Connections connections) {
        this.listener = listener;
        this.secure = secure;
        this.proxyProtocol = proxyProtocol;
        this.snapshots = snapshots;
        this.protocols = protocols;
        this.hooks = hooks;
        this.buffers = buffers;
        this.metrics = metrics;
        this.connections = connections;
    }

    /**
     * Serves a newly accepted socket on its first virtual thread. The connection may outlive
     * the thread: while it idles between requests the I/O loop holds it with no thread, and a
     * new virtual thread carries on when the next request arrives. {@code closed} runs once,
     * when the connection ends.
     */
    public void serve(SocketChannel socket, long id, Runnable closed) {
        metrics.connectionsOpen.incrementAndGet();
        Served c;
        try {
            SocketIo io = new SocketIo(socket, buffers.take(), buffers.take());
            io.noDelayFromSecondWrite();
            InetSocketAddress remote = io.remote();
            InetSocketAddress local = io.local();
            if (proxyProtocol) {
                // Before HandleAccept: the blocklist and every later rule see the client the balancer reported.
                try {
                    io.readDeadline(System.nanoTime() + snapshots.get().settings().headerTimeoutNanos());
                    if (ProxyProtocol.read(io.reader()) instanceof ProxyHeader.Proxied p) {
                        remote = p.source();
                        local = p.destination();
                    }
                } catch (IOException e) {
                    metrics.error(ServerMetrics.ErrorKind.BAD_PROXY_HEADER);
                    io.close();
                    throw e;
                }
            }
            ConnectionInfo info = new ConnectionInfo(id, listener, remote, local, secure);
            c = new Served(io, info, closed);
        } catch (IOException | RuntimeException | Error e) {
            LOG.debug("conn-{} on {}: {}", id, listener, e.toString());
            try {
                socket.close();
            } catch (IOException ignored) {
                // refusing anyway
            }
            metrics.connectionsOpen.decrementAndGet();
            closed.run();
            return;
        }
        connections.add(c.info, c.io);
        boolean serving = false;
        try {
            serving = hooks.accepted(c.info) && (!secure || handshake(c, snapshots.get())) && hooks.handshaken(c.info);
            if (serving) {
                c.protocol = protocols.open(c.io.applicationProtocol(), c.io, c.info,
                        () -> Runners.shared().run(c.info.threadName(), () -> run(c)));
            }
        } catch (Throwable t) {
            serving = false;
            barrier(c, t);
        }
        if (serving) {
            run(c);
        } else {
            end(c);
        }
    }

    /**
     * The TLS handshake, with the certificates of the config in service, within tls_handshake;
     * false (counted, logged at debug: scanners and impatient clients are common) when it failed.
     */
    private boolean handshake(Served c, Snapshot snapshot) {
        ServerTls tls = snapshot.tls(listener);
        try {
            long startMillis = System.currentTimeMillis();
            long deadline = System.nanoTime() + snapshot.settings().tlsHandshakeNanos();
            c.io.readDeadline(deadline);
            String serverName = ClientHellos.serverName(c.io.reader(), buffers.bufferSize());
            SSLSession session = ServerTls.withServerName(serverName, () -> c.io.startTls(tls.newEngine(), deadline));
            tls(c.info, session, c.io.applicationProtocol());
            metrics.handshake(ServerMetrics.Handshake.OK);
            metrics.session(ServerTls.resumed(session, startMillis), session.getProtocol());
            return true;
        } catch (SocketTimeoutException e) {
            metrics.handshake(ServerMetrics.Handshake.TIMEOUT);
            LOG.debug("conn-{} from {}: no TLS handshake within tls_handshake", c.info.id(), c.info.remote());
        } catch (SSLException e) {
            metrics.handshake(ServerMetrics.Handshake.FAILED);
            LOG.debug("conn-{} from {}: TLS handshake failed: {}", c.info.id(), c.info.remote(), e.getMessage());
        } catch (IOException e) {
            metrics.handshake(ServerMetrics.Handshake.CLOSED);
            LOG.debug("conn-{} from {}: closed during the TLS handshake: {}", c.info.id(), c.info.remote(), e.toString());
        }
        return false;
    }

    /** Records what the handshake settled, for modules ({@link TlsInfo}) and for route conditions ({@link SessionTls}). */
    private static void tls(ConnectionInfo info, SSLSession session, String alpn) {
        String sni = null;
        if (session instanceof ExtendedSSLSession e) {
            for (SNIServerName n : e.getRequestedServerNames()) {
                if (n instanceof SNIHostName host) {
                    sni = host.getAsciiName().toLowerCase(Locale.ROOT);
                }
            }
        }
        String subject = null;
        String ca = null;
        try {
            Certificate[] peer = session.getPeerCertificates();
            if (peer.length > 0 && peer[0] instanceof X509Certificate leaf && peer[peer.length - 1] instanceof X509Certificate top) {
                subject = leaf.getSubjectX500Principal().getName();
                ca = commonName(top.getIssuerX500Principal().getName());
            }
        } catch (SSLPeerUnverifiedException none) {
            // no client certificate
        }
        String protocol = alpn == null ? "" : alpn;
        info.tls(new TlsInfo(session.getProtocol(), session.getCipherSuite(), Optional.ofNullable(sni),
                protocol.isEmpty() ? Optional.empty() : Optional.of(protocol), Optional.ofNullable(subject)),
                new SessionTls(sni == null ? "" : sni, ca, protocol));
    }

    /** The CN of an RFC 2253 name, or the whole name when it has none. */
    static String commonName(String dn) {
        try {
            for (Rdn rdn : new LdapName(dn).getRdns().reversed()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            // not a DN we can read: the whole text names it
        }
        return dn;
    }

    /** One stretch of the connection's life on one virtual thread, inside the exception barrier. */
    private void run(Served c) {
        boolean suspended = false;
        try {
            suspended = c.protocol.serve();
        } catch (Throwable t) {
            barrier(c, t);
        } finally {
            if (!suspended) {
                end(c);
            }
        }
    }

    private void barrier(Served c, Throwable failure) {
        switch (failure) {
            // The client went away or stopped reading: normal life of a connection.
            case IOException e -> LOG.debug("{}: {}", describe(c), e.toString());
            default -> {
                metrics.error(ServerMetrics.ErrorKind.CONNECTION_BARRIER);
                LOG.warn("{}: connection failed: {}", describe(c), failure.toString());
                LOG.debug("stack of the failure above", failure);
            }
        }
    }

    private void end(Served c) {
        try {
            connections.remove(c.info);
            hooks.finished(c.info);
        } catch (Throwable t) {
            barrier(c, t);
        } finally {
            c.io.close();
            c.io.giveBuffers(buffers);
            metrics.connectionsOpen.decrementAndGet();
            c.closed.run();
        }
    }

    /** One client connection for as long as it is open, whichever thread serves it now. */
    private static final class Served {
        final SocketIo io;
        final ConnectionInfo info;
        final Runnable closed;
        ServerProtocol protocol;

        Served(SocketIo io, ConnectionInfo info, Runnable closed) {
            this.io = io;
            this.info = info;
            this.closed = closed;
        }
    }

    private String describe(Served c) {
        return "conn-" + c.info.id() + " from " + c.info.remote() + " on " + listener + " (in " + c.io.bytesIn()
                + " B, out " + c.io.bytesOut() + " B, " + c.info.requests() + " requests)";
    }
}
