package io.portico.server;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Waiting for a condition instead of sleeping for a guess: polls (1 ms at first, backing off to
 * 20 ms) until the condition holds, and fails with what was awaited when it does not within
 * the timeout (10 s unless given; generous, since a timeout is only reached by a failing test).
 */
public final class Wait {
    public static final Duration DEFAULT = Duration.ofSeconds(10);

    private Wait() {
    }

    /** Waits until {@code condition} holds; {@code what} completes "timed out waiting for ...". */
    public static void until(BooleanSupplier condition, String what) {
        until(condition, DEFAULT, what);
    }

    public static void until(BooleanSupplier condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pauseMillis = 1;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            try {
                Thread.sleep(pauseMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
            pauseMillis = Math.min(20, pauseMillis * 2);
        }
    }

    /** Waits until {@code thread} is parked or blocked (waiting in a read, a write, an accept, a lock) or has ended. */
    public static void untilWaiting(Thread thread, String what) {
        until(() -> switch (thread.getState()) {
            case WAITING, TIMED_WAITING, BLOCKED, TERMINATED -> true;
            default -> false;
        }, what);
    }

    /**
     * Waits until {@code value} equals {@code expected} (numbers by value, so a long counter
     * equals an int literal); the failure shows the last value seen.
     */
    public static <T> void untilEquals(Supplier<T> value, T expected, String what) {
        Object[] last = new Object[1];
        try {
            until(() -> same(last[0] = value.get(), expected), what);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": expected " + expected + ", last saw " + last[0], e);
        }
    }

    private static boolean same(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.longValue() == y.longValue() && x.doubleValue() == y.doubleValue();
        }
        return java.util.Objects.equals(a, b);
    }
}
