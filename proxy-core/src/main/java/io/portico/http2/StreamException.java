package io.portico.http2;

import java.util.Optional;

/**
 * A stream error (RFC 9113 §5.4.2): the server sends RST_STREAM with {@link #code()} on
 * {@link #streamId()} and the connection carries on. When {@link FrameReader} throws one, it has
 * consumed the whole frame first, so the next {@code next()} reads the following frame.
 *
 * <p>{@link #frame()} holds the frame when it was read whole despite the error and still
 * matters to the connection: a HEADERS frame whose priority names its own stream still carries a
 * field block, which the server must run through its HPACK decoder (and its CONTINUATION frames
 * after it) to keep the compression state in step with the peer, then discard.
 */
public final class StreamException extends Http2Exception {
    private static final long serialVersionUID = 1L;

    private final transient Frame frame;

    StreamException(ErrorCode code, int streamId, String message, Frame frame) {
        super(code, streamId, message);
        if (streamId <= 0) {
            throw new IllegalArgumentException("a stream error needs a stream, not " + streamId);
        }
        this.frame = frame;
    }

    /** The frame that was read whole despite the error, when the connection must still process part of it. */
    public Optional<Frame> frame() {
        return Optional.ofNullable(frame);
    }
}
