package io.portico.http1;

import io.portico.io.ByteReader;
import java.io.IOException;
import java.io.InputStream;

/** A body delimited by the end of the connection (RFC 9112 §6.3 rule 8). */
public final class UntilCloseInputStream extends InputStream {
    private final ByteReader in;

    public UntilCloseInputStream(ByteReader in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        return in.read(b, off, len);
    }

    @Override
    public long skip(long n) throws IOException {
        return in.skip(n);
    }

    @Override
    public int available() {
        return in.buffered();
    }
}
