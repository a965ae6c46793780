package io.portico.server.io;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A write buffer that writes only when flushed or when the next bytes do not fit, and then
 * writes what it holds and those bytes together (one gathering write), so a response head and
 * its body leave in one system call. Not thread-safe.
 */
final class BufferedOut extends OutputStream {
    private final SocketIo io;
    private byte[] buf;
    private int count;
    private long written;
    /** When the write now blocking began ({@link System#nanoTime()}), 0 when none is; read by the sweeper. */
    private volatile long writingSince;

    BufferedOut(SocketIo io, byte[] buf) {
        this.io = io;
        this.buf = buf;
    }

    /** Takes the buffer away once everything was written (an idle connection pools it). */
    byte[] detach() {
        if (count > 0) {
            throw new IllegalStateException(count + " bytes not written");
        }
        byte[] b = buf;
        buf = null;
        return b;
    }

    /** Takes the buffer away, dropping unwritten bytes (the connection is closing); null when detached. */
    byte[] takeBuffer() {
        count = 0;
        return detach();
    }

    void attach(byte[] buffer) {
        buf = buffer;
        count = 0;
    }

    /** Bytes that actually went to the socket (not those still buffered). */
    long sent() {
        return written;
    }

    /** Drops what is buffered when nothing went out since {@code sentMark}; true when it did. */
    boolean discardSince(long sentMark) {
        if (written != sentMark) {
            return false;
        }
        count = 0;
        return true;
    }

    long written() {
        return written + count;
    }

    @Override
    public void write(int b) throws IOException {
        if (count == buf.length) {
            drain();
        }
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (count + len <= buf.length) {
            System.arraycopy(b, off, buf, count, len);
            count += len;
        } else {
            // What is buffered (a response head, say) and these bytes leave in one gathering write.
            timedWrite(true, b, off, len);
        }
    }

    @Override
    public void flush() throws IOException {
        drain();
    }

    private void drain() throws IOException {
        if (count > 0) {
            timedWrite(false, buf, 0, count);
            count = 0;
        }
    }

    /** Writes {@code b[off, off+len)}, after what the buffer holds when {@code afterBuffered} (one gathering write). */
    private void timedWrite(boolean afterBuffered, byte[] b, int off, int len) throws IOException {
        int buffered = afterBuffered ? count : 0;
        writingSince = System.nanoTime() | 1;
        try {
            if (buffered == 0) {
                io.transport().write(b, off, len);
            } else {
                io.transport().write(buf, buffered, b, off, len);
                count = 0;
            }
            written += buffered + len;
        } finally {
            writingSince = 0;
        }
    }

    /** True when a write has been blocked for longer than {@code timeoutNanos}. */
    boolean stuck(long nowNanos, long timeoutNanos) {
        long since = writingSince;
        return since != 0 && nowNanos - since > timeoutNanos;
    }

    @Override
    public void close() throws IOException {
        flush();
    }
}
