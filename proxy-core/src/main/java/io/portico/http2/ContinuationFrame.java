package io.portico.http2;

import java.util.Arrays;
import java.util.Objects;

/** A CONTINUATION frame (RFC 9113 §6.10): the next fragment of a field block begun by HEADERS or PUSH_PROMISE. */
public record ContinuationFrame(int streamId, boolean endHeaders, byte[] fragment) implements Frame {

    public ContinuationFrame {
        Objects.requireNonNull(fragment);
    }

    @Override
    public int type() {
        return FrameType.CONTINUATION;
    }

    /** Compares the fragment's bytes, not the arrays. */
    @Override
    public boolean equals(Object o) {
        return o instanceof ContinuationFrame f && f.streamId == streamId && f.endHeaders == endHeaders
                && Arrays.equals(f.fragment, fragment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(streamId, endHeaders, Arrays.hashCode(fragment));
    }

    @Override
    public String toString() {
        return "CONTINUATION[stream " + streamId + (endHeaders ? ", END_HEADERS" : "") + ", "
                + Bytes.describe(fragment, 0, fragment.length) + "]";
    }
}
