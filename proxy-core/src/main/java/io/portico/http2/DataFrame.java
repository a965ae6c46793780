package io.portico.http2;

import java.util.Objects;

/**
 * A DATA frame (RFC 9113 §6.1): {@code length} bytes of {@code data} from {@code offset}.
 *
 * <p><b>Ownership.</b> When {@link FrameReader} returns a DATA frame, {@code data} is an array it
 * got from the connection's data-buffer source (the {@code IntFunction<byte[]>} given to the
 * reader; {@code new byte[n]} by default) and never touches again: the frame's holder owns it, and
 * may hand it to the stream's queue as it is, then give it back to its pool once the stream has
 * consumed it. An empty frame ({@code length} 0) shares one empty array and takes nothing from
 * the source: give back only arrays of frames with a length. The array may be larger than the
 * data (a pool's fixed-size chunk): the data is {@code data[offset, offset + length)}, and the
 * reader always reads it to offset 0.
 *
 * @param padding the frame's octets beyond the data: the Pad Length octet plus the padding, 0
 *        when the frame was not padded. They count against flow-control windows (§6.9.1), see
 *        {@link #flowControlledLength()}.
 */
public record DataFrame(int streamId, boolean endStream, byte[] data, int offset, int length, int padding)
        implements Frame {

    public DataFrame {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (streamId < 0 || padding < 0 || padding > 256) {
            throw new IllegalArgumentException("stream " + streamId + ", padding " + padding);
        }
    }

    /** An unpadded frame carrying all of {@code data}. */
    public DataFrame(int streamId, boolean endStream, byte[] data) {
        this(streamId, endStream, data, 0, data.length, 0);
    }

    @Override
    public int type() {
        return FrameType.DATA;
    }

    /** The frame's whole payload length: what it takes from the stream's and the connection's windows. */
    public int flowControlledLength() {
        return length + padding;
    }

    /** Compares the data bytes, not the arrays. */
    @Override
    public boolean equals(Object o) {
        return o instanceof DataFrame f && f.streamId == streamId && f.endStream == endStream
                && f.padding == padding && Bytes.equal(f.data, f.offset, f.length, data, offset, length);
    }

    @Override
    public int hashCode() {
        return Objects.hash(streamId, endStream, padding, Bytes.hash(data, offset, length));
    }

    @Override
    public String toString() {
        return "DATA[stream " + streamId + (endStream ? ", END_STREAM" : "") + ", padding " + padding + ", "
                + Bytes.describe(data, offset, length) + "]";
    }
}
