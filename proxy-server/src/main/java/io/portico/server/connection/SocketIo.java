package io.portico.server.connection;

import io.portico.io.ByteReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;

/**
 * Every read and write of one socket, client or backend side, goes through here: reads into
 * the connection's buffer under a timeout or a deadline, buffered writes that put a response
 * head and its first body bytes into one write, byte counters, close. Protocol code never
 * touches the socket. Owned by one thread at a time (the connection's or the request's).
 */
public final class SocketIo implements Closeable {
    private final Socket socket;
    private final TimedInput input;
    private final ByteReader reader;
    private final BufferedOut out;

    public SocketIo(Socket socket, byte[] readBuffer, byte[] writeBuffer) throws IOException {
        this.socket = socket;
        this.input = new TimedInput(socket, socket.getInputStream());
        this.reader = new ByteReader(input, readBuffer);
        this.out = new BufferedOut(socket.getOutputStream(), writeBuffer);
        ReadWatchdog.watch(this);
    }

    public ByteReader reader() {
        return reader;
    }

    /** Buffered output; call {@link #flush()} to put it on the wire. */
    public OutputStream out() {
        return out;
    }

    public void flush() throws IOException {
        out.flush();
    }

    /** Every later read may wait at most this long for bytes (0 = forever). */
    public void readTimeout(long millis) {
        input.timeout(millis);
    }

    /** Every later read must complete before this {@link System#nanoTime()} instant. */
    public void readDeadline(long deadlineNanos) {
        input.deadline(deadlineNanos);
    }

    /** True when a write to the peer has been blocked for longer than {@code timeoutNanos}. */
    public boolean writeStuck(long nowNanos, long timeoutNanos) {
        return out.stuck(nowNanos, timeoutNanos);
    }

    /** Bytes that actually went to the peer so far (a mark for {@link #discardUnsentSince}). */
    public long sent() {
        return out.sent();
    }

    /** Forgets the buffered output when none of it reached the peer since {@code sentMark}. */
    public boolean discardUnsentSince(long sentMark) {
        return out.discardSince(sentMark);
    }

    public long bytesIn() {
        return reader.consumed();
    }

    public long bytesOut() {
        return out.written();
    }

    public InetSocketAddress remote() {
        return (InetSocketAddress) socket.getRemoteSocketAddress();
    }

    public InetSocketAddress local() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public boolean isClosed() {
        return socket.isClosed();
    }

    /** Half-closes the output so the peer reads EOF after what was written. */
    public void shutdownOutput() {
        try {
            out.flush();
            socket.shutdownOutput();
        } catch (IOException ignored) {
            // the peer is gone; closing follows
        }
    }

    /** Ends a read that is past its timeout or deadline; called by {@link ReadWatchdog}. */
    void expireRead(long nowNanos) {
        input.expire(nowNanos);
    }

    @Override
    public void close() {
        ReadWatchdog.unwatch(this);
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing left to do with a socket that will not close
        }
    }

    /**
     * Applies a per-read timeout or an absolute deadline to every read of the socket. Reads
     * block without a socket timeout: on a virtual thread a timed read costs a timer in the
     * scheduler (a wake-up of its delay thread, two futex calls and a context switch) for
     * every read that waits, which at proxy rates was half the CPU. Instead the read publishes
     * its deadline and {@link ReadWatchdog} ends it, by shutting the socket's input, once the
     * deadline passed. A timed-out socket stays unreadable: every timeout closes the
     * connection anyway (after a 408 to a client, whose output still works).
     */
    private static final class TimedInput extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private long timeoutNanos;
        private long deadlineNanos;
        private boolean useDeadline;
        /** Deadline ({@link System#nanoTime()}, odd) of the read now under way, 0 when none is; read by the watchdog. */
        private volatile long readingUntil;
        private volatile boolean timedOut;

        TimedInput(Socket socket, InputStream in) {
            this.socket = socket;
            this.in = in;
        }

        void timeout(long millis) {
            timeoutNanos = millis * 1_000_000L;
            useDeadline = false;
        }

        void deadline(long nanos) {
            deadlineNanos = nanos;
            useDeadline = true;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long until;
            if (useDeadline) {
                if (deadlineNanos - System.nanoTime() <= 0) {
                    throw new SocketTimeoutException("read deadline passed");
                }
                until = deadlineNanos | 1;
            } else {
                until = timeoutNanos == 0 ? 0 : (System.nanoTime() + timeoutNanos) | 1;
            }
            if (timedOut) {
                throw new SocketTimeoutException("read timed out");
            }
            readingUntil = until;
            try {
                int n = in.read(b, off, len);
                if (n < 0 && timedOut) {
                    throw new SocketTimeoutException("read timed out");
                }
                return n;
            } catch (IOException e) {
                if (timedOut && !(e instanceof SocketTimeoutException)) {
                    throw new SocketTimeoutException("read timed out");
                }
                throw e;
            } finally {
                readingUntil = 0;
            }
        }

        /** Ends the read under way when its deadline passed; called by the watchdog. */
        void expire(long nowNanos) {
            long until = readingUntil;
            if (until == 0 || nowNanos - until < 0 || timedOut) {
                return;
            }
            timedOut = true;
            try {
                socket.shutdownInput();
            } catch (IOException | RuntimeException e) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // the reader fails either way
                }
            }
        }

        @Override
        public int available() throws IOException {
            return in.available();
        }
    }
}
