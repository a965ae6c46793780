package io.portico.server.connection;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Shared pool of equally sized byte arrays, handed to a connection while it is open and
 * returned when it closes. Keeps at most {@code maxPooled} spare arrays. Shared; lock-free.
 */
public final class BufferPool {
    private final int size;
    private final int maxPooled;
    private final ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pooled = new AtomicInteger();

    public BufferPool(int size, int maxPooled) {
        this.size = size;
        this.maxPooled = maxPooled;
    }

    public int bufferSize() {
        return size;
    }

    public byte[] take() {
        byte[] b = free.poll();
        if (b == null) {
            return new byte[size];
        }
        pooled.decrementAndGet();
        return b;
    }

    public void give(byte[] b) {
        if (b != null && b.length == size && pooled.incrementAndGet() <= maxPooled) {
            free.offer(b);
        } else if (b != null && b.length == size) {
            pooled.decrementAndGet();
        }
    }
}
