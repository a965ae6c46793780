package io.portico.server.connection;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A write buffer that fills completely before it writes, so a response head and the first
 * body bytes leave in one write. Unlike BufferedOutputStream it never writes a large array
 * around the buffer while the buffer holds bytes. Not thread-safe.
 */
final class BufferedOut extends OutputStream {
    private final OutputStream out;
    private byte[] buf;
    private int count;
    private long written;
    /** When the write now blocking began ({@link System#nanoTime()}), 0 when none is; read by the sweeper. */
    private volatile long writingSince;

    BufferedOut(OutputStream out, byte[] buf) {
        this.out = out;
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
        if (count == 0 && len >= buf.length) {
            timedWrite(b, off, len);
            return;
        }
        while (len > 0) {
            int n = Math.min(len, buf.length - count);
            System.arraycopy(b, off, buf, count, n);
            count += n;
            off += n;
            len -= n;
            if (count == buf.length) {
                drain();
                if (len >= buf.length) {
                    timedWrite(b, off, len);
                    return;
                }
            }
        }
    }

    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    private void drain() throws IOException {
        if (count > 0) {
            timedWrite(buf, 0, count);
            count = 0;
        }
    }

    private void timedWrite(byte[] b, int off, int len) throws IOException {
        writingSince = System.nanoTime() | 1;
        try {
            out.write(b, off, len);
            written += len;
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
