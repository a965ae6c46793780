package io.portico.modules.staticfiles;

/**
 * A {@code Range} request field (RFC 9110 14.1.2, 14.2) against a representation of known
 * size. Only one byte range is served; a set of several is answered whole (14.2 lets a server
 * ignore Range), and so is a field that does not parse. Stateless.
 */
sealed interface ByteRange {

    /** Send the whole representation (200). */
    record Whole() implements ByteRange {
    }

    /** Send bytes {@code first..last}, both inclusive (206). */
    record Part(long first, long last) implements ByteRange {
        long length() {
            return last - first + 1;
        }
    }

    /** No byte of the representation is in the range (416). */
    record Unsatisfiable() implements ByteRange {
    }

    ByteRange WHOLE = new Whole();
    ByteRange UNSATISFIABLE = new Unsatisfiable();

    /** @param field the Range field's value, or null when absent */
    static ByteRange of(String field, long size) {
        if (field == null) {
            return WHOLE;
        }
        String f = field.strip();
        if (f.length() < 6 || !f.regionMatches(true, 0, "bytes=", 0, 6)) {
            return WHOLE;
        }
        String spec = f.substring(6).strip();
        if (spec.indexOf(',') >= 0) {
            return WHOLE;
        }
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return WHOLE;
        }
        long first = number(spec, 0, dash);
        long last = number(spec, dash + 1, spec.length());
        if (dash == 0) {
            // suffix range: the last N bytes
            if (last < 0) {
                return WHOLE;
            }
            if (last == 0 || size == 0) {
                return UNSATISFIABLE;
            }
            return new Part(Math.max(0, size - last), size - 1);
        }
        if (first < 0 || (dash + 1 < spec.length() && last < 0)) {
            return WHOLE;
        }
        if (dash + 1 < spec.length() && last < first) {
            return WHOLE;
        }
        if (first >= size) {
            return UNSATISFIABLE;
        }
        long end = dash + 1 == spec.length() ? size - 1 : Math.min(last, size - 1);
        return new Part(first, end);
    }

    /** The decimal number in {@code s[from, to)}: -1 when empty or not digits; saturates at Long.MAX_VALUE. */
    private static long number(String s, int from, int to) {
        if (from >= to) {
            return -1;
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n > (Long.MAX_VALUE - 9) / 10 ? Long.MAX_VALUE : n * 10 + (c - '0');
        }
        return n;
    }
}
