package io.portico.http2;

/**
 * An HTTP/2 protocol violation by the peer (RFC 9113 §5.4): either a {@link ConnectionException}
 * (answer GOAWAY with {@link #code()}, then close) or a {@link StreamException} (answer
 * RST_STREAM with {@link #code()} on {@link #streamId()}; the connection lives on). The message
 * is for the log, never sent to the peer as is. Cheap to throw: it carries no stack trace.
 */
public abstract sealed class Http2Exception extends RuntimeException permits ConnectionException, StreamException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final int streamId;

    Http2Exception(ErrorCode code, int streamId, String message) {
        super(message, null, false, false);
        this.code = code;
        this.streamId = streamId;
    }

    /** A connection error: GOAWAY with {@code code}. */
    public static ConnectionException connection(ErrorCode code, String message) {
        return new ConnectionException(code, 0, message);
    }

    /** A connection error found on a frame of stream {@code streamId} (kept for the log). */
    public static ConnectionException connection(ErrorCode code, int streamId, String message) {
        return new ConnectionException(code, streamId, message);
    }

    /** A stream error: RST_STREAM on {@code streamId} (never 0) with {@code code}. */
    public static StreamException stream(ErrorCode code, int streamId, String message) {
        return new StreamException(code, streamId, message, null);
    }

    /** The code to send in GOAWAY or RST_STREAM. */
    public ErrorCode code() {
        return code;
    }

    /**
     * For a stream error, the stream to reset; for a connection error, the stream of the frame
     * that broke the rule, or 0 when it was a connection-level frame (for the log only).
     */
    public int streamId() {
        return streamId;
    }

    @Override
    public String toString() {
        String scope = this instanceof StreamException ? "stream error" : "connection error";
        return scope + " " + code + " on stream " + streamId + ": " + getMessage();
    }
}
