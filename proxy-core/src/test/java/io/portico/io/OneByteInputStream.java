package io.portico.io;

import java.io.InputStream;

/** Hands out its bytes one per read call, as a slow network would, and counts the calls. */
public final class OneByteInputStream extends InputStream {
    private final byte[] bytes;
    private int pos;
    private int reads;

    public OneByteInputStream(byte[] bytes) {
        this.bytes = bytes;
    }

    /** How many read calls were made, including the ones that returned -1. */
    public int reads() {
        return reads;
    }

    @Override
    public int read() {
        reads++;
        return pos < bytes.length ? bytes[pos++] & 0xFF : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        reads++;
        if (pos == bytes.length) {
            return -1;
        }
        b[off] = bytes[pos++];
        return 1;
    }
}
