package io.portico.server.io;

import java.lang.ref.WeakReference;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shared pool of equally sized byte arrays, handed to a connection while it is open and
 * returned when it closes. Keeps at most {@code maxPooled} spare arrays. Last in, first out:
 * the array handed out is the one most recently given back, still in the CPU cache (a
 * first-in-first-out pool hands out the coldest). Shared; lock-free.
 *
 * <p>Bounded by recent use: every {@link #TRIM_MILLIS} the spares that no take needed during
 * the whole period (the fewest spares seen since the last trim) are dropped, oldest first. A
 * burst of connections leaves its high-water mark for one or two periods, not for good (5,000
 * idle connections whose first requests overlapped kept 300 arrays, 4.7 MiB, in the pool).
 */
public final class BufferPool {
    static final long TRIM_MILLIS = 10_000;
    private static final CopyOnWriteArrayList<WeakReference<BufferPool>> POOLS = new CopyOnWriteArrayList<>();

    static {
        Thread.ofVirtual().name("buffer-pool-trim").start(BufferPool::trimLoop);
    }

    private final int size;
    private final int maxPooled;
    private final ConcurrentLinkedDeque<byte[]> free = new ConcurrentLinkedDeque<>();
    private final AtomicInteger pooled = new AtomicInteger();
    /** The fewest spares since the last trim: that many were not needed during the period. */
    private volatile int lowWater;

    public BufferPool(int size, int maxPooled) {
        this.size = size;
        this.maxPooled = maxPooled;
        POOLS.add(new WeakReference<>(this));
    }

    public int bufferSize() {
        return size;
    }

    public byte[] take() {
        byte[] b = free.pollFirst();
        if (b == null) {
            lowWater = 0;
            return new byte[size];
        }
        int left = pooled.decrementAndGet();
        if (left < lowWater) {
            lowWater = left;
        }
        return b;
    }

    public void give(byte[] b) {
        if (b != null && b.length == size && pooled.incrementAndGet() <= maxPooled) {
            free.offerFirst(b);
        } else if (b != null && b.length == size) {
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

    /** Drops every spare of every pool (after a burst, before the heap is collected); returns the bytes dropped. */
    public static long dropAllSpares() {
        long bytes = 0;
        for (WeakReference<BufferPool> ref : POOLS) {
            BufferPool pool = ref.get();
            if (pool != null) {
                bytes += (long) pool.dropSpares() * pool.size;
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
            for (WeakReference<BufferPool> ref : POOLS) {
                BufferPool pool = ref.get();
                if (pool == null) {
                    POOLS.remove(ref);
                } else {
                    pool.trim();
                }
            }
        }
    }
}
