package io.portico.server;

import io.portico.config.ConfigLoader;
import io.portico.config.Durations;
import io.portico.config.ListenerConfig;
import io.portico.config.ProxyConfig;
import io.portico.module.SimpleMetricsRegistry;
import io.portico.server.admin.AdminServer;
import io.portico.server.admin.ServerView;
import io.portico.server.connection.ConnectionHandler;
import io.portico.server.connection.Connections;
import io.portico.server.connection.ServerProtocol;
import io.portico.server.http1.Http1ServerConnection;
import io.portico.server.http2.Http2ServerConnection;
import io.portico.server.io.BufferPool;
import io.portico.server.listen.ConnectionLimit;
import io.portico.server.listen.Listener;
import io.portico.server.metrics.ServerMetrics;
import io.portico.server.proxy.ConnectionCallbacks;
import io.portico.server.proxy.ProxyPipeline;
import io.portico.server.snapshot.LoadedModules;
import io.portico.server.snapshot.ModuleJars;
import io.portico.server.snapshot.Snapshot;
import io.portico.server.tls.OcspStapling;
import io.portico.server.upstream.Upstreams;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A running proxy: listeners, the current config snapshot, modules, backend pools. Its lifecycle. */
public final class PorticoServer implements ServerView, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PorticoServer.class);
    /** Size of the pooled I/O buffers: client read and write buffers, backend write buffers, copy buffers (backend read buffers: Upstreams). */
    static final int BUFFER_SIZE = 16 * 1024;

    private final ServerMetrics metrics = new ServerMetrics();
    private final SimpleMetricsRegistry moduleMetrics = new SimpleMetricsRegistry();
    private final ModuleJars moduleJars;
    private final BufferPool buffers = new BufferPool(BUFFER_SIZE, 4096);
    private final Upstreams upstreams = new Upstreams(buffers, metrics);
    private final Connections connections = new Connections();
    private final AtomicReference<Snapshot> snapshot = new AtomicReference<>();
    private final AtomicLong versions = new AtomicLong();
    private final List<Listener> listeners = new ArrayList<>();
    private final CountDownLatch terminated = new CountDownLatch(1);
    private final ConnectionLimit limit;
    private final ReentrantLock reloadLock = new ReentrantLock();
    private final OcspStapling stapling = new OcspStapling();
    private final long startedMillis = System.currentTimeMillis();
    private AdminServer admin;
    private Thread watchdog;
    private Thread heapReturn;
    private ConfigWatcher configWatcher;
    private WarmUp warmUp;
    private Thread warmUpThread;
    private volatile boolean stopping;
    /** A warm-up's own proxy ({@link WarmUp}): it logs nothing and leaves the process's logging as it is. */
    private final boolean quiet;

    private PorticoServer(ProxyConfig config, ModuleJars moduleJars, boolean quiet) {
        this.moduleJars = moduleJars;
        this.quiet = quiet;
        if (!quiet) {
            ServerLog.apply(config.log());
        }
        LoadedModules modules = LoadedModules.load(config.modules(), moduleJars.catalog(config.modules()), moduleMetrics);
        snapshot.set(Snapshot.build(config, upstreams, modules, versions.incrementAndGet()));
        stapling.serve(snapshot.get().certificates());
        modules.start();
        int configured = config.server().limits().maxConnections();
        long descriptors = ConnectionLimit.descriptorLimit();
        limit = new ConnectionLimit(ConnectionLimit.effectiveMax(configured, descriptors));
        if (!quiet) {
            LOG.info("{}", ConnectionLimit.describe(configured, descriptors));
        }
    }

    /** Builds the snapshot and starts every listener; on failure nothing is left running. */
    public static PorticoServer start(ProxyConfig config) throws IOException {
        return start(config, () -> { });
    }

    /**
     * Starts serving {@code config}; {@code beforeListening} runs once all is built, just before
     * the listeners open.
     */
    public static PorticoServer start(ProxyConfig config, Runnable beforeListening) throws IOException {
        return start(config, beforeListening, false);
    }

    /**
     * A proxy that logs nothing, applies no logging config, and has no config watcher, heap
     * return or warm-up: the loopback proxy a {@link WarmUp} trains through. Stop it with {@link #close}.
     */
    static PorticoServer startQuiet(ProxyConfig config) throws IOException {
        return start(config, () -> { }, true);
    }

    private static PorticoServer start(ProxyConfig config, Runnable beforeListening, boolean quiet) throws IOException {
        PorticoServer s = new PorticoServer(config, new ModuleJars(PorticoServer.class.getClassLoader()), quiet);
        try {
            ProxyPipeline pipeline = new ProxyPipeline(s.metrics, s.buffers);
            // The protocol by ALPN on TLS; on cleartext HTTP/1.1, unless the first bytes are the h2c preface.
            ServerProtocol.Opener protocols = (alpn, io, info, resume) -> {
                Supplier<ServerProtocol> h2 = () -> new Http2ServerConnection(io, info, s.snapshot::get, pipeline,
                        s.metrics, s.connections::draining, s.buffers, resume);
                if (alpn.equals("h2")) {
                    return h2.get();
                }
                return new Http1ServerConnection(io, info, s.snapshot::get, pipeline, s.metrics,
                        s.connections::draining, s.buffers, resume, info.secure() ? null : h2);
            };
            ConnectionCallbacks hooks = new ConnectionCallbacks(s.snapshot::get, s.metrics);
            beforeListening.run();
            for (ListenerConfig lc : config.listeners()) {
                ConnectionHandler handler = new ConnectionHandler(lc.name(), lc.https(), lc.proxyProtocol(), s.snapshot::get,
                        protocols, hooks, s.buffers, s.metrics, s.connections);
                Listener l = new Listener(lc, s.limit, s.metrics, handler::serve);
                l.start();
                s.listeners.add(l);
            }
            if (config.admin().enabled()) {
                s.admin = AdminServer.start(config.admin(), s);
            }
            s.watchdog = Thread.ofVirtual().name("write-watchdog").start(s::watchWrites);
            if (quiet) {
                return s;
            }
            HeapReturn memory = new HeapReturn(s.limit::open, HeapReturn::collectNow);
            s.heapReturn = Thread.ofVirtual().name("heap-return").start(memory::run);
            s.configWatcher = new ConfigWatcher(() -> s.snapshot.get().config().files(), s::reload);
            LOG.info("started: portico {}, listeners {}, admin {}, config version {} from {}", Main.version(),
                    s.describeListeners(), s.admin == null ? "off" : show(s.admin.address()),
                    s.snapshot.get().version(), config.files().get(0));
            Duration warm = config.server().warmUp();
            if (!warm.isZero()) {
                boolean tls = config.listeners().stream().anyMatch(ListenerConfig::https);
                s.warmUp = new WarmUp(warm, tls, s.metrics.connectionsAccepted::sum, s.metrics.requests::sum,
                        () -> s.stopping);
                s.warmUpThread = Thread.ofVirtual().name("warm-up").start(s.warmUp::run);
            }
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /** The warm-up ([server] warm_up), when the config asks for one. */
    WarmUp warmUp() {
        return warmUp;
    }

    @Override
    public String version() {
        return Main.version();
    }

    @Override
    public Snapshot snapshot() {
        return snapshot.get();
    }

    @Override
    public ServerMetrics metrics() {
        return metrics;
    }

    @Override
    public SimpleMetricsRegistry moduleMetrics() {
        return moduleMetrics;
    }

    /** The OCSP responses stapled for the certificates in service. */
    @Override
    public OcspStapling stapling() {
        return stapling;
    }

    @Override
    public Upstreams upstreams() {
        return upstreams;
    }

    @Override
    public List<InetSocketAddress> listenerAddresses() {
        return listeners.stream().map(Listener::address).toList();
    }

    /** The admin port's address, when the config enables it. */
    public java.util.Optional<InetSocketAddress> adminAddress() {
        return admin == null ? java.util.Optional.empty() : java.util.Optional.of(admin.address());
    }

    @Override
    public long startedMillis() {
        return startedMillis;
    }

    @Override
    public boolean stopping() {
        return stopping;
    }

    @Override
    public boolean warmingUp() {
        WarmUp w = warmUp;
        return w != null && w.pending();
    }

    /**
     * Re-reads the config files and swaps in the new snapshot; a bad config is refused (the
     * exception carries every error) and the old one keeps serving. Requests in flight finish
     * on the snapshot they started with. Listener changes need a restart.
     *
     * @return the new config version
     */
    @Override
    public long reload() {
        reloadLock.lock();
        try {
            return swap();
        } catch (RuntimeException e) {
            metrics.reloadsFailed.increment();
            throw e;
        } finally {
            reloadLock.unlock();
        }
    }

    private long swap() {
        Snapshot current = snapshot.get();
        ProxyConfig config = ConfigLoader.load(current.config().files().get(0));
        LoadedModules modules = LoadedModules.load(config.modules(), moduleJars.catalog(config.modules()), moduleMetrics);
        Snapshot next = Snapshot.build(config, upstreams, modules, versions.incrementAndGet(), current);
        snapshot.set(next);
        stapling.serve(next.certificates());
        ServerLog.apply(config.log());
        modules.start();
        metrics.reloads.increment();
        retire(current);
        String changes = ListenerChanges.between(listeners, config.listeners());
        if (!changes.isEmpty()) {
            LOG.warn("reload: listener changes take effect after a restart: {}", changes);
        }
        LOG.info("reload ok: config version {} in service (was {})", next.version(), current.version());
        return next.version();
    }

    /** Enforces client_write: a client that stops reading loses its connection, not a thread forever. */
    private void watchWrites() {
        while (!stopping) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
            long timeout = snapshot.get().config().server().timeouts().clientWrite().toNanos();
            int closed = connections.closeStuckWriters(timeout);
            if (closed > 0) {
                for (int i = 0; i < closed; i++) {
                    metrics.error(ServerMetrics.ErrorKind.CLIENT_WRITE_TIMEOUT);
                }
                LOG.info("closed {} connections whose clients stopped reading for client_write", closed);
            }
        }
    }

    /** Closes a replaced snapshot's modules once requests that captured it had time to finish. */
    private void retire(Snapshot old) {
        Duration grace = old.config().server().gracefulShutdownTimeout();
        Thread.ofVirtual().name("retire-config-" + old.version()).start(() -> {
            try {
                Thread.sleep(grace.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            old.loadedModules().close();
        });
    }

    /**
     * Stops accepting, closes idle keep-alive connections, lets busy ones finish their request
     * for up to graceful_shutdown_timeout, then stops. Logs one line when the drain starts and one
     * when it ends.
     *
     * @return whether every connection finished by itself (none had to be closed at the deadline)
     */
    public boolean shutdown() {
        if (stopping) {
            return true;
        }
        stopping = true;
        listeners.forEach(Listener::close);
        connections.drain();
        Duration grace = snapshot.get().config().server().gracefulShutdownTimeout();
        long started = System.nanoTime();
        long deadline = started + grace.toNanos();
        LOG.info("drain started: listeners closed, {} connections open, waiting up to {}", limit.open(),
                Durations.format(grace));
        while (limit.open() > 0 && System.nanoTime() < deadline) {
            connections.closeIdle();
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        int busy = limit.open();
        if (busy > 0) {
            connections.closeAll();
        }
        LOG.info("drain finished in {}: {} connections still busy were closed",
                Durations.format(Duration.ofNanos(System.nanoTime() - started)), busy);
        stopResources();
        return busy == 0;
    }

    private static String show(InetSocketAddress a) {
        String host = a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private String describeListeners() {
        List<String> out = new ArrayList<>();
        for (Listener l : listeners) {
            out.add(l.name() + "=" + show(l.address()));
        }
        return String.join(" ", out);
    }

    public void awaitTermination() throws InterruptedException {
        terminated.await();
    }

    /** Stops at once, without waiting for open connections. */
    @Override
    public void close() {
        stopping = true;
        listeners.forEach(Listener::close);
        connections.closeAll();
        stopResources();
    }

    private void stopResources() {
        if (warmUpThread != null) {
            warmUpThread.interrupt();
        }
        if (configWatcher != null) {
            configWatcher.close();
        }
        if (watchdog != null) {
            watchdog.interrupt();
        }
        if (heapReturn != null) {
            heapReturn.interrupt();
        }
        if (admin != null) {
            admin.close();
        }
        upstreams.close();
        stapling.close();
        Snapshot s = snapshot.get();
        if (s != null) {
            s.loadedModules().close();
        }
        if (!quiet) {
            LOG.info("stopped");
        }
        terminated.countDown();
    }
}
