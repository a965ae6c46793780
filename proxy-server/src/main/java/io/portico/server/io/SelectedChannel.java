package io.portico.server.io;

import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;

/**
 * A non-blocking socket channel with blocking-style reads and writes for virtual threads,
 * driven by one {@link IoLoop}.
 *
 * <p>The loop watches reads all the time and, whenever the socket turns readable, reads at
 * once: into the buffer of an owner that waits, into a spill buffer when the owner is busy,
 * or into a fresh buffer for an owner that went away while idle. So readiness is used up by
 * the loop's one read, and a wait costs no failed read and no change of the selector's
 * interest. Read states, shared by the owning thread and the loop:
 * <ul>
 * <li>{@code BUSY}: the owner is working and nothing is known to be unread.</li>
 * <li>{@code WAITING}: the owner parked on a read and published where the bytes go.</li>
 * <li>{@code SPILLED}: bytes arrived while the owner was busy and wait in the spill buffer.</li>
 * <li>{@code SPILLED_DIRECT}: as SPILLED, but the loop stopped watching reads (the spill was
 *     full, or more came) so the level-triggered selector does not spin.</li>
 * <li>{@code DIRECT}: the loop is not watching reads (a new socket, the end of the stream, a full
 *     spill drained): the owner reads the socket itself and re-arms once a read finds nothing.</li>
 * <li>{@code IDLE}: no thread at all (an idle keep-alive connection); the loop reads the first
 *     bytes into a buffer the owner's {@link IdleWake} supplies, then wakes the owner.</li>
 * </ul>
 * The owner moves BUSY→WAITING/IDLE, DIRECT→BUSY and SPILLED or SPILLED_DIRECT→BUSY/DIRECT; the loop moves
 * WAITING/IDLE→anything, BUSY→SPILLED, SPILLED_DIRECT or DIRECT, and SPILLED→SPILLED_DIRECT.
 */
final class SelectedChannel {
    static final int BUSY = 0;
    static final int WAITING = 1;
    static final int SPILLED = 2;
    static final int SPILLED_DIRECT = 3;
    static final int DIRECT = 4;
    static final int IDLE = 5;

    static final int EOF = -1;
    static final int TIMEOUT = -2;
    static final int CLOSED = -3;
    static final int FAILED = -4;

    /** Spill buffers: only held while bytes that arrived early wait for their owner. */
    static final BufferPool SPILLS = new BufferPool(16 * 1024, 1024);
    /** Reads into targets this large also fill a spill buffer in the same call. */
    private static final int SCATTER_AT = 8 * 1024;

    private static final VarHandle STATE;
    private static final VarHandle PEER_GONE;
    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(SelectedChannel.class, "state", int.class);
            PEER_GONE = MethodHandles.lookup().findVarHandle(SelectedChannel.class, "peerGone", Runnable.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
        // Resolves the exceptions read() throws in this class's constant pool before the JIT
        // compiles it. C2 compiles a `new` of an unresolved class as a trap: at the first reset
        // of a waiting read, mid-traffic, read() was deoptimized for every waiting thread (61
        // times when a load tool closed its 64 connections) and compiled again.
        new SocketException("Socket closed");
        new SocketTimeoutException("read timed out");
    }

    /** Called on the loop thread for a channel parked with {@link #suspend}. */
    interface IdleWake {
        /** A buffer for the first bytes of the next request. */
        byte[] buffer();

        /** The length of the arrays {@link #buffer} hands out. */
        int bufferSize();

        /** Starts the owner again: {@code result} bytes are in the buffer, or EOF, TIMEOUT, CLOSED or FAILED. */
        void resume(byte[] buffer, int result);
    }

    private final SocketChannel channel;
    private final IoLoop loop;
    /** Loop thread only. */
    private final Interest interest = new Interest();
    /** Loop thread only: in the loop's sweep of active or of idle channels. */
    boolean inActiveSweep;
    boolean inIdleSweep;

    private volatile int state = DIRECT;
    private volatile boolean closed;

    // The read the loop performs for a WAITING owner, published by the CAS to WAITING.
    private byte[] target;
    private int targetOffset;
    private int targetLength;
    private long readDeadline;
    private Thread reader;
    private int result;
    private String failure;
    /** A view of the array the owner read into last by {@link #readNow}; dropped with its buffers (owner only). */
    private ByteBuffer readView;

    // Bytes the loop read while the owner was busy, published by the move to SPILLED*.
    private byte[] spill;
    private int spillPos;
    private int spillLimit;

    // An IDLE channel's way back to its owner, published by the CAS to IDLE.
    private IdleWake idleWake;
    private long idleDeadline;

    final ChannelWrites writes = new ChannelWrites(this);

    /** Run by the loop if a read for nobody finds the connection reset (see {@link SocketIo#watchPeer}). */
    private volatile Runnable peerGone;

    SelectedChannel(SocketChannel channel, IoLoop loop) throws IOException {
        this.channel = channel;
        this.loop = loop;
        channel.configureBlocking(false);
    }

    SocketChannel channel() {
        return channel;
    }

    boolean isClosed() {
        return closed;
    }

    /** Held by the loop with no thread (see {@link #suspend}). */
    boolean idle() {
        return state == IDLE;
    }

    /** No thread waits on the channel and none will be woken by the loop (it may be forgotten once closed). */
    boolean settled() {
        int s = state;
        return s != WAITING && s != IDLE;
    }

    /**
     * True when the peer sent bytes or closed while nobody was reading (a pooled connection
     * gone stale, to be closed: finding out may consume a byte). Costs a read only when the
     * loop is not watching the socket.
     */
    boolean stale() {
        if (closed) {
            return true;
        }
        return switch (state) {
            case BUSY -> false;
            case DIRECT -> {
                try {
                    yield readNow(new byte[1], 0, 1) != 0;
                } catch (IOException e) {
                    yield true;
                }
            }
            default -> true;
        };
    }

    /**
     * As {@link #stale()}, and also reads the socket itself (one system call) for a close the loop
     * has not handled yet: for a request that cannot be sent twice (a POST).
     */
    boolean staleNow() {
        if (stale()) {
            return true;
        }
        try {
            return channel.read(ByteBuffer.allocate(1)) != 0;
        } catch (IOException e) {
            return true;
        }
    }

    // ---- the owner's side ----

    /**
     * Reads at least one byte into {@code b}, waiting up to {@code deadlineNanos}
     * ({@link System#nanoTime()}; 0 waits forever). Returns -1 at the end of the stream.
     */
    int read(byte[] b, int off, int len, long deadlineNanos) throws IOException {
        while (true) {
            if (closed) {
                throw new SocketException("Socket closed");
            }
            int s = state;
            if (s != BUSY) {
                int n = readNow(b, off, len);
                if (n != 0) {
                    return n;
                }
                continue;
            }
            target = b;
            targetOffset = off;
            targetLength = len;
            readDeadline = deadlineNanos;
            reader = Thread.currentThread();
            if (!STATE.compareAndSet(this, BUSY, WAITING)) {
                continue;
            }
            if (closed) {
                loop.execute(this::failWaiters);
            }
            while (state == WAITING) {
                LockSupport.park(this);
            }
            target = null;
            int r = result;
            return switch (r) {
                case TIMEOUT -> throw new SocketTimeoutException("read timed out");
                case CLOSED -> throw new SocketException("Socket closed");
                case FAILED -> throw new SocketException(failure);
                default -> r;
            };
        }
    }

    /** A read that never waits: bytes, -1 at the end, or 0 when none are known to be there. */
    int readNow(byte[] b, int off, int len) throws IOException {
        int s = state;
        if (s == SPILLED || s == SPILLED_DIRECT) {
            return takeSpill(s, b, off, len);
        }
        if (s != DIRECT) {
            return 0;
        }
        ByteBuffer view = readView = ChannelWrites.over(readView, b, off, len);
        int n = channel.read(view);
        if (n == 0) {
            state = BUSY;
            loop.execute(this::armRead);
        }
        return n;
    }

    private int takeSpill(int s, byte[] b, int off, int len) {
        int n = Math.min(len, spillLimit - spillPos);
        System.arraycopy(spill, spillPos, b, off, n);
        spillPos += n;
        if (spillPos == spillLimit) {
            SPILLS.give(spill);
            spill = null;
            if (s == SPILLED_DIRECT || !STATE.compareAndSet(this, SPILLED, BUSY)) {
                state = DIRECT;
            }
        }
        return n;
    }

    void watchPeer(Runnable onGone) {
        peerGone = onGone;
    }

    /** False when the loop took the callback: the peer is gone. */
    boolean unwatchPeer() {
        return PEER_GONE.getAndSet(this, (Runnable) null) != null;
    }

    /** Has the loop watch for the socket turning writable (a writer waits in {@link ChannelWrites}). */
    void watchWrites() {
        loop.execute(this::armWrite);
    }

    /**
     * Lets the owner's thread end while the connection stays open: the loop holds the channel
     * and calls {@code wake} when bytes arrive, at {@code deadlineNanos} (0 = never) or on
     * close. Returns false, and changes nothing, when bytes are already waiting.
     */
    boolean suspend(IdleWake wake, long deadlineNanos) {
        writes.forget();
        readView = null;
        idleWake = wake;
        idleDeadline = deadlineNanos;
        if (!STATE.compareAndSet(this, BUSY, IDLE)) {
            idleWake = null;
            return false;
        }
        // BUSY means the loop watches reads (or an armRead is queued), so it sees the next bytes.
        if (closed) {
            loop.execute(this::failWaiters);
        }
        return true;
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        writes.release();
        // The loop closes the socket: closing it here would take the selector's monitor for the
        // key it cancels, against the loop (see IoLoop.ready); the loop deregisters it anyway.
        loop.execute(this::closeOnLoop);
    }

    private void closeOnLoop() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing more to do with a socket that will not close
        }
        failWaiters();
    }

    // ---- the loop's side ----

    private boolean register() {
        boolean first = !interest.attempted();
        boolean registered = interest.register(channel, loop.selector(), this);
        if (first && registered) {
            loop.activated(this);
        } else if (first) {
            failWaiters();
        }
        return registered;
    }

    private void armRead() {
        if (register()) {
            interest.watch(SelectionKey.OP_READ);
        }
    }

    private void armWrite() {
        if (register()) {
            interest.watch(SelectionKey.OP_WRITE);
        }
        if (closed) {
            writes.release();
        }
    }

    void writable() {
        interest.unwatch(SelectionKey.OP_WRITE);
        writes.release();
    }

    void readable() {
        switch (state) {
            case WAITING -> {
                if (targetLength >= SCATTER_AT) {
                    readScattered();
                    return;
                }
                int n = readInto(target, targetOffset, targetLength);
                if (n > 0) {
                    complete(n, BUSY, null);
                } else if (n < 0) {
                    completeEnded(n);
                }
            }
            case BUSY -> spill();
            case IDLE -> readIdle();
            case SPILLED -> {
                if (STATE.compareAndSet(this, SPILLED, SPILLED_DIRECT)) {
                    stopWatching();
                } else {
                    readable(); // the owner took the spill meanwhile
                }
            }
            default -> stopWatching();
        }
    }

    /**
     * A read for a waiting owner with a buffer-sized target: what does not fit goes on into a
     * spill buffer in the same system call, so a response a little larger than the buffer
     * costs one read, not two reads and a second wake-up of the loop.
     */
    private void readScattered() {
        byte[] extra = loop.spare();
        int n = readDirect(targetLength + extra.length);
        ByteBuffer in = loop.lastRead();
        if (n == 0) {
            return;
        }
        if (n < 0) {
            completeEnded(n);
            return;
        }
        if (n <= targetLength) {
            in.get(0, target, targetOffset, n);
            complete(n, BUSY, null);
            return;
        }
        in.get(0, target, targetOffset, targetLength);
        in.get(targetLength, extra, 0, n - targetLength);
        loop.takeSpare();
        spill = extra;
        spillPos = 0;
        spillLimit = n - targetLength;
        boolean full = spillLimit == extra.length;
        if (full) {
            stopWatching();
        }
        complete(targetLength, full ? SPILLED_DIRECT : SPILLED, null);
    }

    /**
     * The first bytes of an idle connection's next request, read into the loop's buffer: the
     * owner's buffer is taken only when bytes came. A close takes none (when thousands of idle
     * connections closed at once, each took a 16 KiB buffer just to learn of its end).
     */
    private void readIdle() {
        int n = readDirect(idleWake.bufferSize());
        if (n == 0) {
            return;
        }
        byte[] buf = null;
        if (n > 0) {
            buf = idleWake.buffer();
            loop.lastRead().get(0, buf, 0, n);
        }
        resumeIdle(buf, n);
    }

    /** Reads what arrived while the owner is busy into a spill buffer, so readiness is used up. */
    private void spill() {
        byte[] buf = SPILLS.take();
        int n = readInto(buf, 0, buf.length);
        if (n == 0) {
            SPILLS.give(buf);
            return;
        }
        boolean full = n == buf.length;
        if (n < 0 || full) {
            stopWatching();
        }
        if (n < 0) {
            SPILLS.give(buf);
            if (!STATE.compareAndSet(this, BUSY, DIRECT)) {
                finishEarly(null, n);
            } else if (n == FAILED) {
                Runnable gone = (Runnable) PEER_GONE.getAndSet(this, (Runnable) null);
                if (gone != null) {
                    gone.run();
                }
            }
            return;
        }
        spill = buf;
        spillPos = 0;
        spillLimit = n;
        if (!STATE.compareAndSet(this, BUSY, full ? SPILLED_DIRECT : SPILLED)) {
            finishEarly(buf, n);
        }
    }

    /** The owner began to wait, or went idle, while the loop was reading into a spill buffer. */
    private void finishEarly(byte[] buf, int n) {
        boolean watching = interest.watching(SelectionKey.OP_READ);
        if (state == WAITING) {
            if (n < 0) {
                completeEnded(n);
                return;
            }
            int m = Math.min(n, targetLength);
            System.arraycopy(buf, 0, target, targetOffset, m);
            spillPos = m;
            int after;
            if (m < n) {
                after = watching ? SPILLED : SPILLED_DIRECT;
            } else {
                spill = null;
                SPILLS.give(buf);
                after = watching ? BUSY : DIRECT;
            }
            complete(m, after, null);
        } else { // IDLE: the spill becomes the buffer the owner resumes with
            spill = null;
            if (!watching && n > 0) {
                armRead(); // it resumes BUSY, so the loop must watch again
            }
            resumeIdle(n < 0 ? null : buf, n);
        }
    }

    /** One read on the loop thread: bytes, 0, EOF, or FAILED (with {@link #failure} set). */
    private int readInto(byte[] b, int off, int len) {
        int n = readDirect(len);
        if (n > 0) {
            loop.lastRead().get(0, b, off, n);
        }
        return n;
    }

    /**
     * One read of at most {@code len} bytes into the loop's buffer ({@link IoLoop#lastRead}
     * until the next): bytes, 0, EOF, or FAILED (with {@link #failure} set).
     */
    private int readDirect(int len) {
        ByteBuffer in = loop.reads();
        in.limit(Math.min(in.capacity(), len));
        try {
            return channel.read(in);
        } catch (IOException e) {
            failure = e.getMessage();
            return FAILED;
        }
    }

    private void stopWatching() {
        interest.unwatch(SelectionKey.OP_READ);
    }

    /** Ends a wait whose deadline passed, and the waits of a closed channel. */
    void tick(long now) {
        writes.tick(now);
        int s = state;
        if (s == WAITING && (closed || readDeadline != 0 && now - readDeadline >= 0)) {
            complete(closed ? CLOSED : TIMEOUT, BUSY, null);
        } else if (s == IDLE && (closed || idleDeadline != 0 && now - idleDeadline >= 0)) {
            resumeIdle(null, closed ? CLOSED : TIMEOUT);
        }
    }

    private void failWaiters() {
        int s = state;
        if (s == WAITING) {
            complete(closed ? CLOSED : FAILED, BUSY, "socket could not be watched");
        } else if (s == IDLE) {
            resumeIdle(null, closed ? CLOSED : FAILED);
        }
        writes.release();
    }

    /** Ends a wait with the end of the stream or a failed read ({@code n} < 0): the loop stops watching reads. */
    private void completeEnded(int n) {
        stopWatching();
        complete(n == EOF ? EOF : closed ? CLOSED : FAILED, DIRECT, failure);
    }

    private void complete(int r, int after, String why) {
        result = r;
        failure = why;
        Thread t = reader;
        state = after;
        LockSupport.unpark(t);
    }

    private void resumeIdle(byte[] buf, int r) {
        IdleWake wake = idleWake;
        idleWake = null;
        loop.activated(this); // its next waits need the every-tick sweep
        if (r < 0) {
            stopWatching();
        }
        state = r < 0 ? DIRECT : BUSY;
        wake.resume(buf, r);
    }
}
