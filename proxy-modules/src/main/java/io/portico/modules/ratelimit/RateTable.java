package io.portico.modules.ratelimit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The request counts of one rule, per key, in bounded memory. Shared by every request thread:
 * the keys are spread over independent stripes, each a small access-ordered map behind its own
 * lock, so threads contend only when their keys share a stripe. Each stripe holds at most
 * {@code maxKeys / stripes} keys and, when full, forgets its least recently seen key: an
 * approximate LRU over the whole table that never holds more than {@code maxKeys} keys.
 *
 * <p>Counting follows BFE's prison: a key's window opens at its first request and lasts
 * {@code period}; the request that takes the count past {@code threshold} within a window puts
 * the key in prison for {@code stay}, during which every request of the key is refused (and not
 * counted). When the stay ends the key starts afresh. Times are nanoseconds from one monotonic
 * clock, passed in by the caller.
 */
final class RateTable {
    private static final int MAX_STRIPES = 64;

    private final long threshold;
    private final long periodNanos;
    private final long stayNanos;
    private final Stripe[] stripes;
    private final int mask;

    /** The state of one key; guarded by its stripe's lock. */
    private static final class Window {
        long start;
        long count;
        long releasedAt;
        boolean jailed;
    }

    private static final class Stripe extends LinkedHashMap<String, Window> {
        private static final long serialVersionUID = 1L;
        final transient ReentrantLock lock = new ReentrantLock();
        private final int capacity;

        Stripe(int capacity) {
            super(16, 0.75f, true);
            this.capacity = capacity;
        }

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
            return size() > capacity;
        }
    }

    RateTable(long threshold, long periodNanos, long stayNanos, int maxKeys) {
        if (threshold < 1 || periodNanos < 1 || stayNanos < 1 || maxKeys < 1) {
            throw new IllegalArgumentException("threshold, period, stay and max_keys must be positive");
        }
        this.threshold = threshold;
        this.periodNanos = periodNanos;
        this.stayNanos = stayNanos;
        int n = Integer.highestOneBit(Math.min(MAX_STRIPES, maxKeys));
        this.stripes = new Stripe[n];
        for (int i = 0; i < n; i++) {
            stripes[i] = new Stripe(maxKeys / n);
        }
        this.mask = n - 1;
    }

    /**
     * Counts one request of {@code key} at {@code now}.
     *
     * @return 0 when the request may pass, else the nanoseconds (at least 1) until the key is released
     */
    long hit(String key, long now) {
        int h = key.hashCode();
        Stripe stripe = stripes[(h ^ (h >>> 16) ^ (h >>> 7)) & mask];
        stripe.lock.lock();
        try {
            Window w = stripe.get(key);
            if (w == null) {
                w = new Window();
                w.start = now;
                stripe.put(key, w);
            } else if (w.jailed) {
                long left = w.releasedAt - now;
                if (left > 0) {
                    return left;
                }
                w.jailed = false;
                w.start = now;
                w.count = 0;
            } else if (now - w.start >= periodNanos) {
                w.start = now;
                w.count = 0;
            }
            if (++w.count <= threshold) {
                return 0;
            }
            w.jailed = true;
            w.releasedAt = now + stayNanos;
            return stayNanos;
        } finally {
            stripe.lock.unlock();
        }
    }

    /** The keys held now, across stripes (each read under its lock). */
    int size() {
        int n = 0;
        for (Stripe s : stripes) {
            s.lock.lock();
            try {
                n += s.size();
            } finally {
                s.lock.unlock();
            }
        }
        return n;
    }

    /** The most keys the table will hold. */
    int capacity() {
        return stripes.length * stripes[0].capacity;
    }
}
