package io.portico.http2;

import java.util.Arrays;
import java.util.Objects;

/**
 * A PUSH_PROMISE frame (RFC 9113 §6.6). Only a server may push: a server that reads one from a
 * client answers with a connection error PROTOCOL_ERROR (§8.4); it is parsed whole so the
 * framing stays in step until then.
 */
public record PushPromiseFrame(int streamId, boolean endHeaders, int promisedStreamId, byte[] fragment)
        implements Frame {

    public PushPromiseFrame {
        Objects.requireNonNull(fragment);
    }

    @Override
    public int type() {
        return FrameType.PUSH_PROMISE;
    }

    /** Compares the fragment's bytes, not the arrays. */
    @Override
    public boolean equals(Object o) {
        return o instanceof PushPromiseFrame f && f.streamId == streamId && f.endHeaders == endHeaders
                && f.promisedStreamId == promisedStreamId && Arrays.equals(f.fragment, fragment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(streamId, endHeaders, promisedStreamId, Arrays.hashCode(fragment));
    }

    @Override
    public String toString() {
        return "PUSH_PROMISE[stream " + streamId + (endHeaders ? ", END_HEADERS" : "") + ", promised "
                + promisedStreamId + ", " + Bytes.describe(fragment, 0, fragment.length) + "]";
    }
}
