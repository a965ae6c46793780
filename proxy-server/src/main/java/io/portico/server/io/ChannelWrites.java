package io.portico.server.io;

import java.io.IOException;
import java.net.SocketException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;

/**
 * The write side of a {@link SelectedChannel}: writes go straight to the non-blocking socket,
 * and while its send buffer is full the writer parks until the loop sees the socket writable
 * (or it closes). One writer at a time: the connection's thread.
 */
final class ChannelWrites {
    private final SelectedChannel owner;
    private volatile Thread writer;
    private volatile boolean waiting;
    /**
     * A view of the array written last: a connection writes from its one output buffer, so the
     * view serves write after write instead of a new one each time. Dropped when the
     * connection idles and gives its buffer back (owner thread only).
     */
    private ByteBuffer view;
    /** Views of the two arrays a gathering write wrote last (a response head, a backend's buffer); the same rule. */
    private ByteBuffer[] pair;
    /** client_write_min_rate, or null; with the bytes written since the last wait (writer only). */
    private MinRate rate;
    private long moved;
    /** When the waiting writer's rate budget runs out (0: no such wait), checked by the loop's tick. */
    private volatile long rateDeadline;
    /** Where a late TCP_NODELAY stands (see {@link #noDelayFromSecondWrite}); writer only. */
    private int nagle = NAGLE_OFF;
    private static final int NAGLE_OFF = 0;
    private static final int NAGLE_NOTHING_WRITTEN = 1;
    private static final int NAGLE_ONE_WRITE = 2;

    ChannelWrites(SelectedChannel owner) {
        this.owner = owner;
    }

    /**
     * Leaves Nagle's algorithm on until the second write, and turns it off (TCP_NODELAY) then.
     * Nagle holds back a small segment only while earlier data is unacknowledged, so a first write
     * leaves at once with or without it; a connection that ends after one response, as every
     * connection-per-request client's does, saves the setsockopt (nginx sets it only when a
     * connection is kept alive, for the same reason).
     */
    void noDelayFromSecondWrite() {
        nagle = NAGLE_NOTHING_WRITTEN;
    }

    private void beforeWrite() throws IOException {
        if (nagle == NAGLE_NOTHING_WRITTEN) {
            nagle = NAGLE_ONE_WRITE;
        } else {
            noDelay();
        }
    }

    private void noDelay() throws IOException {
        nagle = NAGLE_OFF;
        owner.channel().setOption(StandardSocketOptions.TCP_NODELAY, true);
    }

    /** Writes all of {@code b[off, off+len)}, waiting while the socket's send buffer is full. */
    void write(byte[] b, int off, int len) throws IOException {
        if (nagle != NAGLE_OFF) {
            beforeWrite();
        }
        SocketChannel channel = owner.channel();
        ByteBuffer buf = view = over(view, b, off, len);
        while (buf.hasRemaining()) {
            int n = channel.write(buf);
            if (n > 0) {
                moved += n;
                continue;
            }
            awaitWritable();
        }
    }

    /** Writes {@code a[0, alen)} and then {@code b[off, off+len)}, in one system call when the socket takes them. */
    void write(byte[] a, int alen, byte[] b, int off, int len) throws IOException {
        if (nagle != NAGLE_OFF) {
            beforeWrite();
        }
        SocketChannel channel = owner.channel();
        ByteBuffer[] bufs = pair;
        if (bufs == null) {
            bufs = new ByteBuffer[2];
            pair = bufs;
        }
        bufs[0] = over(bufs[0], a, 0, alen);
        bufs[1] = over(bufs[1], b, off, len);
        while (bufs[1].hasRemaining()) {
            long n = channel.write(bufs);
            if (n > 0) {
                moved += n;
                continue;
            }
            awaitWritable();
        }
    }

    /** {@code kept} when it is a view of {@code a}, else a new view; set to {@code a[off, off+len)}. */
    static ByteBuffer over(ByteBuffer kept, byte[] a, int off, int len) {
        ByteBuffer v = kept != null && kept.array() == a ? kept : ByteBuffer.wrap(a);
        v.limit(off + len).position(off);
        return v;
    }

    /** The connection gave its buffers back: the view must not keep one. */
    void forget() {
        view = null;
        pair = null;
    }

    void rate(MinRate r) {
        rate = r;
        moved = 0;
    }

    /** The loop's tick: a writer waiting past its rate budget looks again (see {@link #awaitWritable}). */
    void tick(long now) {
        long d = rateDeadline;
        if (d != 0 && now - d >= 0) {
            release(); // the writer clears the deadline itself (a later wait may have set a new one)
        }
    }

    /** The loop saw the socket writable, or it closed: a waiting writer goes on. */
    void release() {
        waiting = false;
        Thread w = writer;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    private void awaitWritable() throws IOException {
        if (nagle != NAGLE_OFF) {
            noDelay(); // the rest of this write follows unacknowledged bytes
        }
        MinRate r = rate;
        long start = 0;
        if (r != null) {
            // Only a full send buffer costs clock reads: a client that keeps up never gets here.
            r.account(0, moved);
            moved = 0;
            if (r.allowanceNanos() <= 0) {
                throw new BelowMinRate(BelowMinRate.Side.WRITE, r.bytesPerSecond());
            }
            start = System.nanoTime();
            rateDeadline = (start + r.allowanceNanos()) | 1;
        }
        writer = Thread.currentThread();
        waiting = true;
        owner.watchWrites();
        while (waiting && !owner.isClosed()) {
            LockSupport.park(this);
        }
        if (r != null) {
            // Woken at the end of its budget, the writer tries again: the socket turns writable only
            // once half its buffer drained, but any room it made since is bytes the client took.
            rateDeadline = 0;
            r.account(System.nanoTime() - start, 0);
        }
        if (owner.isClosed()) {
            throw new SocketException("Socket closed");
        }
    }
}
