package io.portico.config;

/**
 * Parses configuration sizes: a non-negative whole number of bytes, either as a TOML integer or
 * a string with an optional binary unit ({@code "512"}, {@code "512B"}, {@code "64KiB"},
 * {@code "8MiB"}, {@code "1GiB"}, {@code "1TiB"}). Decimal units (kB, MB) and nginx's
 * {@code k}/{@code m} are rejected rather than guessed at.
 */
public final class Sizes {
    private static final String[] UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Sizes() {
    }

    /** @throws IllegalArgumentException with a reason a user can act on */
    public static long parse(String text) {
        int i = 0;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException(text.startsWith("-")
                    ? "must not be negative"
                    : "expected a number of bytes with an optional unit (B, KiB, MiB, GiB, TiB) like \"64KiB\"");
        }
        String unit = text.substring(i);
        int shift = shift(unit);
        long value;
        try {
            value = Long.parseLong(text, 0, i, 10);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("too large");
        }
        return of(value, shift);
    }

    /** Checks a TOML integer used as a byte count. */
    public static long bytes(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("must not be negative");
        }
        return value;
    }

    private static long of(long value, int shift) {
        if (shift > 0 && value > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("too large");
        }
        return value << shift;
    }

    private static int shift(String unit) {
        if (unit.isEmpty()) {
            return 0;
        }
        for (int u = 0; u < UNITS.length; u++) {
            if (UNITS[u].equals(unit)) {
                return 10 * u;
            }
        }
        throw new IllegalArgumentException("unknown unit \"" + unit + "\"; expected B, KiB, MiB, GiB or TiB");
    }
}
