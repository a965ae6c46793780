package io.portico.server.upstream;

import io.portico.server.io.BufferPool;
import io.portico.server.metrics.ServerMetrics;
import io.portico.server.tls.BackendTls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The connections to one backend instance: idle ones kept most-recently-used first, with a
 * cap on idle and (optionally) on all connections. Shared; lock-free except the optional
 * semaphore a request waits on at the cap.
 */
public final class InstancePool {
    /**
     * Connects allowed in flight at once per instance. A burst past it waits for a connection
     * to come back idle or for a connect to finish, instead of opening a storm of new
     * connections to one backend (BFE's "upstream connection storm").
     */
    static final int MAX_CONNECTING = 16;

    private final InetSocketAddress address;
    private final Semaphore connecting = new Semaphore(MAX_CONNECTING);
    /** Read buffers (response heads and bodies) and write buffers (request heads and bodies). */
    private final BufferPool reads;
    private final BufferPool writes;
    private final ServerMetrics metrics;
    private final ConcurrentLinkedDeque<BackendConnection> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final AtomicInteger open = new AtomicInteger();
    private volatile PoolSettings settings;
    private volatile Semaphore permits;
    /** The instance left the config: connections coming back are closed, not pooled (nobody sweeps this pool any more). */
    private volatile boolean retired;

    /**
     * The pool keys of CONFIG.md, in the units the pool uses, and how new connections are made:
     * plaintext ({@code tls} null) or TLS, whose full and resumed handshakes {@code stats} counts.
     */
    public record PoolSettings(int maxIdle, int maxPerInstance, long idleTimeoutNanos, BackendTls tls, ClusterStats stats) {
        /** Plaintext connections. */
        public PoolSettings(int maxIdle, int maxPerInstance, long idleTimeoutNanos) {
            this(maxIdle, maxPerInstance, idleTimeoutNanos, null, null);
        }
    }

    /** The pool is at {@code max_per_instance} and no connection came free in time. */
    public static final class PoolExhaustedException extends IOException {
        private static final long serialVersionUID = 1L;

        PoolExhaustedException(String message) {
            super(message);
        }
    }

    InstancePool(InetSocketAddress address, PoolSettings settings, BufferPool reads, BufferPool writes,
                 ServerMetrics metrics) {
        this.address = address;
        this.reads = reads;
        this.writes = writes;
        this.metrics = metrics;
        apply(settings);
    }

    /** The instance's host as configured (a name or an IP literal): what TLS verifies and sends as SNI. */
    String host() {
        return address.getHostString();
    }

    PoolSettings settings() {
        return settings;
    }

    void apply(PoolSettings s) {
        PoolSettings old = settings;
        settings = s;
        if (old == null || old.maxPerInstance() != s.maxPerInstance()) {
            permits = s.maxPerInstance() > 0 ? new Semaphore(s.maxPerInstance()) : null;
        }
    }

    /**
     * A live connection: an idle one that passes the liveness probe, or a new one.
     *
     * @param waitMillis how long to wait for a connect and, at the cap, for a free slot
     * @param fresh      skip the idle connections and open a new one
     */
    public BackendConnection borrow(int waitMillis, boolean fresh) throws IOException {
        return borrow(waitMillis, fresh, false);
    }

    /**
     * As {@link #borrow(int, boolean)}; {@code strict} checks an idle connection with a read of
     * its socket too, for a request that must not meet a connection the backend just closed.
     */
    public BackendConnection borrow(int waitMillis, boolean fresh, boolean strict) throws IOException {
        long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        while (true) {
            BackendConnection c = fresh ? null : idleConnection(strict);
            if (c != null) {
                return c;
            }
            Semaphore p = permits;
            boolean permitted = p == null || p.tryAcquire();
            if (permitted) {
                if (connecting.tryAcquire()) {
                    try {
                        return open(deadline, p);
                    } finally {
                        connecting.release();
                    }
                }
                if (p != null) {
                    p.release();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new PoolExhaustedException(permitted
                        ? MAX_CONNECTING + " connects to " + address + " already in progress"
                        : "max_per_instance reached for " + address);
            }
            // Over a limit: wait for a connection to come back idle, a connect to finish or a slot.
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PoolExhaustedException("interrupted waiting for a connection to " + address);
            }
        }
    }

    /** A pooled connection that is neither expired nor closed (or written to) by the backend, or null. */
    private BackendConnection idleConnection(boolean strict) {
        long now = System.nanoTime();
        long timeout = settings.idleTimeoutNanos();
        BackendConnection c;
        while ((c = idle.pollFirst()) != null) {
            idleCount.decrementAndGet();
            long idleFor = now - c.idleSinceNanos();
            if (idleFor < timeout && c.probeAlive(strict)) {
                metrics.backendConnectsReused.increment();
                return c;
            }
            c.close();
        }
        return null;
    }

    /** Opens a new connection holding permit {@code p} (released on failure), with its TLS handshake done when the cluster is https. */
    private BackendConnection open(long deadline, Semaphore p) throws IOException {
        int waitMillis = (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
        PoolSettings s = settings;
        byte[] in = reads.take();
        byte[] out = writes.take();
        BackendConnection opened;
        try {
            opened = BackendConnection.open(this, address, waitMillis, in, out, p);
        } catch (IOException | RuntimeException e) {
            reads.give(in);
            writes.give(out);
            if (p != null) {
                p.release();
            }
            throw e;
        }
        open.incrementAndGet();
        metrics.backendConnectsOpened.increment();
        if (s.tls() != null) {
            try {
                opened.startTls(s.tls(), deadline, s.stats());
            } catch (IOException | RuntimeException e) {
                opened.close(); // gives back the buffers and the permit
                throw e;
            }
        }
        return opened;
    }

    void release(BackendConnection c, boolean reusable) {
        boolean pooling = reusable && !retired;
        if (pooling && idleCount.incrementAndGet() <= settings.maxIdle()) {
            c.markIdle(System.nanoTime());
            idle.offerFirst(c);
            if (retired && idle.removeFirstOccurrence(c)) { // retired meanwhile: its closeIdle may have missed c
                idleCount.decrementAndGet();
                c.close();
            }
        } else {
            if (pooling) {
                idleCount.decrementAndGet();
            }
            c.close();
        }
    }

    /** Called once by a connection as it closes. */
    void closed(BackendConnection c) {
        open.decrementAndGet();
        reads.give(c.readBuffer());
        writes.give(c.writeBuffer());
        if (c.permit() != null) {
            c.permit().release();
        }
    }

    /** Closes idle connections older than the idle timeout; returns how many. */
    int evictExpired(long nowNanos) {
        int n = 0;
        long timeout = settings.idleTimeoutNanos();
        for (BackendConnection c : idle) {
            if (nowNanos - c.idleSinceNanos() >= timeout && idle.removeFirstOccurrence(c)) {
                idleCount.decrementAndGet();
                c.close();
                n++;
            }
        }
        return n;
    }

    /** The instance left the config: closes the idle connections now and each busy one as it comes back. */
    void retire() {
        retired = true;
        closeIdle();
    }

    /** Closes every idle connection (shutdown, or the instance left the config). */
    void closeIdle() {
        BackendConnection c;
        while ((c = idle.pollFirst()) != null) {
            idleCount.decrementAndGet();
            c.close();
        }
    }

    /** For tests: the connect-slot semaphore. */
    Semaphore connectingPermits() {
        return connecting;
    }

    public int openConnections() {
        return open.get();
    }

    public int idleConnections() {
        return Math.max(0, idleCount.get());
    }
}
