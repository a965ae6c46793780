package io.portico.server.io;

import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Shared pool of spare objects of one kind (buffers, a connection's scratch), handed to a
 * connection while it is busy and given back when it idles or closes. Keeps at most
 * {@code maxPooled} spares. Last in, first out: the spare handed out is the one most recently
 * given back, still in the CPU cache (a first-in-first-out pool hands out the coldest). Shared;
 * lock-free.
 *
 * <p>Bounded by recent use: every {@link #TRIM_MILLIS} the spares that no take needed during
 * the whole period (the fewest spares seen since the last trim) are dropped, oldest first. A
 * burst of connections leaves its high-water mark for one or two periods, not for good (5,000
 * idle connections whose first requests overlapped kept 300 buffers, 4.7 MiB, in the pool).
 */
public final class SparePool<T> {
    static final long TRIM_MILLIS = 10_000;
    private static final CopyOnWriteArrayList<WeakReference<SparePool<?>>> POOLS = new CopyOnWriteArrayList<>();

    static {
        Thread.ofVirtual().name("spare-pool-trim").start(SparePool::trimLoop);
    }

    private final Supplier<T> make;
    private final int maxPooled;
    private final long bytesEach;
    private final ConcurrentLinkedDeque<T> free = new ConcurrentLinkedDeque<>();
    private final AtomicInteger pooled = new AtomicInteger();
    /** The fewest spares since the last trim: that many were not needed during the period. */
    private volatile int lowWater;

    /**
     * @param make      makes a new one when the pool has none
     * @param bytesEach about what one holds, for the count {@link #dropAllSpares} returns
     */
    public SparePool(Supplier<T> make, int maxPooled, long bytesEach) {
        this.make = make;
        this.maxPooled = maxPooled;
        this.bytesEach = bytesEach;
        POOLS.add(new WeakReference<>(this));
    }

    /** A spare, or a new one; the caller owns it until it gives it back. */
    public T take() {
        T t = free.pollFirst();
        if (t == null) {
            lowWater = 0;
            return make.get();
        }
        int left = pooled.decrementAndGet();
        if (left < lowWater) {
            lowWater = left;
        }
        return t;
    }

    /** Keeps {@code t} for the next take (null ignored); the caller must not touch it again. */
    public void give(T t) {
        if (t == null) {
            return;
        }
        if (pooled.incrementAndGet() <= maxPooled) {
            free.offerFirst(t);
        } else {
            pooled.decrementAndGet();
        }
    }

    /** Spares in the pool now. */
    int pooled() {
        return Math.max(0, pooled.get());
    }

    /** Drops the spares that no take needed since the last trim, the least recently used first; returns how many. */
    int trim() {
        return drop(lowWater);
    }

    /** Drops every spare of every pool (after a burst, before the heap is collected); returns about the bytes dropped. */
    public static long dropAllSpares() {
        long bytes = 0;
        for (WeakReference<SparePool<?>> ref : POOLS) {
            SparePool<?> pool = ref.get();
            if (pool != null) {
                bytes += pool.dropSpares() * pool.bytesEach;
            }
        }
        return bytes;
    }

    int dropSpares() {
        return drop(Integer.MAX_VALUE);
    }

    /** Drops up to {@code most} spares, the least recently used first, and starts a new period; returns how many. */
    private int drop(int most) {
        int dropped = 0;
        while (dropped < most && free.pollLast() != null) {
            pooled.decrementAndGet();
            dropped++;
        }
        lowWater = pooled();
        return dropped;
    }

    private static void trimLoop() {
        while (true) {
            try {
                Thread.sleep(TRIM_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            for (WeakReference<SparePool<?>> ref : POOLS) {
                SparePool<?> pool = ref.get();
                if (pool == null) {
                    POOLS.remove(ref);
                } else {
                    pool.trim();
                }
            }
        }
    }
}
