package io.portico.http2;

/**
 * An RST_STREAM frame (RFC 9113 §6.4).
 *
 * @param errorCode the raw code from the wire, kept for the log; {@link #code()} is its meaning
 */
public record RstStreamFrame(int streamId, int errorCode) implements Frame {

    public RstStreamFrame(int streamId, ErrorCode code) {
        this(streamId, code.value());
    }

    @Override
    public int type() {
        return FrameType.RST_STREAM;
    }

    /** The code's meaning ({@link ErrorCode#of}: an unknown code means INTERNAL_ERROR). */
    public ErrorCode code() {
        return ErrorCode.of(errorCode);
    }

    @Override
    public String toString() {
        return "RST_STREAM[stream " + streamId + ", " + ErrorCode.describe(errorCode) + "]";
    }
}
