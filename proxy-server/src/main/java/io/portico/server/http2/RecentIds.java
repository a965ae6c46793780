package io.portico.server.http2;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The last few hundred stream ids of some kind (ended, reset), for frames that arrive after a
 * stream is gone: added to once per stream, looked in only for such late frames. Shared by the
 * connection's threads.
 */
final class RecentIds {
    private final ReentrantLock lock = new ReentrantLock();
    private final int[] ring;
    private int next;

    RecentIds(int size) {
        ring = new int[size];
    }

    void add(int id) {
        lock.lock();
        try {
            ring[next] = id;
            next = (next + 1) % ring.length;
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
