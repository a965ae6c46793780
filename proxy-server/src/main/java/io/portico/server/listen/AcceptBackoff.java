package io.portico.server.listen;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;

/**
 * What acceptors do when {@code accept()} fails, typically EMFILE/ENFILE ("Too many open files"):
 * the connection stays in the backlog and the next accept fails the same way at once, so an
 * acceptor pauses (10 ms, doubling up to 500 ms while it keeps failing) and the failures are
 * logged when they start, then at most once a second with a count, and once when accepting works
 * again. Shared by the acceptors of one socket; lock-free.
 */
public final class AcceptBackoff {
    static final long FIRST_PAUSE_MILLIS = 10;
    static final long MAX_PAUSE_MILLIS = 500;
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final String what;
    private final Logger log;
    private final LongAdder counter;
    /** Failures not yet in a log line. */
    private final AtomicLong unlogged = new AtomicLong();
    /** Failures since accepting last worked. */
    private final AtomicLong streak = new AtomicLong();
    private final AtomicLong nextLogNanos = new AtomicLong();
    private volatile long streakStartNanos;
    private volatile long pauseMillis;

    /**
     * @param what    names the socket in log lines ("listener public")
     * @param counter counts every failed accept (a metric)
     */
    public AcceptBackoff(String what, Logger log, LongAdder counter) {
        this.what = what;
        this.log = log;
        this.counter = counter;
    }

    /** Counts and maybe logs a failed accept, then pauses the calling acceptor. */
    public void failed(IOException e) {
        counter.increment();
        long now = System.nanoTime();
        long n = streak.incrementAndGet();
        unlogged.incrementAndGet();
        if (n == 1) {
            streakStartNanos = now;
            nextLogNanos.set(now + LOG_EVERY_NANOS);
            unlogged.set(0);
            log.warn("{}: accept failed: {}; backing off (ulimit -n and max_connections: see docs/configuration.md)",
                    what, e.getMessage());
        } else {
            long next = nextLogNanos.get();
            if (now - next >= 0 && nextLogNanos.compareAndSet(next, now + LOG_EVERY_NANOS)) {
                log.warn("{}: {} more accepts failed in the last {} ms: {}; still backing off", what,
                        unlogged.getAndSet(0), (now - next + LOG_EVERY_NANOS) / 1_000_000, e.getMessage());
            }
        }
        long pause = Math.min(MAX_PAUSE_MILLIS, Math.max(FIRST_PAUSE_MILLIS, pauseMillis * 2));
        pauseMillis = pause;
        try {
            Thread.sleep(pause);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    /** An accept worked: ends a streak of failures (one log line) and the pauses. */
    public void succeeded() {
        if (streak.get() == 0) {
            return;
        }
        long n = streak.getAndSet(0);
        if (n > 0) {
            pauseMillis = 0;
            log.info("{}: accepting again after {} failed accepts in {} ms", what, n,
                    (System.nanoTime() - streakStartNanos) / 1_000_000);
        }
    }

    /** Failures since accepting last worked. */
    long streak() {
        return streak.get();
    }
}
