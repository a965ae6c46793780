package io.portico.server.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One selector and the two threads that take turns running it (see {@link #run}); a process
 * has one per core. Every
 * socket is registered with one loop once, for reads, and stays registered until it closes.
 * The loop reads for the virtual thread that waits on a socket (so readiness is used up by
 * that read and never has to be re-armed), wakes writers when a full socket drains, ends
 * reads whose deadline passed, hands idle sockets that receive bytes back to their owner,
 * and wakes an acceptor when a listening socket has a connection ({@link ListeningChannel}).
 * It never runs protocol or module code.
 */
final class IoLoop {
    private static final Logger LOG = LoggerFactory.getLogger(IoLoop.class);
    /** How often deadlines are checked; a read timeout fires up to this late. */
    static final long TICK_MILLIS = 25;
    private static final long TICK_NANOS = TICK_MILLIS * 1_000_000L;
    /** How often the deadlines of threadless idle connections are checked. */
    private static final long IDLE_SWEEP_NANOS = 1_000_000_000L;
    /** Polls that found nothing before the loop blocks in the selector. */
    private static final int POLLS_BEFORE_BLOCKING = Integer.getInteger("portico.io.polls", 4);
    /**
     * How long the poller keeps the carrier under steady load before it parks once, so that
     * threads woken from outside the carrier run (see {@link #run}). A hand-over costs two
     * thread switches and a select.
     */
    private static final long BUSY_NANOS_BEFORE_BLOCKING = 10_000_000L;
    private static final IoLoop[] LOOPS = start(Math.max(1, Runtime.getRuntime().availableProcessors()));
    private static final AtomicInteger NEXT = new AtomicInteger();
    /** The largest read of the loop: a backend response buffer (32 KiB) and a spill buffer after it. */
    static final int READ_BUFFER_SIZE = 64 * 1024;

    private final Selector selector;
    private final Consumer<SelectionKey> onReady = this::ready;
    /** Keys of live channels the current select handled, or found ready (loop thread only). */
    private int handled;
    private int ready;
    private final Consumer<SelectionKey> countReady = key -> {
        if (key.isValid()) {
            ready++;
        }
    };
    /** System.nanoTime() at the last turn (loop thread only). */
    private long now = System.nanoTime();
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private long lastSweep = System.nanoTime();
    /** A spill buffer kept ready for scattered reads (loop thread only). */
    private byte[] spare;
    /**
     * The loop's reads land here first and are copied into the owner's arrays. The JDK does the
     * same with a temporary direct buffer for every read into a heap buffer; reading here
     * saves the ByteBuffer views it would need around the arrays on every read (loop thread only).
     */
    private final ByteBuffer reads = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
    /**
     * The channels registered with this loop, for the deadline sweeps (loop thread only): the
     * active ones (a thread works or waits on them) are checked every tick, the threadless idle
     * ones once a second — idle connections are many and their deadlines are seconds long.
     */
    private final ArrayList<SelectedChannel> active = new ArrayList<>();
    private final ArrayList<SelectedChannel> idle = new ArrayList<>();
    private long lastIdleSweep = System.nanoTime();
    /** Which half holds the selector: the blocking platform thread (true) or the polling virtual one. */
    private volatile boolean sleeping;
    private Thread poller;
    private Thread sleeper;

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
            IoLoop loop = loops[i];
            loop.sleeper = Thread.ofPlatform().daemon().name("portico-io-" + i + "-wait").unstarted(loop::sleep);
            loop.poller = Thread.ofVirtual().name("portico-io-" + i).unstarted(loop::run);
            loop.sleeper.start();
            loop.poller.start();
        }
        return loops;
    }

    /** The loop a new socket joins: round robin over the cores. */
    static IoLoop next() {
        IoLoop[] loops = LOOPS;
        return loops[(NEXT.getAndIncrement() & Integer.MAX_VALUE) % loops.length];
    }

    /**
     * Runs {@code task} on the loop thread soon (registration, re-arming, failing waiters). Only
     * a selector the blocking half holds needs waking: the polling half runs the tasks after
     * every poll, and a wake-up costs two syscalls (the selector's eventfd written, then read).
     * The task is queued before {@code sleeping} is read, and the blocking half checks the queue
     * after {@code sleeping} is set and before it blocks, so one of them sees the other.
     */
    void execute(Runnable task) {
        tasks.add(task);
        if (sleeping) {
            selector.wakeup();
        }
    }

    /** The loop's spare spill buffer; stays the loop's until {@link #takeSpare}. */
    byte[] spare() {
        if (spare == null) {
            spare = SelectedChannel.SPILLS.take();
        }
        return spare;
    }

    /** The loop's read buffer, cleared (loop thread only). */
    ByteBuffer reads() {
        return reads.clear();
    }

    /** The loop's read buffer as the last read left it: its bytes from index 0 (loop thread only). */
    ByteBuffer lastRead() {
        return reads;
    }

    /** Hands the spare to a channel; the next {@link #spare} takes another. */
    void takeSpare() {
        spare = null;
    }

    Selector selector() {
        return selector;
    }

    /**
     * The polling half of the loop, on a virtual thread: while there is work it polls without
     * blocking and yields to the threads it woke, so under load the loop shares the carrier
     * with them and no thread switch is needed. After a few polls that found nothing it hands
     * the selector to {@link #sleep}, a platform thread that blocks in it. (A virtual thread
     * blocking in a selector would have the JDK register the selector's epoll descriptor with its
     * own poller each time, and that costs time in proportion to the sockets it holds: about
     * 0.6 ms per wait with 5,000 idle connections.)
     *
     * <p>Every thread the loop wakes is woken here, on the carrier, so it joins the carrier's
     * own queue. The carrier runs that queue before the pool's external one, and the poller
     * keeps the queue full while it yields: a thread woken from another platform thread would
     * wait until the poller parks, and so would a started one (hence {@link Runners}, and the
     * hand-over while {@link Runners#starting} threads wait to run). So under
     * steady load the poller still parks now and then ({@link #BUSY_NANOS_BEFORE_BLOCKING}), for
     * the rare threads woken from outside (timed waits, the JDK's own I/O); in the one wedge
     * seen, 1,480 of them waited for minutes.
     */
    private void run() {
        int quiet = 0;
        long busySince = System.nanoTime();
        while (true) {
            if (quiet >= POLLS_BEFORE_BLOCKING || now - busySince >= BUSY_NANOS_BEFORE_BLOCKING || Runners.starting()) {
                awaitTurn(sleeper, false);
                quiet = 0;
                busySince = now;
            }
            if (turn(selectNow())) {
                quiet = 0;
            } else {
                quiet++;
            }
            if (quiet < POLLS_BEFORE_BLOCKING) {
                Thread.yield(); // let the threads just woken run before polling again
            }
        }
    }

    /**
     * The blocking half of the loop, on a platform thread: it holds the selector while nothing
     * happens and only waits. Ready sockets stay ready (the selector is level-triggered), so it
     * leaves them, and the queued tasks, to the poller, which wakes their threads from the
     * carrier (see {@link #run}: a thread this platform thread woke would wait in the external
     * queue while the poller keeps the carrier busy). Only the deadline sweep of a quiet loop
     * runs here, and what it wakes finds the carrier idle.
     */
    private void sleep() {
        while (true) {
            while (!sleeping) {
                LockSupport.park(this);
            }
            while (tasks.isEmpty() && awaitReady() == 0) {
                sweepIfDue(); // nothing yet: block again (the timeout is the deadline sweep's tick)
            }
            // Threads just started run before the poller has the carrier again (else a busy
            // poller keeps them waiting, see Runners).
            Runners.awaitStarts();
            awaitTurn(poller, true);
        }
    }

    /** Hands the selector to the other half and waits for it to come back. */
    private void awaitTurn(Thread other, boolean toPoller) {
        sleeping = !toPoller;
        LockSupport.unpark(other);
        while (sleeping != toPoller) {
            LockSupport.park(this);
        }
    }

    private int selectNow() {
        try {
            handled = 0;
            selector.selectNow(onReady);
            return handled;
        } catch (IOException | RuntimeException e) {
            LOG.warn("io loop: {}", e.toString());
            return 0;
        }
    }

    /** Blocks until a socket is ready, a task is queued or a tick passed; returns the live ready keys, left for the poller. */
    private int awaitReady() {
        try {
            ready = 0;
            selector.select(countReady, TICK_MILLIS);
            return ready;
        } catch (IOException | RuntimeException e) {
            LOG.warn("io loop: {}", e.toString());
            return 0;
        }
    }

    /** After a select that found {@code ready} keys: the queued tasks and the deadline sweep. True when anything happened. */
    private boolean turn(int ready) {
        boolean worked = ready > 0;
        try {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                task.run();
                worked = true;
            }
        } catch (Throwable t) {
            // One bad channel must not stop every socket of the loop.
            LOG.warn("io loop: {}", t.toString());
            LOG.debug("stack of the failure above", t);
        }
        sweepIfDue();
        return worked;
    }

    /** The deadline sweep, once a tick; also sets {@link #now}. */
    private void sweepIfDue() {
        now = System.nanoTime();
        if (now - lastSweep < TICK_NANOS) {
            return;
        }
        lastSweep = now;
        try {
            sweep(now);
        } catch (Throwable t) {
            LOG.warn("io loop: {}", t.toString());
            LOG.debug("stack of the failure above", t);
        }
    }

    /** Called on the loop thread when a channel registers, or when an idle one gets a thread again. */
    void activated(SelectedChannel c) {
        if (!c.inActiveSweep) {
            c.inActiveSweep = true;
            active.add(c);
        }
    }

    /** Ends the waits whose deadline passed; moves channels between the sweeps; forgets closed ones. */
    private void sweep(long now) {
        for (int i = 0; i < active.size(); ) {
            SelectedChannel c = active.get(i);
            c.tick(now);
            boolean gone = c.isClosed() && c.settled();
            if (gone || c.idle()) {
                c.inActiveSweep = false;
                if (!gone && !c.inIdleSweep) {
                    c.inIdleSweep = true;
                    idle.add(c);
                }
                removeAt(active, i);
            } else {
                i++;
            }
        }
        if (now - lastIdleSweep < IDLE_SWEEP_NANOS) {
            return;
        }
        lastIdleSweep = now;
        for (int i = 0; i < idle.size(); ) {
            SelectedChannel c = idle.get(i);
            c.tick(now);
            if (c.idle() && !c.isClosed()) {
                i++;
                continue;
            }
            c.inIdleSweep = false;
            if (!(c.isClosed() && c.settled())) {
                activated(c);
            }
            removeAt(idle, i);
        }
    }

    private static void removeAt(ArrayList<SelectedChannel> list, int i) {
        SelectedChannel last = list.removeLast();
        if (i < list.size()) {
            list.set(i, last);
        }
    }

    /**
     * One ready key. A cancelled key stays in epoll until the selector deregisters it, and epoll
     * reports such a socket (reset, or at its end) on every poll; it is not counted as work, so
     * a cancel that is slow to reach the selector cannot keep the loop busy forever.
     */
    private void ready(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        handled++;
        if (!(key.attachment() instanceof SelectedChannel c)) {
            ((ListeningChannel) key.attachment()).acceptable();
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
