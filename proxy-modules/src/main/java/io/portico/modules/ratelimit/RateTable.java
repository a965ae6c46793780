package io.portico.modules.ratelimit;

import io.portico.module.Counter;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The request counts of one rule, per key, in bounded memory. Shared by every request thread:
 * the keys are spread over independent stripes, each behind its own lock, so threads contend
 * only when their keys share a stripe. A stripe holds at most {@code maxKeys / stripes} keys, so
 * the table never holds more than {@code maxKeys}.
 *
 * <p>Counting follows BFE's prison: a key's window opens at its first request and lasts
 * {@code period}; the request that takes the count past {@code threshold} within a window puts
 * the key in prison for {@code stay}, during which every request of the key is refused (and not
 * counted). When the stay ends the key starts afresh. Times are nanoseconds from one monotonic
 * clock, passed in by the caller.
 *
 * <p>A flood of new keys cannot free a jailed one: each stripe keeps its counting keys (least
 * recently seen first) apart from its jailed ones (in the order their stays end, since every stay
 * is as long). A new key takes the place of a jailed key whose stay has ended, else of the least
 * recently seen counting key (an eviction, counted). When every key of its stripe is jailed, a new
 * key is refused until the first stay there ends (counted): as nginx's limit_req refuses requests
 * when its zone is full, a table full of offenders fails closed, never open.
 */
final class RateTable {
    private static final int MAX_STRIPES = 64;

    private final long threshold;
    private final long periodNanos;
    private final long stayNanos;
    private final Stripe[] stripes;
    private final int mask;
    private final Counter evicted;
    private final Counter refusedFull;

    /** The state of one key; guarded by its stripe's lock. */
    private static final class Window {
        long start;
        long count;
        long releasedAt;

        Window(long now) {
            start = now;
        }
    }

    private static final class Stripe {
        final ReentrantLock lock = new ReentrantLock();
        /** Keys counting requests, in access order: the first is the least recently seen. */
        final LinkedHashMap<String, Window> counting = new LinkedHashMap<>(16, 0.75f, true);
        /** Jailed keys, in the order they were jailed: the first is released first. */
        final LinkedHashMap<String, Window> jailed = new LinkedHashMap<>();
        final int capacity;

        Stripe(int capacity) {
            this.capacity = capacity;
        }

        int size() {
            return counting.size() + jailed.size();
        }
    }

    private static final Counter UNCOUNTED = new Counter() {
        @Override
        public void add(long n) {
        }

        @Override
        public long value() {
            return 0;
        }
    };

    RateTable(long threshold, long periodNanos, long stayNanos, int maxKeys) {
        this(threshold, periodNanos, stayNanos, maxKeys, UNCOUNTED, UNCOUNTED);
    }

    /**
     * @param evicted     counts counting keys forgotten to make room for new ones
     * @param refusedFull counts requests refused because every key of their stripe was jailed
     */
    RateTable(long threshold, long periodNanos, long stayNanos, int maxKeys, Counter evicted, Counter refusedFull) {
        if (threshold < 1 || periodNanos < 1 || stayNanos < 1 || maxKeys < 1) {
            throw new IllegalArgumentException("threshold, period, stay and max_keys must be positive");
        }
        this.threshold = threshold;
        this.periodNanos = periodNanos;
        this.stayNanos = stayNanos;
        this.evicted = evicted;
        this.refusedFull = refusedFull;
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
     * @return 0 when the request may pass, else the nanoseconds (at least 1) until the key is
     *         released (or, when the stripe is full of jailed keys, until its first one is)
     */
    long hit(String key, long now) {
        int h = key.hashCode();
        Stripe stripe = stripes[(h ^ (h >>> 16) ^ (h >>> 7)) & mask];
        stripe.lock.lock();
        try {
            Window w = stripe.jailed.get(key);
            if (w != null) {
                long left = w.releasedAt - now;
                if (left > 0) {
                    return left;
                }
                stripe.jailed.remove(key);
                w = new Window(now);
                stripe.counting.put(key, w);
            } else {
                w = stripe.counting.get(key);
                if (w == null) {
                    long wait = makeRoom(stripe, now);
                    if (wait > 0) {
                        refusedFull.increment();
                        return wait;
                    }
                    w = new Window(now);
                    stripe.counting.put(key, w);
                } else if (now - w.start >= periodNanos) {
                    w.start = now;
                    w.count = 0;
                }
            }
            if (++w.count <= threshold) {
                return 0;
            }
            stripe.counting.remove(key);
            w.releasedAt = now + stayNanos;
            stripe.jailed.put(key, w);
            return stayNanos;
        } finally {
            stripe.lock.unlock();
        }
    }

    /** Makes room for one more key: 0 when there is room, else the nanoseconds until the first jailed key is released. */
    private long makeRoom(Stripe stripe, long now) {
        if (stripe.size() < stripe.capacity) {
            return 0;
        }
        Iterator<Window> jailed = stripe.jailed.values().iterator();
        if (jailed.hasNext()) {
            Window first = jailed.next();
            if (first.releasedAt - now <= 0) {
                jailed.remove(); // its stay is over: forgetting it is the fresh start it would get
                return 0;
            }
            if (stripe.counting.isEmpty()) {
                return first.releasedAt - now;
            }
        }
        Iterator<Window> eldest = stripe.counting.values().iterator();
        eldest.next();
        eldest.remove();
        evicted.increment();
        return 0;
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
