package io.portico.http2;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The send side of one connection's flow control, shared by its threads: stream threads wait
 * here for credit before they write DATA; the connection thread adds credit (WINDOW_UPDATE,
 * SETTINGS) and closes windows (RST_STREAM, end of the connection). One {@link ReentrantLock}
 * and {@link Condition} guard the connection's {@link SendWindow} and every stream's, so a
 * virtual thread that waits never pins its carrier. Nothing here blocks but {@link #acquire}.
 *
 * <p>The stream windows are {@link SendWindow}s the server makes with {@link #open} and keeps with
 * its streams; once handed to this class they must only be touched through it.
 */
public final class SendFlow {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition credit = lock.newCondition();
    private final SendWindow connection;
    private boolean closed;

    /** A connection whose send window starts at 65,535 bytes (§6.9.2). */
    public SendFlow() {
        this(Settings.DEFAULT_INITIAL_WINDOW_SIZE);
    }

    public SendFlow(int connectionWindow) {
        connection = new SendWindow(0, connectionWindow);
    }

    /** A new stream's send window, starting at the peer's current SETTINGS_INITIAL_WINDOW_SIZE. */
    public SendWindow open(int streamId, int initialWindowSize) {
        if (streamId <= 0) {
            throw new IllegalArgumentException("stream id " + streamId);
        }
        return new SendWindow(streamId, initialWindowSize);
    }

    /** Bytes the connection's window allows now (for metrics and tests). */
    public int connectionAvailable() {
        lock.lock();
        try {
            return connection.available();
        } finally {
            lock.unlock();
        }
    }

    /** Bytes the stream's window allows now (for metrics and tests). */
    public int available(SendWindow stream) {
        lock.lock();
        try {
            return stream.available();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until both the stream's and the connection's windows are above 0, then takes up to
     * {@code max} bytes from both; the caller then writes that much DATA (and no more).
     *
     * @return the bytes granted (1 to {@code max}), or 0 when {@code timeout} passed first
     * @throws IOException          when the stream or the connection was closed meanwhile (the
     *                              peer reset the stream, or the connection is going away)
     * @throws InterruptedException when the waiting thread is interrupted
     */
    public int acquire(SendWindow stream, int max, long timeout, TimeUnit unit) throws IOException, InterruptedException {
        if (max <= 0) {
            throw new IllegalArgumentException("acquire of " + max + " bytes");
        }
        long nanos = unit.toNanos(timeout);
        lock.lockInterruptibly();
        try {
            while (true) {
                if (closed) {
                    throw new IOException("connection closed while stream " + stream.streamId() + " waited to send");
                }
                if (stream.closed) {
                    throw new IOException("stream " + stream.streamId() + " closed while it waited to send");
                }
                int n = Math.min(max, Math.min(stream.available(), connection.available()));
                if (n > 0) {
                    stream.take(n);
                    connection.take(n);
                    return n;
                }
                if (nanos <= 0) {
                    return 0;
                }
                nanos = credit.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds a WINDOW_UPDATE's increment to the stream's window (or the connection's, when
     * {@code stream} is null) and wakes the waiters.
     *
     * @throws Http2Exception FLOW_CONTROL_ERROR on overflow, see {@link SendWindow#expand}
     */
    public void expand(SendWindow stream, int increment) {
        lock.lock();
        try {
            (stream == null ? connection : stream).expand(increment);
            credit.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds a change of the peer's SETTINGS_INITIAL_WINDOW_SIZE to every open stream's window
     * (never the connection's, §6.9.2) and wakes the waiters.
     *
     * @throws ConnectionException FLOW_CONTROL_ERROR when a window would exceed 2^31-1
     */
    public void adjust(Iterable<SendWindow> streams, int delta) {
        if (delta == 0) {
            return;
        }
        lock.lock();
        try {
            for (SendWindow w : streams) {
                w.adjust(delta);
            }
            credit.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Closes a stream's window (it was reset or finished): its waiter, if any, gets an IOException. */
    public void close(SendWindow stream) {
        lock.lock();
        try {
            stream.closed = true;
            credit.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Closes every window: the connection is going away; every waiter gets an IOException. */
    public void closeAll() {
        lock.lock();
        try {
            closed = true;
            credit.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
