package io.portico.http2;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A HEADERS frame (RFC 9113 §6.2): the first (or only) fragment of a field block, which HPACK
 * decodes once the block is complete. The fragment is an array of its own, without padding.
 * When {@code endHeaders} is false, CONTINUATION frames on the same stream follow.
 */
public record HeadersFrame(int streamId, boolean endStream, boolean endHeaders, Optional<Priority> priority,
                           byte[] fragment) implements Frame {

    public HeadersFrame {
        Objects.requireNonNull(priority);
        Objects.requireNonNull(fragment);
    }

    /** A frame without priority. */
    public HeadersFrame(int streamId, boolean endStream, boolean endHeaders, byte[] fragment) {
        this(streamId, endStream, endHeaders, Optional.empty(), fragment);
    }

    @Override
    public int type() {
        return FrameType.HEADERS;
    }

    /** Compares the fragment's bytes, not the arrays. */
    @Override
    public boolean equals(Object o) {
        return o instanceof HeadersFrame f && f.streamId == streamId && f.endStream == endStream
                && f.endHeaders == endHeaders && f.priority.equals(priority) && Arrays.equals(f.fragment, fragment);
    }

    @Override
    public int hashCode() {
        return Objects.hash(streamId, endStream, endHeaders, priority, Arrays.hashCode(fragment));
    }

    @Override
    public String toString() {
        return "HEADERS[stream " + streamId + (endStream ? ", END_STREAM" : "") + (endHeaders ? ", END_HEADERS" : "")
                + priority.map(p -> ", " + p).orElse("") + ", " + Bytes.describe(fragment, 0, fragment.length) + "]";
    }
}
