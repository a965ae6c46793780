package io.portico.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A pull-style buffered reader over a blocking stream; runs on the thread that owns the
 * connection. Parsers ask it for "the next line up to N bytes" or "the next bytes"; it serves
 * what is already buffered and reads the stream (once) only when its buffer is empty, so a
 * parser never causes a blocking read while bytes are waiting. The buffer is supplied by the
 * caller so it can come from a pool.
 */
public final class ByteReader {
    private static final byte LF = '\n';

    private final InputStream in;
    private byte[] buf;
    private int pos;
    private int limit;
    private long consumed;
    private boolean eof;
    private InputStream view;

    public ByteReader(InputStream in, byte[] buffer) {
        if (buffer.length == 0) {
            throw new IllegalArgumentException("empty buffer");
        }
        this.in = in;
        this.buf = buffer;
    }

    /**
     * Takes the buffer away while nothing is buffered, so an idle connection can give it back
     * to a pool; {@link #attach} gives the reader one again before its next read.
     */
    public byte[] detach() {
        if (pos < limit) {
            throw new IllegalStateException((limit - pos) + " bytes still buffered");
        }
        byte[] b = buf;
        buf = null;
        pos = 0;
        limit = 0;
        return b;
    }

    /** Takes the buffer away, dropping whatever it still holds (the connection is closing); null when detached. */
    public byte[] takeBuffer() {
        pos = limit;
        return detach();
    }

    /** Gives a detached reader a buffer whose first {@code filled} bytes are the next bytes of the stream. */
    public void attach(byte[] buffer, int filled) {
        if (buffer.length == 0 || filled < 0 || filled > buffer.length) {
            throw new IllegalArgumentException("bad buffer: " + buffer.length + " bytes, " + filled + " filled");
        }
        buf = buffer;
        pos = 0;
        limit = filled;
    }

    /** Whether the reader holds a buffer (see {@link #detach}). */
    public boolean attached() {
        return buf != null;
    }

    /** Bytes handed out (read, skipped or returned in lines) since this reader was made. */
    public long consumed() {
        return consumed;
    }

    /** Bytes available without blocking. */
    public int buffered() {
        return limit - pos;
    }

    /**
     * Makes sure at least one byte is buffered: returns true at once when one is, else does
     * one read of the stream. Returns false at the end of the stream.
     */
    public boolean fill() throws IOException {
        if (pos < limit) {
            return true;
        }
        if (eof) {
            return false;
        }
        int n = in.read(buf, 0, buf.length);
        if (n < 0) {
            eof = true;
            return false;
        }
        if (n == 0) {
            throw new IOException("stream returned no bytes for a blocking read");
        }
        pos = 0;
        limit = n;
        return true;
    }

    /**
     * Reads until at least {@code n} bytes are buffered (keeping those already there), for a look
     * ahead that consumes nothing; false when the stream ends first.
     *
     * @throws IllegalArgumentException when {@code n} is larger than the buffer
     */
    public boolean fillTo(int n) throws IOException {
        if (n > buf.length) {
            throw new IllegalArgumentException(n + " bytes do not fit a buffer of " + buf.length);
        }
        while (limit - pos < n) {
            if (eof) {
                return false;
            }
            if (limit == buf.length || pos > 0 && buf.length - limit < n - (limit - pos)) {
                System.arraycopy(buf, pos, buf, 0, limit - pos);
                limit -= pos;
                pos = 0;
            }
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                eof = true;
                return false;
            }
            if (r == 0) {
                throw new IOException("stream returned no bytes for a blocking read");
            }
            limit += r;
        }
        return true;
    }

    /** The buffered byte {@code i} places ahead (0: the next one), without consuming it; {@code i < buffered()}. */
    public int peekAt(int i) {
        Objects.checkIndex(i, limit - pos);
        return buf[pos + i] & 0xFF;
    }

    /** The next byte without consuming it, or -1 at the end of the stream. */
    public int peek() throws IOException {
        return fill() ? buf[pos] & 0xFF : -1;
    }

    public int read() throws IOException {
        if (!fill()) {
            return -1;
        }
        consumed++;
        return buf[pos++] & 0xFF;
    }

    /**
     * Copies buffered bytes; when none are buffered does at most one read of the stream
     * (straight into {@code dst} when it is at least as large as the buffer). Returns -1 at
     * the end of the stream, 0 only when {@code len} is 0.
     */
    public int read(byte[] dst, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, dst.length);
        if (len == 0) {
            return 0;
        }
        if (pos == limit && len >= buf.length && !eof) {
            int n = in.read(dst, off, len);
            if (n < 0) {
                eof = true;
                return -1;
            }
            consumed += n;
            return n;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, limit - pos);
        System.arraycopy(buf, pos, dst, off, n);
        pos += n;
        consumed += n;
        return n;
    }

    /**
     * Writes up to {@code max} of the buffered bytes straight from this reader's buffer to
     * {@code out} and consumes them: a relay without a copy into a buffer of its own. Returns
     * how many were written (0 when none are buffered). When {@code out} fails nothing is consumed.
     */
    public int writeBuffered(OutputStream out, int max) throws IOException {
        int n = Math.min(limit - pos, max);
        if (n <= 0) {
            return 0;
        }
        out.write(buf, pos, n);
        pos += n;
        consumed += n;
        return n;
    }

    /** Skips up to {@code n} bytes: the buffered ones, else one read's worth. Returns 0 only at the end or for n <= 0. */
    public long skip(long n) throws IOException {
        if (n <= 0 || !fill()) {
            return 0;
        }
        int k = (int) Math.min(n, limit - pos);
        pos += k;
        consumed += k;
        return k;
    }

    /**
     * Appends the next line to {@code dst}: every byte before the next LF (a CR before the LF
     * is kept, so the caller can tell CRLF from a lone LF). Consumes the LF too.
     *
     * @return the number of bytes appended, or -1 when the stream ended before any byte
     * @throws EOFException when the stream ends inside the line
     * @throws LineTooLongException when more than {@code max} bytes come before the LF; the
     *         first {@code max} bytes are then in {@code dst}
     */
    public int readLine(ByteBuf dst, int max) throws IOException {
        if (max < 0) {
            throw new IllegalArgumentException("negative max " + max);
        }
        int n = 0;
        while (true) {
            if (!fill()) {
                if (n == 0) {
                    return -1;
                }
                throw new EOFException("stream ended inside a line after " + n + " bytes");
            }
            int room = max - n;
            int end = (int) Math.min(limit, (long) pos + room + 1);
            byte[] b = buf;
            for (int i = pos; i < end; i++) {
                if (b[i] == LF) {
                    int len = i - pos;
                    dst.write(b, pos, len);
                    consumed += len + 1;
                    pos = i + 1;
                    return n + len;
                }
            }
            int len = end - pos;
            if (len > room) {
                dst.write(b, pos, room);
                consumed += room;
                pos += room;
                throw new LineTooLongException(max);
            }
            dst.write(b, pos, len);
            consumed += len;
            pos = end;
            n += len;
        }
    }

    /** This reader as an InputStream; closing the view does not close the underlying stream. */
    public InputStream asInputStream() {
        if (view == null) {
            view = new View();
        }
        return view;
    }

    private final class View extends InputStream {
        @Override
        public int read() throws IOException {
            return ByteReader.this.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return ByteReader.this.read(b, off, len);
        }

        @Override
        public long skip(long n) throws IOException {
            return ByteReader.this.skip(n);
        }

        @Override
        public int available() {
            return buffered();
        }
    }
}
