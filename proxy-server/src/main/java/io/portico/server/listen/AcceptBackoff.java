package io.portico.server.listen;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;

/**
 * What acceptors do when {@code accept()} fails, typically EMFILE/ENFILE ("Too many open files"):
 * the connection stays in the backlog and the next accept fails the same way at once, so an
 * acceptor pauses (10 ms, doubling up to 500 ms while it keeps failing). Log lines, at most one a
 * second in all, say when failures start (with the count since the last line while they go on)
 * and when accepting works again; near the limit accepts fail and succeed by turns as descriptors
 * come and go, so the count runs on until a line may be written. Shared by the acceptors of one
 * socket; lock-free.
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
    /** Failures since the last "accepting again" line. */
    private final AtomicLong episode = new AtomicLong();
    private final AtomicLong lastLogNanos = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private volatile long episodeStartNanos;
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
        if (episode.getAndIncrement() == 0) {
            episodeStartNanos = now;
        }
        unlogged.incrementAndGet();
        if (mayLog(now)) {
            long n = unlogged.getAndSet(0);
            log.warn("{}: accept failed: {}; backing off ({} failed accepts since the last line; see ulimit -n and "
                    + "max_connections in docs/configuration.md)", what, e.getMessage(), n);
        }
        long pause = Math.min(MAX_PAUSE_MILLIS, Math.max(FIRST_PAUSE_MILLIS, pauseMillis * 2));
        pauseMillis = pause;
        try {
            Thread.sleep(pause);
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        }
    }

    /** An accept worked: ends the pauses, and the episode of failures once a line may say so. */
    public void succeeded() {
        if (episode.get() == 0) {
            return;
        }
        pauseMillis = 0;
        long now = System.nanoTime();
        if (mayLog(now)) {
            long n = episode.getAndSet(0);
            unlogged.set(0);
            log.info("{}: accepting again after {} failed accepts in {} ms", what, n, (now - episodeStartNanos) / 1_000_000);
        }
    }

    private boolean mayLog(long now) {
        long last = lastLogNanos.get();
        return now - last >= LOG_EVERY_NANOS && lastLogNanos.compareAndSet(last, now);
    }

    /** Failures since the last "accepting again" line. */
    long episode() {
        return episode.get();
    }
}
