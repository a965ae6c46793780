package io.portico.server.listen;

import io.portico.config.ListenerConfig;
import io.portico.server.io.ListeningChannel;
import io.portico.server.io.Runners;
import io.portico.server.metrics.ServerMetrics;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One listening socket with {@code acceptors} virtual threads taking its connections (they wait
 * through the I/O loop, see {@link ListeningChannel}); each accepted socket gets its own virtual
 * thread named {@code conn-<id>} (and, after idling, another one for each stretch of work, see
 * ConnectionHandler).
 */
public final class Listener implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Listener.class);
    private static final AtomicLong CONNECTION_IDS = new AtomicLong();

    private final ListenerConfig config;
    private final ConnectionLimit limit;
    private final ServerMetrics metrics;
    private final Handler serve;
    private final List<Thread> acceptors = new ArrayList<>();
    private final AcceptBackoff backoff;
    private ServerSocketChannel server;
    private ListeningChannel listening;
    private volatile boolean closing;

    /** Serves an accepted socket, on the connection's first virtual thread. */
    public interface Handler {
        /** Owns and closes {@code socket}; runs {@code closed} once when the connection has ended. */
        void serve(SocketChannel socket, long id, Runnable closed);
    }

    public Listener(ListenerConfig config, ConnectionLimit limit, ServerMetrics metrics, Handler serve) {
        this.config = config;
        this.limit = limit;
        this.metrics = metrics;
        this.serve = serve;
        this.backoff = new AcceptBackoff("listener " + config.name(), LOG, metrics.acceptFailures);
    }

    /** Binds and starts accepting; an address in use is named: "listener public: 0.0.0.0:8080: address already in use". */
    public void start() throws IOException {
        server = ServerSocketChannel.open();
        server.setOption(StandardSocketOptions.SO_REUSEADDR, true);
        try {
            server.bind(new InetSocketAddress(config.host(), config.port()), 4096);
        } catch (IOException e) {
            server.close();
            if (e instanceof BindException) {
                String host = config.host().indexOf(':') >= 0 ? "[" + config.host() + "]" : config.host();
                throw new BindException("listener " + config.name() + ": " + host + ":" + config.port() + ": "
                        + String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT));
            }
            throw e;
        }
        listening = new ListeningChannel(server);
        for (int i = 0; i < config.acceptors(); i++) {
            Thread t = Thread.ofVirtual().name("accept-" + config.name() + "-" + i).unstarted(this::acceptLoop);
            acceptors.add(t);
            t.start();
        }
        LOG.debug("listener {} on {} ({}, {} acceptors)", config.name(), address(), config.protocol(), config.acceptors());
    }

    public String name() {
        return config.name();
    }

    /** The config this listener was started with (a reload does not change it). */
    public ListenerConfig config() {
        return config;
    }

    /** The bound address (with the real port when the config asked for port 0). */
    public InetSocketAddress address() {
        try {
            return (InetSocketAddress) server.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException("listener " + config.name() + " is closed", e);
        }
    }

    private void acceptLoop() {
        while (!closing) {
            SocketChannel socket;
            try {
                socket = listening.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException e) {
                if (!closing) {
                    backoff.failed(e);
                }
                continue;
            }
            backoff.succeeded();
            metrics.connectionsAccepted.increment();
            if (!limit.tryAcquire()) {
                metrics.connectionsRefused.increment();
                closeQuietly(socket);
                continue;
            }
            long id = CONNECTION_IDS.incrementAndGet();
            try {
                Runners.shared().run("conn-" + id, () -> serve.serve(socket, id, limit::release));
            } catch (RuntimeException | OutOfMemoryError e) {
                limit.release();
                closeQuietly(socket);
                LOG.error("listener {}: cannot start a connection thread: {}", config.name(), e.toString());
            }
        }
    }

    private static void closeQuietly(SocketChannel s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // refusing anyway
        }
    }

    /** Stops accepting; open connections are left to the caller's drain. */
    @Override
    public void close() {
        closing = true;
        if (listening != null) {
            listening.close();
        }
        for (Thread t : acceptors) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
