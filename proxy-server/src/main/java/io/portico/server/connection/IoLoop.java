package io.portico.server.connection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One selector and the platform thread that runs it; a process has one per core. Every
 * socket is registered with one loop once, for reads, and stays registered until it closes.
 * The loop reads for the virtual thread that waits on a socket (so readiness is used up by
 * that read and never has to be re-armed), wakes writers when a full socket drains, ends
 * reads whose deadline passed, and hands idle sockets that receive bytes back to their owner.
 * It never runs protocol or module code.
 */
final class IoLoop {
    private static final Logger LOG = LoggerFactory.getLogger(IoLoop.class);
    /** How often deadlines are checked; a read timeout fires up to this late. */
    static final long TICK_MILLIS = 10;
    private static final long TICK_NANOS = TICK_MILLIS * 1_000_000L;
    /** Polls that found nothing before the loop blocks in the selector. */
    private static final int POLLS_BEFORE_BLOCKING = Integer.getInteger("portico.io.polls", 4);
    private static final IoLoop[] LOOPS = start(Math.max(1, Runtime.getRuntime().availableProcessors()));
    private static final AtomicInteger NEXT = new AtomicInteger();

    private final Selector selector;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private long lastSweep = System.nanoTime();
    /** A spill buffer kept ready for scattered reads (loop thread only). */
    private byte[] spare;

    private IoLoop(Selector selector) {
        this.selector = selector;
    }

    private static IoLoop[] start(int n) {
        IoLoop[] loops = new IoLoop[n];
        for (int i = 0; i < n; i++) {
            try {
                loops[i] = new IoLoop(Selector.open());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open a selector", e);
            }
            Thread.ofVirtual().name("portico-io-" + i).start(loops[i]::run);
        }
        return loops;
    }

    /** The loop a new socket joins: round robin over the cores. */
    static IoLoop next() {
        IoLoop[] loops = LOOPS;
        return loops[(NEXT.getAndIncrement() & Integer.MAX_VALUE) % loops.length];
    }

    /** Runs {@code task} on the loop thread soon (registration, re-arming, failing waiters). */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    /** The loop's spare spill buffer; stays the loop's until {@link #takeSpare}. */
    byte[] spare() {
        if (spare == null) {
            spare = SelectedChannel.SPILLS.take();
        }
        return spare;
    }

    /** Hands the spare to a channel; the next {@link #spare} takes another. */
    void takeSpare() {
        spare = null;
    }

    Selector selector() {
        return selector;
    }

    private void run() {
        int quiet = 0;
        while (true) {
            try {
                int n = quiet < POLLS_BEFORE_BLOCKING
                        ? selector.selectNow(IoLoop::ready)
                        : selector.select(IoLoop::ready, TICK_MILLIS);
                quiet = n == 0 ? quiet + 1 : 0;
                Runnable task;
                while ((task = tasks.poll()) != null) {
                    task.run();
                }
                long now = System.nanoTime();
                if (now - lastSweep >= TICK_NANOS) {
                    lastSweep = now;
                    for (SelectionKey key : selector.keys()) {
                        if (key.attachment() instanceof SelectedChannel c) {
                            c.tick(now);
                        }
                    }
                }
                if (quiet < POLLS_BEFORE_BLOCKING) {
                    Thread.yield(); // let the threads just woken run before polling again
                }
            } catch (Throwable t) {
                // One bad key must not stop every socket of the loop.
                LOG.warn("io loop: {}", t.toString());
                LOG.debug("stack of the failure above", t);
            }
        }
    }

    private static void ready(SelectionKey key) {
        SelectedChannel c = (SelectedChannel) key.attachment();
        if (!key.isValid()) {
            return;
        }
        int ops = key.readyOps();
        if ((ops & SelectionKey.OP_WRITE) != 0) {
            c.writable();
        }
        if ((ops & SelectionKey.OP_READ) != 0) {
            c.readable();
        }
    }
}
