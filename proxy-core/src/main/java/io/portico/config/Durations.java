package io.portico.config;

import java.time.Duration;

/**
 * Parses configuration durations: a non-negative whole number with a unit, {@code ms}, {@code s},
 * {@code m} or {@code h}, optionally compound with units in falling order ({@code "1m30s"},
 * {@code "1h5m"}). {@code "0"} alone is accepted; any other number needs a unit. No sign, no
 * fraction, no spaces.
 */
public final class Durations {
    private static final long MILLIS_PER_HOUR = 3_600_000L;
    private static final long[] UNIT_MILLIS = {MILLIS_PER_HOUR, 60_000L, 1_000L, 1L};
    private static final String[] UNIT_NAMES = {"h", "m", "s", "ms"};

    private Durations() {
    }

    /** @throws IllegalArgumentException with a reason a user can act on */
    public static Duration parse(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("empty; expected a number with a unit (ms, s, m, h) like \"10s\"");
        }
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        if (text.charAt(0) == '-') {
            throw new IllegalArgumentException("must not be negative");
        }
        long total = 0;
        int lastUnit = -1;
        int i = 0;
        while (i < text.length()) {
            int start = i;
            while (i < text.length() && isDigit(text.charAt(i))) {
                i++;
            }
            if (i == start) {
                throw new IllegalArgumentException("expected a number at \"" + text.substring(start) + "\"");
            }
            String digits = text.substring(start, i);
            int unitStart = i;
            while (i < text.length() && isLetter(text.charAt(i))) {
                i++;
            }
            if (unitStart == i) {
                throw new IllegalArgumentException(i == text.length()
                        ? "missing unit (ms, s, m, h) after " + digits
                        : "unexpected '" + text.charAt(i) + "'; expected a number with a unit (ms, s, m, h)");
            }
            int unit = unitIndex(text.substring(unitStart, i));
            if (unit <= lastUnit) {
                throw new IllegalArgumentException("units must appear once each, largest first (h, m, s, ms)");
            }
            lastUnit = unit;
            total = add(total, digits, UNIT_MILLIS[unit]);
        }
        return Duration.ofMillis(total);
    }

    /**
     * A duration as people read it and as {@link #parse} takes it back when whole: {@code "10s"},
     * {@code "1m30s"}, {@code "250ms"}; a span with a millisecond rest past a second reads
     * {@code "1.234s"}.
     */
    public static String format(Duration d) {
        long ms = Math.max(0, d.toMillis());
        if (ms == 0) {
            return "0s";
        }
        if (ms > 1000 && ms % 1000 != 0 && ms < 60_000) {
            return ms / 1000 + "." + String.format("%03d", ms % 1000) + "s";
        }
        StringBuilder b = new StringBuilder();
        for (int u = 0; u < UNIT_MILLIS.length; u++) {
            long n = ms / UNIT_MILLIS[u];
            if (n > 0) {
                b.append(n).append(UNIT_NAMES[u]);
                ms -= n * UNIT_MILLIS[u];
            }
        }
        return b.toString();
    }

    private static long add(long total, String digits, long unitMillis) {
        try {
            return Math.addExact(total, Math.multiplyExact(Long.parseLong(digits), unitMillis));
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("too large");
        }
    }

    private static int unitIndex(String unit) {
        for (int u = 0; u < UNIT_NAMES.length; u++) {
            if (UNIT_NAMES[u].equals(unit)) {
                return u;
            }
        }
        throw new IllegalArgumentException("unknown unit \"" + unit + "\"; expected ms, s, m or h");
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }
}
