package io.portico.server.io;

/**
 * A client's minimum data rate (client_body_min_rate, client_write_min_rate) kept as a budget of
 * waiting time. Only the time spent waiting for the client counts, so a slow backend holding the
 * proxy back never makes its client look slow. The budget starts at the grace period, waiting
 * spends it, and each byte the client moves earns it 1/rate s back, up to the grace period again:
 * a client whose budget runs out has averaged less than the rate over its last waits (a window
 * of about the grace period). Owned by one thread at a time.
 */
public final class MinRate {
    private final long bytesPerSecond;
    private final long graceNanos;
    private long budgetNanos;

    /** @param bytesPerSecond greater than 0 */
    public MinRate(long bytesPerSecond, long graceNanos) {
        this.bytesPerSecond = bytesPerSecond;
        this.graceNanos = graceNanos;
        this.budgetNanos = graceNanos;
    }

    /** The longest the next wait for the client may last; 0 or less when it is below the rate already. */
    public long allowanceNanos() {
        return budgetNanos;
    }

    /** The client kept the proxy waiting {@code waitedNanos}, then moved {@code bytes}. */
    public void account(long waitedNanos, long bytes) {
        long earned = bytes >= Long.MAX_VALUE / 1_000_000_000L ? graceNanos : bytes * 1_000_000_000L / bytesPerSecond;
        budgetNanos = Math.min(graceNanos, budgetNanos - waitedNanos + earned);
    }

    public long bytesPerSecond() {
        return bytesPerSecond;
    }
}
