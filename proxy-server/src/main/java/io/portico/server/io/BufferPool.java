package io.portico.server.io;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shared pool of equally sized byte arrays, handed to a connection while it is open and
 * returned when it closes. Keeps at most {@code maxPooled} spare arrays. Last in, first out:
 * the array handed out is the one most recently given back, still in the CPU cache (a
 * first-in-first-out pool hands out the coldest). Shared; lock-free.
 */
public final class BufferPool {
    private final int size;
    private final int maxPooled;
    private final ConcurrentLinkedDeque<byte[]> free = new ConcurrentLinkedDeque<>();
    private final AtomicInteger pooled = new AtomicInteger();

    public BufferPool(int size, int maxPooled) {
        this.size = size;
        this.maxPooled = maxPooled;
    }

    public int bufferSize() {
        return size;
    }

    public byte[] take() {
        byte[] b = free.pollFirst();
        if (b == null) {
            return new byte[size];
        }
        pooled.decrementAndGet();
        return b;
    }

    public void give(byte[] b) {
        if (b != null && b.length == size && pooled.incrementAndGet() <= maxPooled) {
            free.offerFirst(b);
        } else if (b != null && b.length == size) {
            pooled.decrementAndGet();
        }
    }
}
