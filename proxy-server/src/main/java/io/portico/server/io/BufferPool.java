package io.portico.server.io;

/**
 * Shared pool of equally sized byte arrays, handed to a connection while it is busy and returned
 * when it idles or closes: a {@link SparePool} of arrays that takes back only its own size.
 * Shared; lock-free.
 */
public final class BufferPool {
    private final int size;
    private final SparePool<byte[]> spares;

    public BufferPool(int size, int maxPooled) {
        this.size = size;
        this.spares = new SparePool<>(() -> new byte[size], maxPooled, size);
    }

    public int bufferSize() {
        return size;
    }

    public byte[] take() {
        return spares.take();
    }

    public void give(byte[] b) {
        if (b != null && b.length == size) {
            spares.give(b);
        }
    }

    /** Spares in the pool now. */
    int pooled() {
        return spares.pooled();
    }

    /** Drops the spares that no take needed since the last trim, the least recently used first; returns how many. */
    int trim() {
        return spares.trim();
    }

    int dropSpares() {
        return spares.dropSpares();
    }
}
