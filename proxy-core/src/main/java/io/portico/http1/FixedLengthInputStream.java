package io.portico.http1;

import io.portico.io.ByteReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * A body of exactly {@code length} bytes (Content-Length framing); runs on the connection's
 * thread. Closing it does not touch the connection; unread bytes stay unread.
 */
public final class FixedLengthInputStream extends InputStream {
    private final ByteReader in;
    private long remaining;

    public FixedLengthInputStream(ByteReader in, long length) {
        if (length < 0) {
            throw new IllegalArgumentException("negative length " + length);
        }
        this.in = in;
        this.remaining = length;
    }

    /** Bytes of the body not yet read. */
    public long remaining() {
        return remaining;
    }

    @Override
    public int read() throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int b = in.read();
        if (b < 0) {
            throw truncated();
        }
        remaining--;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (remaining == 0) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw truncated();
        }
        remaining -= n;
        return n;
    }

    /**
     * Waits until part of the rest of the body is buffered in the reader; false when none is
     * left. Throws when the stream ends early. With {@link #writeBufferedTo} it relays a body
     * without copying it, and keeps a failed read apart from a failed write.
     */
    public boolean awaitBuffered() throws IOException {
        if (remaining == 0) {
            return false;
        }
        if (!in.fill()) {
            throw truncated();
        }
        return true;
    }

    /** Writes the body's bytes already buffered in the reader to {@code out}; returns how many. */
    public int writeBufferedTo(OutputStream out) throws IOException {
        int n = in.writeBuffered(out, (int) Math.min(remaining, Integer.MAX_VALUE));
        remaining -= n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        if (n <= 0 || remaining == 0) {
            return 0;
        }
        long k = in.skip(Math.min(n, remaining));
        if (k == 0) {
            throw truncated();
        }
        remaining -= k;
        return k;
    }

    @Override
    public int available() {
        return (int) Math.min(in.buffered(), remaining);
    }

    private EOFException truncated() {
        return new EOFException("stream ended " + remaining + " bytes before the end of the body");
    }
}
