package io.portico.http1;

import io.portico.http.ProtocolException;
import io.portico.http.ProtocolException.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * Caps a body at {@code max} bytes: reading a byte past the cap throws BODY_TOO_LARGE (413).
 * A body of exactly {@code max} bytes reads to its end normally.
 */
public final class LimitedInputStream extends InputStream {
    private final InputStream in;
    private final long max;
    private long count;

    public LimitedInputStream(InputStream in, long max) {
        if (max < 0) {
            throw new IllegalArgumentException("negative max " + max);
        }
        this.in = in;
        this.max = max;
    }

    /** Bytes read so far. */
    public long count() {
        return count;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            counted(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        // One byte more than the cap allows is enough to tell "over" from "exactly at".
        int n = in.read(b, off, (int) Math.min(len, max - count + 1));
        if (n > 0) {
            counted(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long k = in.skip(Math.min(n, max - count + 1));
        if (k > 0) {
            counted(k);
        }
        return k;
    }

    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private void counted(long n) {
        count += n;
        if (count > max) {
            throw new ProtocolException(Kind.BODY_TOO_LARGE, "body over " + max + " bytes");
        }
    }
}
