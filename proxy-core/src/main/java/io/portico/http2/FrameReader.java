package io.portico.http2;

import static io.portico.http2.ErrorCode.FRAME_SIZE_ERROR;
import static io.portico.http2.ErrorCode.PROTOCOL_ERROR;

import io.portico.io.ByteReader;
import java.io.EOFException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Reads HTTP/2 frames (RFC 9113 §4, §6) from a {@link ByteReader}; runs on the connection's
 * thread, not thread-safe. It checks everything the RFC makes a framing error and throws a
 * {@link ConnectionException} or a {@link StreamException} with the code and scope the RFC names;
 * what depends on stream state (is this stream open? was it reset?) is the server's part, with
 * {@link StreamState}'s help.
 *
 * <p>The one piece of state it keeps is the field block in progress: after HEADERS or
 * PUSH_PROMISE without END_HEADERS, only CONTINUATION frames on the same stream may follow until
 * END_HEADERS (§4.3, §6.10); any other frame is a connection error PROTOCOL_ERROR.
 *
 * <p><b>Error scope.</b> A frame larger than {@link #maxFrameSize()} is a connection error
 * FRAME_SIZE_ERROR whatever its type: §4.2 allows a stream error for some frames, but the reader
 * would have to skip up to 16 MiB first, and a peer that ignores our SETTINGS gets no more of our
 * time. Size errors of fixed-size frames are connection errors, except PRIORITY's (a stream
 * error, §6.3). Stream errors are thrown only after the whole frame was consumed, so the server
 * can reset the stream and read on; after a connection error the reader is unusable.
 *
 * <p><b>Allocation.</b> Nothing beyond one frame's payload: the frame header and fixed-size
 * payloads go through scratch arrays; a DATA frame's bytes go into an array from the data-buffer
 * source (see {@link DataFrame} for who owns it); field-block fragments and GOAWAY debug data get
 * an array of their exact size; padding and unknown frames' payloads are skipped.
 */
public final class FrameReader {
    /** SETTINGS_MAX_FRAME_SIZE's initial value and lowest allowed value (RFC 9113 §6.5.2). */
    public static final int DEFAULT_MAX_FRAME_SIZE = 16_384;
    /** SETTINGS_MAX_FRAME_SIZE's highest allowed value, 2^24-1. */
    public static final int MAX_FRAME_SIZE_LIMIT = 16_777_215;

    private static final int STREAM_ID_MASK = 0x7FFF_FFFF;

    private final ByteReader in;
    private final IntFunction<byte[]> dataBuffers;
    private final byte[] head = new byte[FrameType.HEADER_BYTES];
    private final byte[] scratch = new byte[8];
    private int maxFrameSize;
    private int fieldBlockStream;

    /** A reader accepting frames up to 16,384 bytes whose DATA payloads are new arrays. */
    public FrameReader(ByteReader in) {
        this(in, DEFAULT_MAX_FRAME_SIZE, byte[]::new);
    }

    /**
     * @param maxFrameSize the SETTINGS_MAX_FRAME_SIZE the server advertises
     * @param dataBuffers  called with a DATA frame's data length n (n &gt; 0), returns an array
     *                     of at least n bytes that the returned frame then owns; the data is read
     *                     into it from index 0
     */
    public FrameReader(ByteReader in, int maxFrameSize, IntFunction<byte[]> dataBuffers) {
        this.in = Objects.requireNonNull(in);
        this.dataBuffers = Objects.requireNonNull(dataBuffers);
        maxFrameSize(maxFrameSize);
    }

    /** The largest payload accepted: our SETTINGS_MAX_FRAME_SIZE. */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    /**
     * Sets the largest payload accepted (when our SETTINGS_MAX_FRAME_SIZE changes; a server that
     * advertises a larger value sets it before sending the SETTINGS frame).
     */
    public void maxFrameSize(int size) {
        if (size < DEFAULT_MAX_FRAME_SIZE || size > MAX_FRAME_SIZE_LIMIT) {
            throw new IllegalArgumentException("max frame size " + size + " outside 16384..16777215");
        }
        maxFrameSize = size;
    }

    /** The stream whose field block awaits CONTINUATION frames, or 0 when none is in progress. */
    public int fieldBlockStream() {
        return fieldBlockStream;
    }

    /**
     * Reads the next frame, blocking until it is all there.
     *
     * @return the frame, or null when the stream ended cleanly before a frame began
     * @throws EOFException        when the stream ends inside a frame or inside a field block
     * @throws ConnectionException for a framing error the RFC makes a connection error
     * @throws StreamException     for one it makes a stream error; the frame has been consumed
     */
    public Frame next() throws IOException {
        if (in.peek() < 0) {
            if (fieldBlockStream != 0) {
                throw new EOFException("stream ended inside the field block of stream " + fieldBlockStream);
            }
            return null;
        }
        readFully(head, FrameType.HEADER_BYTES);
        int length = (head[0] & 0xFF) << 16 | (head[1] & 0xFF) << 8 | head[2] & 0xFF;
        int type = head[3] & 0xFF;
        int flags = head[4] & 0xFF;
        int streamId = int32(head, 5) & STREAM_ID_MASK;
        if (length > maxFrameSize) {
            throw Http2Exception.connection(FRAME_SIZE_ERROR, streamId,
                    FrameType.name(type) + " frame of " + length + " bytes over the maximum " + maxFrameSize);
        }
        if (fieldBlockStream != 0) {
            if (type != FrameType.CONTINUATION || streamId != fieldBlockStream) {
                throw Http2Exception.connection(PROTOCOL_ERROR, streamId, FrameType.name(type) + " frame on stream "
                        + streamId + " inside the field block of stream " + fieldBlockStream);
            }
        } else if (type == FrameType.CONTINUATION) {
            throw Http2Exception.connection(PROTOCOL_ERROR, streamId,
                    "CONTINUATION on stream " + streamId + " without a field block in progress");
        }
        return switch (type) {
            case FrameType.DATA -> data(length, flags, streamId);
            case FrameType.HEADERS -> headers(length, flags, streamId);
            case FrameType.PRIORITY -> priority(length, streamId);
            case FrameType.RST_STREAM -> rstStream(length, streamId);
            case FrameType.SETTINGS -> settings(length, flags, streamId);
            case FrameType.PUSH_PROMISE -> pushPromise(length, flags, streamId);
            case FrameType.PING -> ping(length, flags, streamId);
            case FrameType.GOAWAY -> goAway(length, streamId);
            case FrameType.WINDOW_UPDATE -> windowUpdate(length, streamId);
            case FrameType.CONTINUATION -> continuation(length, flags, streamId);
            default -> {
                skipFully(length);
                yield new UnknownFrame(type, flags, streamId, length);
            }
        };
    }

    private DataFrame data(int length, int flags, int streamId) throws IOException {
        onStream(FrameType.DATA, streamId);
        int padLength = 0;
        int at = 0;
        if ((flags & FrameType.FLAG_PADDED) != 0) {
            padLength = padLength(FrameType.DATA, length, streamId);
            at = 1;
        }
        checkPadding(FrameType.DATA, length - at, padLength, streamId);
        int n = length - at - padLength;
        byte[] data = Bytes.EMPTY;
        if (n > 0) {
            data = dataBuffers.apply(n);
            if (data.length < n) {
                throw new IllegalStateException("data buffer of " + data.length + " bytes for " + n);
            }
            readFully(data, n);
        }
        skipFully(padLength);
        return new DataFrame(streamId, (flags & FrameType.FLAG_END_STREAM) != 0, data, 0, n, length - n);
    }

    private HeadersFrame headers(int length, int flags, int streamId) throws IOException {
        onStream(FrameType.HEADERS, streamId);
        int padLength = 0;
        int at = 0;
        if ((flags & FrameType.FLAG_PADDED) != 0) {
            padLength = padLength(FrameType.HEADERS, length, streamId);
            at = 1;
        }
        Optional<Priority> priority = Optional.empty();
        if ((flags & FrameType.FLAG_PRIORITY) != 0) {
            if (length - at < 5) {
                throw Http2Exception.connection(FRAME_SIZE_ERROR, streamId,
                        "HEADERS with PRIORITY of " + length + " bytes has no room for the priority");
            }
            priority = Optional.of(readPriority());
            at += 5;
        }
        checkPadding(FrameType.HEADERS, length - at, padLength, streamId);
        byte[] fragment = readBytes(length - at - padLength);
        skipFully(padLength);
        boolean endHeaders = (flags & FrameType.FLAG_END_HEADERS) != 0;
        fieldBlockStream = endHeaders ? 0 : streamId;
        HeadersFrame frame = new HeadersFrame(streamId, (flags & FrameType.FLAG_END_STREAM) != 0, endHeaders,
                priority, fragment);
        if (priority.isPresent() && priority.get().dependency() == streamId) {
            throw new StreamException(PROTOCOL_ERROR, streamId, "HEADERS of stream " + streamId + " depends on itself",
                    frame);
        }
        return frame;
    }

    private PriorityFrame priority(int length, int streamId) throws IOException {
        onStream(FrameType.PRIORITY, streamId);
        if (length != 5) {
            skipFully(length);
            throw Http2Exception.stream(FRAME_SIZE_ERROR, streamId, "PRIORITY frame of " + length + " bytes, not 5");
        }
        Priority priority = readPriority();
        if (priority.dependency() == streamId) {
            throw Http2Exception.stream(PROTOCOL_ERROR, streamId, "PRIORITY of stream " + streamId + " depends on itself");
        }
        return new PriorityFrame(streamId, priority);
    }

    private RstStreamFrame rstStream(int length, int streamId) throws IOException {
        onStream(FrameType.RST_STREAM, streamId);
        fixedLength(FrameType.RST_STREAM, length, 4, streamId);
        readFully(scratch, 4);
        return new RstStreamFrame(streamId, int32(scratch, 0));
    }

    private SettingsFrame settings(int length, int flags, int streamId) throws IOException {
        onConnection(FrameType.SETTINGS, streamId);
        if ((flags & FrameType.FLAG_ACK) != 0) {
            if (length != 0) {
                throw Http2Exception.connection(FRAME_SIZE_ERROR, "SETTINGS acknowledgement with " + length + " bytes");
            }
            return SettingsFrame.ACK;
        }
        if (length % 6 != 0) {
            throw Http2Exception.connection(FRAME_SIZE_ERROR, "SETTINGS of " + length + " bytes, not a multiple of 6");
        }
        List<SettingsFrame.Setting> settings = new ArrayList<>(length / 6);
        for (int i = 0; i < length; i += 6) {
            readFully(scratch, 6);
            int id = (scratch[0] & 0xFF) << 8 | scratch[1] & 0xFF;
            settings.add(new SettingsFrame.Setting(id, int32(scratch, 2) & 0xFFFF_FFFFL));
        }
        return new SettingsFrame(false, settings);
    }

    private PushPromiseFrame pushPromise(int length, int flags, int streamId) throws IOException {
        onStream(FrameType.PUSH_PROMISE, streamId);
        int padLength = 0;
        int at = 0;
        if ((flags & FrameType.FLAG_PADDED) != 0) {
            padLength = padLength(FrameType.PUSH_PROMISE, length, streamId);
            at = 1;
        }
        if (length - at < 4) {
            throw Http2Exception.connection(FRAME_SIZE_ERROR, streamId,
                    "PUSH_PROMISE of " + length + " bytes has no room for the promised stream");
        }
        readFully(scratch, 4);
        int promised = int32(scratch, 0) & STREAM_ID_MASK;
        at += 4;
        checkPadding(FrameType.PUSH_PROMISE, length - at, padLength, streamId);
        byte[] fragment = readBytes(length - at - padLength);
        skipFully(padLength);
        boolean endHeaders = (flags & FrameType.FLAG_END_HEADERS) != 0;
        fieldBlockStream = endHeaders ? 0 : streamId;
        return new PushPromiseFrame(streamId, endHeaders, promised, fragment);
    }

    private PingFrame ping(int length, int flags, int streamId) throws IOException {
        onConnection(FrameType.PING, streamId);
        fixedLength(FrameType.PING, length, 8, streamId);
        readFully(scratch, 8);
        long payload = (long) int32(scratch, 0) << 32 | int32(scratch, 4) & 0xFFFF_FFFFL;
        return new PingFrame((flags & FrameType.FLAG_ACK) != 0, payload);
    }

    private GoAwayFrame goAway(int length, int streamId) throws IOException {
        onConnection(FrameType.GOAWAY, streamId);
        if (length < 8) {
            throw Http2Exception.connection(FRAME_SIZE_ERROR, "GOAWAY of " + length + " bytes, under 8");
        }
        readFully(scratch, 8);
        return new GoAwayFrame(int32(scratch, 0) & STREAM_ID_MASK, int32(scratch, 4), readBytes(length - 8));
    }

    private WindowUpdateFrame windowUpdate(int length, int streamId) throws IOException {
        fixedLength(FrameType.WINDOW_UPDATE, length, 4, streamId);
        readFully(scratch, 4);
        int increment = int32(scratch, 0) & STREAM_ID_MASK;
        if (increment == 0) {
            String message = "WINDOW_UPDATE with increment 0 on stream " + streamId;
            throw streamId == 0
                    ? Http2Exception.connection(PROTOCOL_ERROR, message)
                    : Http2Exception.stream(PROTOCOL_ERROR, streamId, message);
        }
        return new WindowUpdateFrame(streamId, increment);
    }

    private ContinuationFrame continuation(int length, int flags, int streamId) throws IOException {
        // next() made sure a field block of this (non-zero) stream is in progress
        byte[] fragment = readBytes(length);
        boolean endHeaders = (flags & FrameType.FLAG_END_HEADERS) != 0;
        if (endHeaders) {
            fieldBlockStream = 0;
        }
        return new ContinuationFrame(streamId, endHeaders, fragment);
    }

    private static void onStream(int type, int streamId) {
        if (streamId == 0) {
            throw Http2Exception.connection(PROTOCOL_ERROR, FrameType.name(type) + " frame on stream 0");
        }
    }

    private static void onConnection(int type, int streamId) {
        if (streamId != 0) {
            throw Http2Exception.connection(PROTOCOL_ERROR, streamId,
                    FrameType.name(type) + " frame on stream " + streamId + ", not 0");
        }
    }

    private static void fixedLength(int type, int length, int expected, int streamId) {
        if (length != expected) {
            throw Http2Exception.connection(FRAME_SIZE_ERROR, streamId,
                    FrameType.name(type) + " frame of " + length + " bytes, not " + expected);
        }
    }

    private int padLength(int type, int length, int streamId) throws IOException {
        if (length < 1) {
            throw Http2Exception.connection(FRAME_SIZE_ERROR, streamId,
                    "empty PADDED " + FrameType.name(type) + " frame has no Pad Length");
        }
        return readByte();
    }

    /** Padding must leave room for the rest of the payload, if only zero bytes of it (§6.1, §6.2, §6.6). */
    private static void checkPadding(int type, int remaining, int padLength, int streamId) {
        if (padLength > remaining) {
            throw Http2Exception.connection(PROTOCOL_ERROR, streamId,
                    FrameType.name(type) + " padding of " + padLength + " bytes exceeds the " + remaining + " left");
        }
    }

    private Priority readPriority() throws IOException {
        readFully(scratch, 5);
        int word = int32(scratch, 0);
        return new Priority(word & STREAM_ID_MASK, word < 0, (scratch[4] & 0xFF) + 1);
    }

    private byte[] readBytes(int n) throws IOException {
        if (n == 0) {
            return Bytes.EMPTY;
        }
        byte[] b = new byte[n];
        readFully(b, n);
        return b;
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("stream ended inside a frame");
        }
        return b;
    }

    private void readFully(byte[] dst, int n) throws IOException {
        for (int at = 0; at < n; ) {
            int r = in.read(dst, at, n - at);
            if (r < 0) {
                throw new EOFException("stream ended inside a frame");
            }
            at += r;
        }
    }

    private void skipFully(long n) throws IOException {
        while (n > 0) {
            long k = in.skip(n);
            if (k <= 0) {
                throw new EOFException("stream ended inside a frame");
            }
            n -= k;
        }
    }

    private static int int32(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
    }
}
