package io.portico.http2;

import io.portico.io.ByteBuf;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Encodes HTTP/2 frames (RFC 9113 §4.1, §6) into a {@link ByteBuf}. Pure: it owns no socket and no
 * lock; its one piece of state is the peer's SETTINGS_MAX_FRAME_SIZE, which bounds the frames it
 * makes. Not thread-safe: whoever holds the connection's writer lock uses it.
 *
 * <p>Arguments that break the protocol (a stream id out of range, an increment of 0, a payload
 * over the frame size where the method does not split) are bugs in the caller and throw
 * {@link IllegalArgumentException}. Unused flags and reserved bits are written as 0.
 */
public final class FrameWriter {
    private int maxFrameSize;

    /** A writer for a peer that has not changed SETTINGS_MAX_FRAME_SIZE from its initial 16,384. */
    public FrameWriter() {
        this(FrameReader.DEFAULT_MAX_FRAME_SIZE);
    }

    public FrameWriter(int maxFrameSize) {
        maxFrameSize(maxFrameSize);
    }

    /** The largest payload this writer puts in one frame: the peer's SETTINGS_MAX_FRAME_SIZE. */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    /** Sets the peer's SETTINGS_MAX_FRAME_SIZE (16,384 to 16,777,215), when its SETTINGS change it. */
    public void maxFrameSize(int size) {
        if (size < FrameReader.DEFAULT_MAX_FRAME_SIZE || size > FrameReader.MAX_FRAME_SIZE_LIMIT) {
            throw new IllegalArgumentException("max frame size " + size + " outside 16384..16777215");
        }
        maxFrameSize = size;
    }

    /**
     * Writes {@code frame} as exactly one frame, padding included (DATA's {@code padding} becomes
     * a Pad Length octet and zeros). An {@link UnknownFrame} is written with {@code length} zero
     * bytes of payload. The payload must fit {@link #maxFrameSize()}.
     */
    public void write(ByteBuf out, Frame frame) {
        switch (frame) {
            case DataFrame f -> {
                int padding = f.padding();
                int flags = (f.endStream() ? FrameType.FLAG_END_STREAM : 0) | (padding > 0 ? FrameType.FLAG_PADDED : 0);
                header(out, f.flowControlledLength(), FrameType.DATA, flags, stream(f.streamId()));
                if (padding > 0) {
                    out.writeByte(padding - 1);
                }
                out.write(f.data(), f.offset(), f.length());
                zeros(out, Math.max(padding - 1, 0));
            }
            case HeadersFrame f -> {
                int flags = (f.endStream() ? FrameType.FLAG_END_STREAM : 0)
                        | (f.endHeaders() ? FrameType.FLAG_END_HEADERS : 0)
                        | (f.priority().isPresent() ? FrameType.FLAG_PRIORITY : 0);
                int length = f.fragment().length + (f.priority().isPresent() ? 5 : 0);
                header(out, length, FrameType.HEADERS, flags, stream(f.streamId()));
                f.priority().ifPresent(p -> priorityFields(out, p));
                out.write(f.fragment());
            }
            case PriorityFrame f -> {
                header(out, 5, FrameType.PRIORITY, 0, stream(f.streamId()));
                priorityFields(out, f.priority());
            }
            case RstStreamFrame f -> {
                header(out, 4, FrameType.RST_STREAM, 0, stream(f.streamId()));
                int32(out, f.errorCode());
            }
            case SettingsFrame f -> {
                if (f.ack()) {
                    settingsAck(out);
                } else {
                    settings(out, f.settings());
                }
            }
            case PushPromiseFrame f -> {
                int flags = f.endHeaders() ? FrameType.FLAG_END_HEADERS : 0;
                header(out, 4 + f.fragment().length, FrameType.PUSH_PROMISE, flags, stream(f.streamId()));
                int32(out, streamOrZero(f.promisedStreamId()));
                out.write(f.fragment());
            }
            case PingFrame f -> ping(out, f.ack(), f.payload());
            case GoAwayFrame f -> {
                header(out, 8 + f.debugData().length, FrameType.GOAWAY, 0, 0);
                int32(out, streamOrZero(f.lastStreamId()));
                int32(out, f.errorCode());
                out.write(f.debugData());
            }
            case WindowUpdateFrame f -> windowUpdate(out, f.streamId(), f.increment());
            case ContinuationFrame f -> {
                int flags = f.endHeaders() ? FrameType.FLAG_END_HEADERS : 0;
                header(out, f.fragment().length, FrameType.CONTINUATION, flags, stream(f.streamId()));
                out.write(f.fragment());
            }
            case UnknownFrame f -> {
                header(out, f.length(), f.type(), f.flags(), streamOrZero(f.streamId()));
                zeros(out, f.length());
            }
        }
    }

    /**
     * Writes {@code len} bytes of data as DATA frames of at most {@link #maxFrameSize()} bytes,
     * unpadded, END_STREAM on the last one when {@code endStream}. {@code len} 0 writes one empty
     * frame (to end the stream). Flow control is the caller's: it writes only what its windows allow.
     */
    public void data(ByteBuf out, int streamId, boolean endStream, byte[] b, int off, int len) {
        Objects.checkFromIndexSize(off, len, b.length);
        stream(streamId);
        do {
            int n = Math.min(len, maxFrameSize);
            header(out, n, FrameType.DATA, endStream && n == len ? FrameType.FLAG_END_STREAM : 0, streamId);
            out.write(b, off, n);
            off += n;
            len -= n;
        } while (len > 0);
    }

    /**
     * Writes only the 9-byte header of an unpadded DATA frame of {@code length} bytes, for a caller
     * that writes the data itself, straight from the stream's buffer, after it.
     */
    public void dataHeader(ByteBuf out, int streamId, boolean endStream, int length) {
        header(out, length, FrameType.DATA, endStream ? FrameType.FLAG_END_STREAM : 0, stream(streamId));
    }

    /**
     * Writes an encoded field block as one HEADERS frame followed, when the block is larger than
     * {@link #maxFrameSize()}, by CONTINUATION frames; END_HEADERS on the last of them, END_STREAM
     * (when asked) on the HEADERS frame. No padding, no priority. The frames must go out together:
     * nothing may be written on the connection between them (§4.3).
     */
    public void headers(ByteBuf out, int streamId, boolean endStream, byte[] block, int off, int len) {
        Objects.checkFromIndexSize(off, len, block.length);
        stream(streamId);
        int n = Math.min(len, maxFrameSize);
        int flags = (endStream ? FrameType.FLAG_END_STREAM : 0) | (n == len ? FrameType.FLAG_END_HEADERS : 0);
        header(out, n, FrameType.HEADERS, flags, streamId);
        out.write(block, off, n);
        off += n;
        len -= n;
        while (len > 0) {
            n = Math.min(len, maxFrameSize);
            header(out, n, FrameType.CONTINUATION, n == len ? FrameType.FLAG_END_HEADERS : 0, streamId);
            out.write(block, off, n);
            off += n;
            len -= n;
        }
    }

    /** Writes a SETTINGS frame with these settings in this order (see {@link Settings#toFrame()}). */
    public void settings(ByteBuf out, List<SettingsFrame.Setting> settings) {
        header(out, 6 * settings.size(), FrameType.SETTINGS, 0, 0);
        for (SettingsFrame.Setting s : settings) {
            out.writeByte(s.id() >>> 8).writeByte(s.id());
            int32(out, (int) s.value());
        }
    }

    /** Writes the acknowledgement of the peer's SETTINGS. */
    public void settingsAck(ByteBuf out) {
        header(out, 0, FrameType.SETTINGS, FrameType.FLAG_ACK, 0);
    }

    /** Writes a PING; answer one without ACK with {@code ack} true and the same payload. */
    public void ping(ByteBuf out, boolean ack, long payload) {
        header(out, 8, FrameType.PING, ack ? FrameType.FLAG_ACK : 0, 0);
        int32(out, (int) (payload >>> 32));
        int32(out, (int) payload);
    }

    /** Writes a GOAWAY naming the last stream the server processed (or will), with debug bytes for the peer's log. */
    public void goAway(ByteBuf out, int lastStreamId, ErrorCode code, byte[] debugData) {
        write(out, new GoAwayFrame(lastStreamId, code.value(), debugData));
    }

    /** Writes an RST_STREAM. */
    public void rstStream(ByteBuf out, int streamId, ErrorCode code) {
        header(out, 4, FrameType.RST_STREAM, 0, stream(streamId));
        int32(out, code.value());
    }

    /** Writes a WINDOW_UPDATE (stream 0: the connection's window) with an increment of 1 to 2^31-1. */
    public void windowUpdate(ByteBuf out, int streamId, int increment) {
        if (increment <= 0) {
            throw new IllegalArgumentException("window increment " + increment);
        }
        header(out, 4, FrameType.WINDOW_UPDATE, 0, streamOrZero(streamId));
        int32(out, increment);
    }

    private void header(ByteBuf out, int length, int type, int flags, int streamId) {
        if (length > maxFrameSize) {
            throw new IllegalArgumentException(FrameType.name(type) + " payload of " + length
                    + " bytes over the peer's maximum frame size " + maxFrameSize);
        }
        int at = out.claim(FrameType.HEADER_BYTES);
        byte[] b = out.array();
        b[at] = (byte) (length >>> 16);
        b[at + 1] = (byte) (length >>> 8);
        b[at + 2] = (byte) length;
        b[at + 3] = (byte) type;
        b[at + 4] = (byte) flags;
        b[at + 5] = (byte) (streamId >>> 24);
        b[at + 6] = (byte) (streamId >>> 16);
        b[at + 7] = (byte) (streamId >>> 8);
        b[at + 8] = (byte) streamId;
    }

    private static void priorityFields(ByteBuf out, Priority p) {
        int32(out, p.dependency() | (p.exclusive() ? 0x8000_0000 : 0));
        out.writeByte(p.weight() - 1);
    }

    private static void int32(ByteBuf out, int v) {
        int at = out.claim(4);
        byte[] b = out.array();
        b[at] = (byte) (v >>> 24);
        b[at + 1] = (byte) (v >>> 16);
        b[at + 2] = (byte) (v >>> 8);
        b[at + 3] = (byte) v;
    }

    private static void zeros(ByteBuf out, int n) {
        int at = out.claim(n);
        Arrays.fill(out.array(), at, at + n, (byte) 0);
    }

    /** A stream id for a frame that must be on a stream: 1 to 2^31-1. */
    private static int stream(int streamId) {
        if (streamId <= 0) {
            throw new IllegalArgumentException("stream id " + streamId + " for a frame on a stream");
        }
        return streamId;
    }

    private static int streamOrZero(int streamId) {
        if (streamId < 0) {
            throw new IllegalArgumentException("stream id " + streamId);
        }
        return streamId;
    }
}
