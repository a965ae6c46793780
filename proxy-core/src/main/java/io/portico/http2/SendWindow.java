package io.portico.http2;

/**
 * How many bytes of DATA we may still send (RFC 9113 §6.9): the connection's window (stream 0)
 * or one stream's. Pure arithmetic, not thread-safe: {@link SendFlow} guards a connection's
 * windows with one lock and lets stream threads wait on them.
 *
 * <p>The window may go negative when the peer shrinks SETTINGS_INITIAL_WINDOW_SIZE (§6.9.2);
 * nothing may be sent until WINDOW_UPDATE frames bring it above 0 again. It never exceeds 2^31-1.
 */
public final class SendWindow {
    private final int streamId;
    private long window;
    boolean closed;

    /**
     * @param initial the peer's SETTINGS_INITIAL_WINDOW_SIZE for a stream; 65,535 for the
     *                connection
     */
    public SendWindow(int streamId, int initial) {
        if (streamId < 0 || initial < 0) {
            throw new IllegalArgumentException("stream " + streamId + ", window " + initial);
        }
        this.streamId = streamId;
        this.window = initial;
    }

    /** 0 for the connection's window. */
    public int streamId() {
        return streamId;
    }

    /** Bytes that may be sent now; 0 or less means none. */
    public int available() {
        return (int) window;
    }

    /**
     * Adds a WINDOW_UPDATE's increment (which the reader has checked to be 1 to 2^31-1).
     *
     * @throws Http2Exception FLOW_CONTROL_ERROR when the window would exceed 2^31-1 (§6.9.1): a
     *         connection error on the connection's window, a stream error on a stream's
     */
    public void expand(int increment) {
        if (increment <= 0) {
            throw new IllegalArgumentException("window increment " + increment);
        }
        long w = window + increment;
        if (w > Settings.MAX_WINDOW_SIZE) {
            String message = "WINDOW_UPDATE of " + increment + " takes the window of stream " + streamId + " from "
                    + window + " past 2^31-1";
            throw streamId == 0
                    ? Http2Exception.connection(ErrorCode.FLOW_CONTROL_ERROR, message)
                    : Http2Exception.stream(ErrorCode.FLOW_CONTROL_ERROR, streamId, message);
        }
        window = w;
    }

    /**
     * Adds the change of the peer's SETTINGS_INITIAL_WINDOW_SIZE ({@link Settings#apply}'s result)
     * to a stream's window; the result may be negative.
     *
     * @throws ConnectionException FLOW_CONTROL_ERROR when the window would exceed 2^31-1 (§6.9.2)
     */
    public void adjust(int delta) {
        long w = window + delta;
        if (w > Settings.MAX_WINDOW_SIZE) {
            throw Http2Exception.connection(ErrorCode.FLOW_CONTROL_ERROR, streamId, "SETTINGS_INITIAL_WINDOW_SIZE change of "
                    + delta + " takes the window of stream " + streamId + " from " + window + " past 2^31-1");
        }
        window = w;
    }

    /** Takes up to {@code max} bytes of the window and returns how many: 0 when it is not above 0. */
    public int take(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("negative take " + max);
        }
        int n = (int) Math.max(0, Math.min(max, window));
        window -= n;
        return n;
    }

    @Override
    public String toString() {
        return "SendWindow[stream " + streamId + ", " + window + (closed ? ", closed" : "") + "]";
    }
}
