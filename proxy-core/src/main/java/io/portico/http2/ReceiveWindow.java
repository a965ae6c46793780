package io.portico.http2;

/**
 * How many bytes of DATA the peer may still send us (RFC 9113 §6.9), for the connection (stream
 * 0) or one stream, and when to give it more with WINDOW_UPDATE. Pure arithmetic, not
 * thread-safe: the connection thread calls {@link #receive} as DATA arrives, the thread that
 * consumes the bytes calls {@link #release}; the server guards both with one lock (for a stream,
 * the lock of its inbound DATA queue).
 *
 * <p><b>Update policy.</b> Bytes count against the window when they arrive and come back when
 * they are released: consumed by the application, or dropped by the server (the padding of a
 * DATA frame, DATA for a stream that was reset). Released bytes are returned in one
 * WINDOW_UPDATE once they reach half the window's size, so a peer that keeps sending never
 * stalls, and small reads do not cost a frame each.
 */
public final class ReceiveWindow {
    private final int streamId;
    private int size;
    private long available;
    private long released;

    /** @param size the window we keep: our SETTINGS_INITIAL_WINDOW_SIZE for a stream; 65,535 for the connection at first */
    public ReceiveWindow(int streamId, int size) {
        if (streamId < 0 || size < 0) {
            throw new IllegalArgumentException("stream " + streamId + ", window " + size);
        }
        this.streamId = streamId;
        this.size = size;
        this.available = size;
    }

    public int streamId() {
        return streamId;
    }

    /** The window's size: what {@link #available()} returns to when everything is released. */
    public int size() {
        return size;
    }

    /** Bytes the peer may still send before its window is exhausted (negative after a shrink). */
    public int available() {
        return (int) available;
    }

    /** Bytes released but not yet returned with WINDOW_UPDATE. */
    public int pending() {
        return (int) released;
    }

    /**
     * Counts a received DATA frame's {@link DataFrame#flowControlledLength()}.
     *
     * @throws Http2Exception FLOW_CONTROL_ERROR when the peer sent more than the window allows
     *         (§6.9.1): a connection error on the connection's window, a stream error on a stream's
     */
    public void receive(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative receive " + n);
        }
        if (n > available) {
            String message = n + " bytes of DATA on stream " + streamId + " with only " + available + " left in the "
                    + (streamId == 0 ? "connection's" : "stream's") + " window";
            throw streamId == 0
                    ? Http2Exception.connection(ErrorCode.FLOW_CONTROL_ERROR, message)
                    : Http2Exception.stream(ErrorCode.FLOW_CONTROL_ERROR, streamId, message);
        }
        available -= n;
    }

    /**
     * Gives back {@code n} received bytes that were consumed or dropped.
     *
     * @return the increment to send in a WINDOW_UPDATE now (the window counts it as sent), or 0
     *         when it is not yet worth a frame
     */
    public int release(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative release " + n);
        }
        released += n;
        if (released < Math.max(1, size / 2)) {
            return 0;
        }
        return flush();
    }

    /**
     * Returns every released byte now, whatever the policy says (0 when none are pending): for a
     * stream whose reader is about to block, so a peer with a tiny window is never left waiting.
     */
    public int flush() {
        long room = Settings.MAX_WINDOW_SIZE - available;
        int increment = (int) Math.min(released, Math.max(room, 0));
        released -= increment;
        available += increment;
        return increment;
    }

    /**
     * Makes the window larger, as a server does at the start for the connection's window (which
     * SETTINGS cannot change).
     *
     * @return the increment to send in a WINDOW_UPDATE now, 0 when {@code newSize} is not larger
     */
    public int grow(int newSize) {
        if (newSize <= size) {
            return 0;
        }
        int increment = newSize - size;
        size = newSize;
        available += increment;
        return increment;
    }

    /**
     * Applies a change of our SETTINGS_INITIAL_WINDOW_SIZE to a stream's window, once the peer
     * has acknowledged it; the window may go negative, no WINDOW_UPDATE is sent for it (§6.9.2).
     */
    public void adjust(int delta) {
        long s = (long) size + delta;
        if (s < 0 || s > Settings.MAX_WINDOW_SIZE) {
            throw new IllegalArgumentException("window size " + size + " + " + delta);
        }
        size = (int) s;
        available += delta;
    }

    @Override
    public String toString() {
        return "ReceiveWindow[stream " + streamId + ", size " + size + ", available " + available + ", released "
                + released + "]";
    }
}
