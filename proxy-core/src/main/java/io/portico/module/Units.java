package io.portico.module;

import java.time.Duration;

/** Parses the unit-suffixed values of the config contract: durations {@code "250ms"} and sizes {@code "64KiB"}. */
final class Units {
    private Units() {
    }

    /** {@code <digits><unit>} with unit ms, s, m or h. */
    static Duration duration(String text) {
        int end = digitsEnd(text);
        String unit = text.substring(end);
        long n = number(text, end, "a duration like \"250ms\", \"2s\", \"1m\" or \"1h\"");
        try {
            return switch (unit) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> throw new IllegalArgumentException("unknown duration unit \"" + unit
                        + "\" in \"" + text + "\" (use ms, s, m or h)");
            };
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("duration \"" + text + "\" is too large", e);
        }
    }

    /** {@code <digits>} bytes, or {@code <digits><unit>} with unit B, KiB, MiB or GiB. */
    static long size(String text) {
        int end = digitsEnd(text);
        String unit = text.substring(end);
        long n = number(text, end, "a size like \"512\", \"64KiB\", \"8MiB\" or \"1GiB\"");
        long scale = switch (unit) {
            case "", "B" -> 1;
            case "KiB" -> 1L << 10;
            case "MiB" -> 1L << 20;
            case "GiB" -> 1L << 30;
            default -> throw new IllegalArgumentException("unknown size unit \"" + unit
                    + "\" in \"" + text + "\" (use B, KiB, MiB or GiB)");
        };
        try {
            return Math.multiplyExact(n, scale);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("size \"" + text + "\" is too large", e);
        }
    }

    private static int digitsEnd(String text) {
        int i = 0;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
            i++;
        }
        return i;
    }

    private static long number(String text, int end, String expected) {
        if (end == 0) {
            throw new IllegalArgumentException("expected " + expected + ", got \"" + text + "\"");
        }
        if (end > 18) {
            throw new IllegalArgumentException("\"" + text + "\" is too large");
        }
        return Long.parseLong(text, 0, end, 10);
    }
}
