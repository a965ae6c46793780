package io.portico.server.admin;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * An admin socket's input, each read bounded either by a deadline (the whole request head within
 * client_header) or by a wait between bytes (client_idle, client_body). Runs on the connection's thread.
 */
final class DeadlineInput extends InputStream {
    private final Socket socket;
    private final InputStream in;
    private long deadlineNanos;
    private int waitMillis;

    DeadlineInput(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /** From now on every read ends by {@code nanos} (System.nanoTime()). */
    void deadline(long nanos) {
        deadlineNanos = nanos;
        waitMillis = 0;
    }

    /** From now on each read waits up to {@code millis} for bytes. */
    void waitBetweenBytes(int millis) {
        waitMillis = Math.max(1, millis);
    }

    @Override
    public int read() throws IOException {
        arm();
        return in.read();
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        arm();
        return in.read(b, off, len);
    }

    private void arm() throws IOException {
        if (waitMillis > 0) {
            socket.setSoTimeout(waitMillis);
            return;
        }
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            throw new SocketTimeoutException("deadline passed");
        }
        socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, left / 1_000_000)));
    }
}
