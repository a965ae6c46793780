package io.portico.server.io;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Virtual threads that park between stretches of work, so that a new connection or one that
 * idled gets a thread by an unpark, not by a start. Shared; lock-free.
 *
 * <p>Why: the JDK submits a started virtual thread to the scheduler's external queue, and a
 * carrier looks there only when its own queue is empty. The I/O loop's poller keeps that queue
 * full while traffic flows (it yields after every poll), so started threads waited until it
 * parked: wrk -c256, the first requests of a third of the connections waited 200-700 ms with
 * other connections served all along. An unpark from a virtual thread goes to the carrier's own
 * queue, first in, first out, and runs within the poller's next round.
 */
public final class Runners {
    private static final Logger LOG = LoggerFactory.getLogger(Runners.class);
    /** Parked threads kept at most; a thread finishing work beyond this ends. */
    private static final int MAX_SPARE = 512;
    /**
     * A thread parked this long ends: a parked thread keeps the stack it grew while serving
     * (512 of them added 1.7 KiB per connection to 5,000 idle ones), and bursts of new
     * connections come in well under a second.
     */
    private static final long SPARE_NANOS = 1_000_000_000L;
    private static final String SPARE_NAME = "spare";
    /** Handed to a spare to end it. */
    private static final Runnable RETIRE = () -> { };
    private static final Runners SHARED = new Runners(MAX_SPARE, SPARE_NANOS);

    private final int maxSpare;
    private final long spareNanos;
    /** Parked runners, the most recent first (its stack is the likeliest in cache). */
    private final ConcurrentLinkedDeque<Runner> spare = new ConcurrentLinkedDeque<>();
    private final AtomicInteger spareCount = new AtomicInteger();
    /** Threads started and not running yet: they wait in the scheduler's external queue. */
    private final AtomicInteger starting = new AtomicInteger();

    Runners(int maxSpare, long spareNanos) {
        this.maxSpare = maxSpare;
        this.spareNanos = spareNanos;
        Thread.ofVirtual().name("runners-retire").start(this::retireLoop);
    }

    /** The process's runners. */
    public static Runners shared() {
        return SHARED;
    }

    /** Runs {@code task} on a virtual thread named {@code name}: a parked one if any, else a new one. */
    public void run(String name, Runnable task) {
        Runner r = spare.pollFirst();
        if (r != null) {
            spareCount.decrementAndGet();
            r.hand(name, task);
        } else {
            starting.incrementAndGet();
            try {
                Thread.ofVirtual().name(name).start(new Runner(task));
            } catch (RuntimeException | Error e) {
                starting.decrementAndGet();
                throw e;
            }
        }
    }

    /**
     * True while threads this process started have not run yet. With no spare at hand a start
     * is unavoidable (a burst of new connections, or the first after a quiet second), and the
     * I/O loop's poller then gives the carrier up until they ran (see IoLoop.run).
     */
    static boolean starting() {
        return SHARED.startsPending();
    }

    boolean startsPending() {
        return starting.get() > 0;
    }

    /** Waits, at most a few milliseconds, for the threads started to begin running; for a platform thread. */
    static void awaitStarts() {
        for (int i = 0; i < 100 && starting(); i++) {
            LockSupport.parkNanos(50_000);
        }
    }

    /** Every so often ends the spares parked for longer than {@code spareNanos} (the oldest are last). */
    private void retireLoop() {
        while (true) {
            try {
                Thread.sleep(Math.max(1, spareNanos / 2_000_000));
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            Runner r;
            while ((r = spare.peekLast()) != null && now - r.parkedSince > spareNanos) {
                if (spare.removeLastOccurrence(r)) {
                    spareCount.decrementAndGet();
                    r.hand(null, RETIRE);
                }
            }
        }
    }

    /** Parked runners now (for tests). */
    int spare() {
        return spareCount.get();
    }

    private final class Runner implements Runnable {
        private Thread thread;
        /** Written before {@link #next}, read after it. */
        private String name;
        /** The next task; null while the runner waits among the spares (whoever takes it out hands it one). */
        private volatile Runnable next;
        private Runnable first;
        /** When it last joined the spares; written before it is offered, read by the retirer. */
        private volatile long parkedSince;

        Runner(Runnable first) {
            this.first = first;
        }

        void hand(String taskName, Runnable task) {
            name = taskName;
            next = task;
            LockSupport.unpark(thread);
        }

        @Override
        public void run() {
            starting.decrementAndGet();
            thread = Thread.currentThread();
            Runnable task = first;
            first = null;
            while (task != null) {
                try {
                    task.run();
                } catch (Throwable t) {
                    // Tasks have their own barriers; this keeps one that failed past them from ending quietly.
                    LOG.warn("{}: {}", thread.getName(), t.toString());
                    LOG.debug("stack of the failure above", t);
                }
                task = awaitNext();
            }
        }

        /** Parks among the spares until handed a task; null when there are enough spares already. */
        private Runnable awaitNext() {
            if (spareCount.incrementAndGet() > maxSpare) {
                spareCount.decrementAndGet();
                return null;
            }
            next = null;
            thread.setName(SPARE_NAME); // a thread dump should not show it serving its last connection
            parkedSince = System.nanoTime();
            spare.offerFirst(this);
            Runnable task;
            while ((task = next) == null) {
                LockSupport.park(this);
            }
            if (task == RETIRE) {
                return null;
            }
            thread.setName(name);
            return task;
        }
    }
}
