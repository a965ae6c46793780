package io.portico.server.http2;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The last few hundred stream ids of some kind (ended, reset), for frames that arrive after a
 * stream is gone: added to once per stream, looked in only for such late frames. Shared by the
 * connection's threads.
 */
final class RecentIds {
    /**
     * The ring starts this small and doubles up to its size as ids come: most connections end a
     * few streams, and an idle one should not hold two full rings (2 KiB).
     */
    private static final int FIRST = 8;
    private final ReentrantLock lock = new ReentrantLock();
    private final int size;
    private int[] ring;
    private int next;

    RecentIds(int size) {
        this.size = size;
        ring = new int[Math.min(FIRST, size)];
    }

    void add(int id) {
        lock.lock();
        try {
            if (next == ring.length) {
                if (ring.length < size) {
                    ring = Arrays.copyOf(ring, Math.min(size, 2 * ring.length));
                } else {
                    next = 0;
                }
            }
            ring[next++] = id;
        } finally {
            lock.unlock();
        }
    }

    boolean contains(int id) {
        lock.lock();
        try {
            for (int r : ring) {
                if (r == id) {
                    return true;
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return Arrays.toString(ring);
    }
}
