package io.portico.io;

import java.io.IOException;

/** {@link ByteReader#readLine} found no line end within the allowed length. */
public final class LineTooLongException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int max;

    public LineTooLongException(int max) {
        super("no line end within " + max + " bytes", null);
        this.max = max;
    }

    /** The limit that was exceeded, in bytes. */
    public int max() {
        return max;
    }
}
