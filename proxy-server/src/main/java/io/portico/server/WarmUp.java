package io.portico.server;

import io.portico.server.io.SparePool;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code [server] warm_up}: while no client has come yet, the {@link Training} workload runs
 * through a loopback proxy of its own (a plain listener, a TLS one when the config serves TLS,
 * a local backend), so that the JIT compiles the serving paths before the first clients instead
 * of on the same cores as their first seconds of traffic.
 *
 * <p>It starts once the proxy has had no new connection and no request for {@link #QUIET_NANOS}
 * (the checks a deployment makes right after a start come and go first), and runs for at most
 * the configured time. A client ends it: its connection or request stops every phase after the
 * request the phase is in, so a warm-up never competes with traffic for long, and it is not
 * started again. It does not start when clients keep coming for {@link #MAX_WAIT_NANOS}, nor in a
 * proxy that served {@link #WARM_REQUESTS} requests (its own traffic warmed it). The admin port's
 * {@code /readyz} answers 503 until it ended, so an orchestrator sends clients to a warm proxy.
 * One log line says what came of it.
 */
final class WarmUp {
    private static final Logger LOG = LoggerFactory.getLogger(WarmUp.class);
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long it waits for a quiet second at most. */
    static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long POLL_MILLIS = 100;
    private static final long MAX_SETTLE_NANOS = TimeUnit.SECONDS.toNanos(15);
    /** The last pass over the HTTP/1.1 phases, at most. */
    private static final long LAST_PASS_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final long SETTLE_LOOK_MILLIS = 250;
    /** Requests after which the JIT has compiled the serving paths as well as a warm-up would. */
    static final long WARM_REQUESTS = 20_000;

    private final Duration length;
    private final boolean tls;
    private final LongSupplier connections;
    private final LongSupplier requests;
    private final BooleanSupplier stopping;
    private final Path keytool;
    private final long maxWaitNanos;
    /** Set when the workload begins, and when it ended (for tests and a thread dump's reader). */
    private volatile boolean began;
    private volatile Outcome outcome;

    /**
     * @param connections connections the proxy accepted so far
     * @param requests    requests it received so far
     * @param stopping    true once the proxy stops
     */
    WarmUp(Duration length, boolean tls, LongSupplier connections, LongSupplier requests, BooleanSupplier stopping) {
        this(length, tls, connections, requests, stopping, Path.of(System.getProperty("java.home"), "bin", "keytool"),
                MAX_WAIT_NANOS);
    }

    WarmUp(Duration length, boolean tls, LongSupplier connections, LongSupplier requests, BooleanSupplier stopping,
           Path keytool, long maxWaitNanos) {
        this.length = length;
        this.tls = tls;
        this.connections = connections;
        this.requests = requests;
        this.stopping = stopping;
        this.keytool = keytool;
        this.maxWaitNanos = maxWaitNanos;
    }

    /** What came of a warm-up, for its log line. */
    enum Outcome { DONE, CLIENT_CAME, NO_QUIET, WARM_BY_TRAFFIC, STOPPED, FAILED }

    /** Waits for quiet, then warms up; returns what came of it (logged). */
    Outcome run() {
        Outcome o = warmUp();
        outcome = o;
        return o;
    }

    boolean began() {
        return began;
    }

    /** What came of it; null until it ended. */
    Outcome outcome() {
        return outcome;
    }

    /** Until it ended: waiting for quiet, or running. */
    boolean pending() {
        return outcome == null;
    }

    private Outcome warmUp() {
        try {
            return waitThenWarmUp();
        } catch (InterruptedException e) {
            return Outcome.STOPPED; // the proxy stopped (stopResources interrupts this thread)
        }
    }

    private Outcome waitThenWarmUp() throws InterruptedException {
        long at = awaitQuiet();
        if (at == STOPPING) {
            return Outcome.STOPPED;
        }
        if (at == WARM) {
            LOG.info("warm-up: none needed, {} requests served already", WARM_REQUESTS);
            return Outcome.WARM_BY_TRAFFIC;
        }
        if (at == BUSY) {
            LOG.info("warm-up: none, clients came all through the {} s after the start",
                    String.format(Locale.ROOT, "%.1f", maxWaitNanos / 1e9));
            return Outcome.NO_QUIET;
        }
        BooleanSupplier stop = () -> stopping.getAsBoolean() || activity() != at;
        long start = System.nanoTime();
        began = true;
        List<Training.Phase> phases;
        try {
            // While the JIT's C2 queue is long, the JVM compiles newly hot methods at a tier
            // without profiling, and they go on to C2 only once the queue is short again while
            // they still run. The whole workload floods the queue (the client's, the backend's and
            // the TLS library's methods turn hot with the proxy's), so the proxy's own HTTP/1.1
            // paths, which every protocol runs, get a last pass of their own once it drained.
            long last = Math.min(LAST_PASS_NANOS, length.toNanos() / 3);
            phases = new ArrayList<>(Training.workload(length.toNanos() - last, keytool, tls, stop, true));
            awaitJit(stop);
            if (!stop.getAsBoolean()) {
                phases.addAll(Training.workload(last, keytool, false, stop, true).subList(0, 2));
            }
        } catch (InterruptedException e) {
            throw e;
        } catch (Exception e) {
            LOG.warn("warm-up failed: {}", e.toString());
            return Outcome.FAILED;
        }
        long settleStart = System.nanoTime();
        awaitJit(stop);
        double settled = (System.nanoTime() - settleStart) / 1e9;
        if (stopping.getAsBoolean()) {
            return Outcome.STOPPED;
        }
        String counts = counts(phases, (settleStart - start) / 1e9);
        if (activity() != at) {
            LOG.info("warm-up: stopped after {}: a client came", counts);
            return Outcome.CLIENT_CAME;
        }
        // The warm-up's garbage and its buffers are nobody's now: handed back before clients come.
        long spares = SparePool.dropAllSpares();
        System.gc();
        LOG.info("warm-up: {} through a loopback proxy of its own ({}), then {} s for the JIT to finish, before any"
                        + " client came; {} MiB of spare buffers dropped",
                counts, ran(phases), String.format(Locale.ROOT, "%.1f", settled), spares >> 20);
        return Outcome.DONE;
    }

    /** "12,345 requests (2 failed) in 9.8 s". */
    private static String counts(List<Training.Phase> phases, double seconds) {
        long done = phases.stream().mapToLong(Training.Phase::requests).sum();
        long failed = phases.stream().mapToLong(Training.Phase::failures).sum();
        return String.format(Locale.ROOT, "%,d requests%s in %.1f s", done,
                failed == 0 ? "" : String.format(Locale.ROOT, " (%,d failed)", failed), seconds);
    }

    /** The names of the phases that ran, each once. */
    private static String ran(List<Training.Phase> phases) {
        return phases.stream().filter(p -> p.skipped() == null).map(Training.Phase::name).distinct()
                .reduce((a, b) -> a + ", " + b).orElse("nothing ran");
    }

    /**
     * Waits, at most {@link #MAX_SETTLE_NANOS}, until the JIT has compiled what the traffic queued:
     * the warm-up's traffic outruns the compiler on a core or two, and what is still queued would
     * be compiled on the clients' time. Settled: two looks in a row, {@link #SETTLE_LOOK_MILLIS}
     * apart, each finding under a tenth of the time spent compiling.
     */
    private static void awaitJit(BooleanSupplier stop) throws InterruptedException {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        if (jit == null || !jit.isCompilationTimeMonitoringSupported()) {
            return;
        }
        long deadline = System.nanoTime() + MAX_SETTLE_NANOS;
        long last = jit.getTotalCompilationTime();
        int quietLooks = 0;
        while (quietLooks < 2 && System.nanoTime() - deadline < 0 && !stop.getAsBoolean()) {
            Thread.sleep(SETTLE_LOOK_MILLIS);
            long now = jit.getTotalCompilationTime();
            quietLooks = now - last < SETTLE_LOOK_MILLIS / 10 ? quietLooks + 1 : 0;
            last = now;
        }
    }

    /** Connections and requests so far: any change is a client. */
    private long activity() {
        return connections.getAsLong() + requests.getAsLong();
    }

    private static final long STOPPING = -1;
    private static final long WARM = -2;
    private static final long BUSY = -3;

    /**
     * Waits until nothing happened for {@link #QUIET_NANOS}; returns the activity count then,
     * or {@link #STOPPING}, {@link #WARM} (its own traffic warmed it) or {@link #BUSY} (no quiet
     * second within {@link #maxWaitNanos}).
     */
    private long awaitQuiet() throws InterruptedException {
        long seen = activity();
        long start = System.nanoTime();
        long quietSince = start;
        while (true) {
            Thread.sleep(POLL_MILLIS);
            if (stopping.getAsBoolean()) {
                return STOPPING;
            }
            if (requests.getAsLong() >= WARM_REQUESTS) {
                return WARM;
            }
            long now = System.nanoTime();
            long a = activity();
            if (a != seen) {
                seen = a;
                quietSince = now;
            } else if (now - quietSince >= QUIET_NANOS) {
                return seen;
            }
            if (now - start >= maxWaitNanos) {
                return BUSY;
            }
        }
    }
}
