package io.portico.server.http2;

import io.portico.http2.ErrorCode;
import io.portico.http2.Http2Exception;
import io.portico.server.metrics.ServerMetrics;
import io.portico.server.metrics.ServerMetrics.Http2Flood;

/**
 * How often a client may send the frames that cost the proxy work but carry no request (RFC 9113
 * §10.5): PING, SETTINGS, PRIORITY, empty frames, resets of streams it just opened, streams past
 * the concurrency limit. One {@link Budget} each; a client past one is counted and told to calm
 * down. Connection thread only.
 */
final class AbuseBudgets {
    private final ServerMetrics metrics;
    private final Budget[] budgets = new Budget[Http2Flood.values().length];

    AbuseBudgets(ServerMetrics metrics, int maxConcurrentStreams) {
        this.metrics = metrics;
        long now = System.nanoTime();
        int streamBurst = Math.max(200, 2 * maxConcurrentStreams);
        budgets[Http2Flood.PING.ordinal()] = new Budget(100, 10, now);
        budgets[Http2Flood.SETTINGS.ordinal()] = new Budget(100, 10, now);
        budgets[Http2Flood.PRIORITY.ordinal()] = new Budget(1000, 500, now);
        budgets[Http2Flood.EMPTY_FRAMES.ordinal()] = new Budget(100, 20, now);
        budgets[Http2Flood.RAPID_RESET.ordinal()] = new Budget(streamBurst, 100, now);
        budgets[Http2Flood.REFUSED_STREAM.ordinal()] = new Budget(streamBurst, 100, now);
    }

    /**
     * Counts one frame of {@code kind} against its budget.
     *
     * @throws io.portico.http2.ConnectionException ENHANCE_YOUR_CALM past it (counted)
     */
    void spend(Http2Flood kind) {
        if (!budgets[kind.ordinal()].spend(System.nanoTime())) {
            metrics.http2Flood(kind);
            throw Http2Exception.connection(ErrorCode.ENHANCE_YOUR_CALM, "too many frames: " + kind);
        }
    }
}
