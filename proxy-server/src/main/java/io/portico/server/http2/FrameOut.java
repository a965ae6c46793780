package io.portico.server.http2;

import io.portico.http.HttpFields;
import io.portico.http2.ErrorCode;
import io.portico.http2.FrameWriter;
import io.portico.http2.SettingsFrame;
import io.portico.http2.hpack.HpackEncoder;
import io.portico.io.ByteBuf;
import io.portico.server.io.SocketIo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one writer path of an HTTP/2 connection: every frame, from the connection thread or a
 * stream thread, is written under one lock, so frames never interleave and HPACK encodes header
 * blocks in the order they reach the client (its dynamic table depends on it). A writer flushes
 * only when no other writer waits for the lock: under load, the frames of several streams leave
 * in one socket write. Shared; every method takes the lock.
 */
final class FrameOut {
    private final SocketIo io;
    private final ReentrantLock lock = new ReentrantLock();
    private final FrameWriter frames = new FrameWriter();
    private final HpackEncoder hpack = new HpackEncoder();
    private final ByteBuf frameBuf = new ByteBuf(256);
    private final ByteBuf blockBuf = new ByteBuf(256);
    private int peerMaxFrameSize = 16_384;
    private boolean goAwaySent;
    /** A writer will flush what is buffered once the threads ready now have run (see {@link #send}). */
    private boolean flushPending;

    FrameOut(SocketIo io) {
        this.io = io;
    }

    /** The peer's SETTINGS: the largest frame it takes, the HPACK table it keeps for us. */
    void peerSettings(int maxFrameSize, long headerTableSize) {
        lock.lock();
        try {
            peerMaxFrameSize = maxFrameSize;
            frames.maxFrameSize(maxFrameSize);
            hpack.peerMaxTableSize(headerTableSize);
        } finally {
            lock.unlock();
        }
    }

    /** Lets the assembly buffers go while the connection idles with no stream; the next frame makes new ones. */
    void releaseBuffers() {
        lock.lock();
        try {
            frameBuf.release();
            blockBuf.release();
        } finally {
            lock.unlock();
        }
    }

    int peerMaxFrameSize() {
        return peerMaxFrameSize;
    }

    void settings(List<SettingsFrame.Setting> settings, int connectionWindowIncrement) throws IOException {
        lock.lock();
        try {
            frameBuf.reset();
            frames.settings(frameBuf, settings);
            if (connectionWindowIncrement > 0) {
                frames.windowUpdate(frameBuf, 0, connectionWindowIncrement);
            }
            send();
        } finally {
            lock.unlock();
        }
    }

    void settingsAck() throws IOException {
        lock.lock();
        try {
            frameBuf.reset();
            frames.settingsAck(frameBuf);
            send();
        } finally {
            lock.unlock();
        }
    }

    void pingAck(long payload) throws IOException {
        lock.lock();
        try {
            frameBuf.reset();
            frames.ping(frameBuf, true, payload);
            send();
        } finally {
            lock.unlock();
        }
    }

    /** WINDOW_UPDATE for a stream and for the connection, either increment 0 to leave it out. */
    void windowUpdates(int streamId, int streamIncrement, int connectionIncrement) throws IOException {
        lock.lock();
        try {
            frameBuf.reset();
            if (streamIncrement > 0) {
                frames.windowUpdate(frameBuf, streamId, streamIncrement);
            }
            if (connectionIncrement > 0) {
                frames.windowUpdate(frameBuf, 0, connectionIncrement);
            }
            if (frameBuf.length() > 0) {
                send();
            }
        } finally {
            lock.unlock();
        }
    }

    void reset(int streamId, ErrorCode code) throws IOException {
        lock.lock();
        try {
            frameBuf.reset();
            frames.rstStream(frameBuf, streamId, code);
            send();
        } finally {
            lock.unlock();
        }
    }

    /** GOAWAY, once with an error; a graceful one (NO_ERROR) may precede it. */
    void goAway(int lastStreamId, ErrorCode code, String debug) throws IOException {
        lock.lock();
        try {
            if (goAwaySent && code == ErrorCode.NO_ERROR) {
                return;
            }
            goAwaySent = true;
            frameBuf.reset();
            frames.goAway(frameBuf, lastStreamId, code, debug.getBytes(StandardCharsets.UTF_8));
            send();
        } finally {
            lock.unlock();
        }
    }

    /** A response head or an interim (1xx) one: HEADERS (and CONTINUATION), flushed. */
    void headers(int streamId, int status, HttpFields fields, boolean endStream) throws IOException {
        lock.lock();
        try {
            frameBuf.reset();
            writeHeaders(streamId, status, fields, endStream);
            send();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Response body bytes as DATA frames, after the response head when {@code fields} is not null
     * (the head then leaves in the same write). The caller holds send credit for {@code len}.
     */
    void data(int streamId, int status, HttpFields fields, byte[] b, int off, int len, boolean endStream)
            throws IOException {
        lock.lock();
        try {
            frameBuf.reset();
            if (fields != null) {
                writeHeaders(streamId, status, fields, false);
            }
            while (len > peerMaxFrameSize) {
                frames.dataHeader(frameBuf, streamId, false, peerMaxFrameSize);
                frameBuf.write(b, off, peerMaxFrameSize);
                off += peerMaxFrameSize;
                len -= peerMaxFrameSize;
            }
            frames.dataHeader(frameBuf, streamId, endStream, len);
            frameBuf.writeTo(io.out());
            io.out().write(b, off, len);
            frameBuf.reset();
            send();
        } finally {
            lock.unlock();
        }
    }

    /** Trailer fields: a HEADERS frame that ends the stream. */
    void trailers(int streamId, HttpFields fields) throws IOException {
        lock.lock();
        try {
            frameBuf.reset();
            blockBuf.reset();
            hpack.beginBlock(blockBuf);
            encodeFields(fields);
            frames.headers(frameBuf, streamId, true, blockBuf.array(), 0, blockBuf.length());
            send();
        } finally {
            lock.unlock();
        }
    }

    private void writeHeaders(int streamId, int status, HttpFields fields, boolean endStream) {
        blockBuf.reset();
        hpack.beginBlock(blockBuf);
        hpack.status(status, blockBuf);
        encodeFields(fields);
        frames.headers(frameBuf, streamId, endStream, blockBuf.array(), 0, blockBuf.length());
    }

    private void encodeFields(HttpFields fields) {
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.name(i);
            if (!ConnectionFields.isConnectionSpecific(name)) {
                hpack.field(name, fields.value(i), blockBuf);
            }
        }
    }

    /**
     * Writes what frameBuf holds, and sees that it is flushed: by this writer, after it let the
     * other threads that are ready run first (streams whose backends answered in the same turn
     * of the I/O loop add their frames meanwhile, and all leave in one socket write), or by the
     * writer already doing so. Called holding the lock; returns holding it.
     */
    private void send() throws IOException {
        if (frameBuf.length() > 0) {
            frameBuf.writeTo(io.out());
        }
        if (flushPending) {
            return;
        }
        flushPending = true;
        lock.unlock();
        try {
            Thread.yield();
        } finally {
            lock.lock();
        }
        flushPending = false;
        io.flush();
    }
}
