package io.portico.http2;

import java.util.Arrays;
import java.util.Objects;

/**
 * A GOAWAY frame (RFC 9113 §6.8).
 *
 * @param errorCode the raw code from the wire, kept for the log; {@link #code()} is its meaning
 * @param debugData opaque diagnostic bytes, for the log only
 */
public record GoAwayFrame(int lastStreamId, int errorCode, byte[] debugData) implements Frame {

    public GoAwayFrame {
        Objects.requireNonNull(debugData);
        if (lastStreamId < 0) {
            throw new IllegalArgumentException("last stream " + lastStreamId);
        }
    }

    public GoAwayFrame(int lastStreamId, ErrorCode code) {
        this(lastStreamId, code.value(), Bytes.EMPTY);
    }

    @Override
    public int type() {
        return FrameType.GOAWAY;
    }

    @Override
    public int streamId() {
        return 0;
    }

    /** The code's meaning ({@link ErrorCode#of}: an unknown code means INTERNAL_ERROR). */
    public ErrorCode code() {
        return ErrorCode.of(errorCode);
    }

    /** Compares the debug data's bytes, not the arrays. */
    @Override
    public boolean equals(Object o) {
        return o instanceof GoAwayFrame f && f.lastStreamId == lastStreamId && f.errorCode == errorCode
                && Arrays.equals(f.debugData, debugData);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lastStreamId, errorCode, Arrays.hashCode(debugData));
    }

    @Override
    public String toString() {
        return "GOAWAY[last stream " + lastStreamId + ", " + ErrorCode.describe(errorCode) + ", debug "
                + Bytes.describe(debugData, 0, debugData.length) + "]";
    }
}
