package io.portico.server.upstream;

import java.util.concurrent.atomic.LongAdder;

/**
 * Requests answered for one cluster: counts by status class, a latency histogram and failed
 * tries by kind, kept across reloads while the cluster exists. Shared; lock-free.
 */
public final class ClusterStats {
    /** Histogram bucket upper bounds in seconds (Prometheus {@code le}); the last is +Inf. */
    public static final double[] BOUNDS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
    private static final long[] BOUNDS_NANOS = new long[BOUNDS.length];

    static {
        for (int i = 0; i < BOUNDS.length; i++) {
            BOUNDS_NANOS[i] = (long) (BOUNDS[i] * 1e9);
        }
    }

    private final LongAdder[] byClass = adders(6);
    private final LongAdder[] buckets = adders(BOUNDS.length + 1);
    private final LongAdder sumMicros = new LongAdder();
    private final LongAdder tlsFull = new LongAdder();
    private final LongAdder tlsResumed = new LongAdder();
    private final LongAdder[] failures = adders(BackendFailure.values().length);

    /** A failed try against one of the cluster's instances (retried or not). */
    public void failure(BackendFailure kind) {
        failures[kind.ordinal()].increment();
    }

    public long failures(BackendFailure kind) {
        return failures[kind.ordinal()].sum();
    }

    /** A TLS handshake with an instance of the cluster: a resumed session or a full handshake. */
    public void handshake(boolean resumed) {
        (resumed ? tlsResumed : tlsFull).increment();
    }

    public long tlsHandshakes(boolean resumed) {
        return (resumed ? tlsResumed : tlsFull).sum();
    }

    public void record(int status, long nanos) {
        int cls = status / 100;
        byClass[cls >= 1 && cls <= 5 ? cls : 0].increment();
        int b = 0;
        while (b < BOUNDS_NANOS.length && nanos > BOUNDS_NANOS[b]) {
            b++;
        }
        buckets[b].increment();
        sumMicros.add(nanos / 1000);
    }

    public long responses(int statusClass) {
        return byClass[statusClass].sum();
    }

    /** Count in bucket {@code i} alone (not cumulative); {@code i == BOUNDS.length} is +Inf. */
    public long bucket(int i) {
        return buckets[i].sum();
    }

    public double sumSeconds() {
        return sumMicros.sum() / 1e6;
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }
}
