package io.portico.bench;

import java.io.InputStream;

/**
 * An endless stream that repeats one message, as a keep-alive connection carrying the same
 * request again and again would. A read never crosses the end of a message, so each message
 * arrives the way a socket usually delivers a small request: in one read. Allocates nothing.
 * Owned by one benchmark thread.
 */
final class LoopingInput extends InputStream {
    private final byte[] message;
    private int pos;

    LoopingInput(byte[] message) {
        if (message.length == 0) {
            throw new IllegalArgumentException("empty message");
        }
        this.message = message;
    }

    @Override
    public int read() {
        int b = message[pos] & 0xFF;
        pos = pos + 1 == message.length ? 0 : pos + 1;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        int n = Math.min(len, message.length - pos);
        System.arraycopy(message, pos, b, off, n);
        pos = pos + n == message.length ? 0 : pos + n;
        return n;
    }

    /** Back to the start of the message, for a benchmark that drops a half-read message. */
    void rewind() {
        pos = 0;
    }
}
