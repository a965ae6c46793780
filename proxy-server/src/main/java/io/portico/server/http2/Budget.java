package io.portico.server.http2;

/**
 * A token bucket for frames a client may send often but not without end (PING, SETTINGS,
 * PRIORITY, resets, empty frames): {@code burst} at once, then {@code perSecond}. A client past
 * it is abusing the connection (RFC 9113 §10.5) and gets ENHANCE_YOUR_CALM. Connection thread only.
 */
final class Budget {
    private final double burst;
    private final double perNano;
    private double tokens;
    private long last;

    Budget(int burst, int perSecond, long nowNanos) {
        this.burst = burst;
        this.perNano = perSecond / 1e9;
        this.tokens = burst;
        this.last = nowNanos;
    }

    /** Takes one token; false when none is left. */
    boolean spend(long nowNanos) {
        tokens = Math.min(burst, tokens + (nowNanos - last) * perNano);
        last = nowNanos;
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }
}
