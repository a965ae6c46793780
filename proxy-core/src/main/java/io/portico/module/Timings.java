package io.portico.module;

/**
 * When the steps of one request happened. {@code startEpochMillis} is wall-clock time for logs;
 * the other marks are nanoseconds elapsed since the request started (monotonic clock), or
 * {@link #NOT_REACHED} when the request has not got there (yet).
 *
 * @param startEpochMillis       when the first byte of the request head was read, epoch millis
 * @param headReadNanos          the request head was complete
 * @param upstreamConnectedNanos a backend connection was ready for the last try (pooled or new)
 * @param responseHeadNanos      the backend's response head was read
 * @param endNanos               the response was completely sent
 */
public record Timings(long startEpochMillis, long headReadNanos, long upstreamConnectedNanos,
                      long responseHeadNanos, long endNanos) {

    public static final long NOT_REACHED = -1;
}
