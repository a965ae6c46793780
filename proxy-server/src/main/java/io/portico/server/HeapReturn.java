package io.portico.server;

import io.portico.server.io.SparePool;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives back the memory a burst of connections took. Nothing else would: the connections'
 * garbage was promoted while they were many, and a generational collector only compacts (and
 * so shrinks) the old generation in a full collection, which a proxy at rest never has.
 *
 * <p>Sampled once a second. When the open connections have fallen to half their peak or below,
 * by at least {@link #MIN_DROP}, and stayed there {@link #QUIET_NANOS}, the pools' spare buffers
 * are dropped and one full collection runs; the collector then shrinks the heap towards its
 * initial size (deploy/jvm.options sizes it small and turns off shrinking in steps), and the
 * JVM's periodic native trim hands the freed C heap back. At most once a minute; the pause is
 * that of collecting what is still live (tens of milliseconds), once, after the fall.
 */
final class HeapReturn {
    private static final Logger LOG = LoggerFactory.getLogger(HeapReturn.class);
    static final int MIN_DROP = 1_000;
    static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(10);
    static final long MIN_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final IntSupplier open;
    private final Runnable collect;
    private int peak;
    /** When the count first fell to half the peak; -1 while it has not. */
    private long fellAt = -1;
    private long collectedAt;
    private boolean collected;

    HeapReturn(IntSupplier open, Runnable collect) {
        this.open = open;
        this.collect = collect;
    }

    /** One sample; true when it collected. */
    boolean sample(long now) {
        int n = open.getAsInt();
        if (n >= peak) {
            peak = n;
            fellAt = -1;
            return false;
        }
        if (peak - n < MIN_DROP || n > peak / 2) {
            fellAt = -1;
            return false;
        }
        if (fellAt < 0) {
            fellAt = now;
        }
        if (now - fellAt < QUIET_NANOS || collected && now - collectedAt < MIN_INTERVAL_NANOS) {
            return false;
        }
        LOG.info("connections fell from {} to {}: collecting to return the memory the burst took", peak, n);
        collect.run();
        peak = n;
        fellAt = -1;
        collected = true;
        collectedAt = now;
        return true;
    }

    /** Samples once a second until interrupted. */
    void run() {
        while (true) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            sample(System.nanoTime());
        }
    }

    /** What runs after a fall: spares dropped, a full collection, one line with what came back. */
    static void collectNow() {
        long spares = SparePool.dropAllSpares();
        long before = heapCommitted();
        long start = System.nanoTime();
        System.gc();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        LOG.info("heap returned: committed {} MiB -> {} MiB ({} MiB of spare buffers dropped), collected in {} ms",
                before >> 20, heapCommitted() >> 20, spares >> 20, millis);
    }

    private static long heapCommitted() {
        MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
        return heap.getCommitted();
    }
}
