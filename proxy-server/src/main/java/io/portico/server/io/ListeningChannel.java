package io.portico.server.io;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A listening socket whose acceptor threads (virtual) take connections blocking-style while
 * one {@link IoLoop} watches the socket for them.
 *
 * <p>An acceptor that finds nothing to accept parks as a waiter, and the loop wakes one waiter
 * per readiness. So a new connection costs no thread switch: a platform acceptor blocked in
 * {@code accept()} had the kernel switch to it for every connection (on a busy core, a tenth of
 * the CPU of connection-per-request traffic), and a virtual one blocked in the JDK's
 * {@code accept()} had the JDK's own poller re-arm and wake it. The loop keeps watching while
 * acceptors wait; when the socket turns ready with none waiting (all busy, they will find the
 * connection themselves) it stops watching, so the level-triggered selector does not spin, and
 * the next acceptor to wait starts it again.
 */
public final class ListeningChannel {
    private final ServerSocketChannel channel;
    private final IoLoop loop;
    /** Counted down once the socket is closed and its port free. */
    private final CountDownLatch released = new CountDownLatch(1);
    /** Held only to move waiters and flags, never across a wait. */
    private final ReentrantLock lock = new ReentrantLock();
    /** Guarded by lock. */
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    /** Guarded by lock: the loop watches for connections (or a task that makes it is queued). */
    private boolean watched;
    /** Guarded by lock. */
    private boolean closed;
    /** Loop thread only. */
    private SelectionKey key;

    private static final class Waiter {
        final Thread thread = Thread.currentThread();
        volatile boolean woken;
    }

    /** Takes over {@code channel} (bound already): from now on it is non-blocking and watched by a loop. */
    public ListeningChannel(ServerSocketChannel channel) throws IOException {
        this.channel = channel;
        this.loop = IoLoop.next();
        channel.configureBlocking(false);
    }

    /**
     * The next connection, waiting for one when none is pending: a blocking socket, as the
     * JDK hands it out. Several threads may accept at once.
     *
     * @throws ClosedChannelException once {@link #close} was called (also to a thread waiting then)
     * @throws IOException            when the accept itself fails (say, no file descriptors left)
     */
    public SocketChannel accept() throws IOException {
        while (true) {
            SocketChannel socket = channel.accept();
            if (socket != null) {
                return socket;
            }
            Waiter w = new Waiter();
            boolean watch;
            lock.lock();
            try {
                if (closed) {
                    throw new ClosedChannelException();
                }
                waiters.add(w);
                watch = !watched;
                watched = true;
            } finally {
                lock.unlock();
            }
            if (watch) {
                loop.execute(this::watch);
            }
            while (!w.woken) {
                LockSupport.park(this);
            }
        }
    }

    /**
     * Stops accepting: every waiting acceptor gets a ClosedChannelException, and the socket
     * closes on the loop (a closer on another thread would contend with the selector for the
     * key). Returns once the port is free, or after a few seconds if the loop does not answer.
     */
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
        } finally {
            lock.unlock();
        }
        loop.execute(this::closeOnLoop);
        try {
            released.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the loop's side ----

    private void watch() {
        try {
            if (key == null) {
                key = channel.register(loop.selector(), SelectionKey.OP_ACCEPT, this);
            } else {
                key.interestOps(SelectionKey.OP_ACCEPT);
            }
        } catch (ClosedChannelException | RuntimeException e) {
            // closed meanwhile: closeOnLoop wakes the waiters
        }
    }

    /** Called by the loop when a connection waits: wakes one acceptor, or stops watching when none waits. */
    void acceptable() {
        Waiter w;
        lock.lock();
        try {
            w = waiters.poll();
            if (w == null) {
                watched = false;
                key.interestOps(0);
                return;
            }
        } finally {
            lock.unlock();
        }
        wake(w);
    }

    private void closeOnLoop() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        // A registered channel's descriptor closes when the next select drops its key; tasks
        // run after that select.
        loop.execute(released::countDown);
        while (true) {
            Waiter w;
            lock.lock();
            try {
                w = waiters.poll();
            } finally {
                lock.unlock();
            }
            if (w == null) {
                return;
            }
            wake(w);
        }
    }

    private static void wake(Waiter w) {
        w.woken = true;
        LockSupport.unpark(w.thread);
    }
}
