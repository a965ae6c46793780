package io.portico.route;

/**
 * An immutable open-addressing map from lower-case host names to values that is probed with a
 * range of a caller's string, folding case as it compares, so a lookup allocates nothing.
 * The hash is computed from the end of the range towards its start (see {@link #step}) so one
 * right-to-left pass over a host yields the hash of every suffix. Shared, read-only.
 */
final class HostIndex {
    private final String[] keys;
    private final String[] values;
    private final int[] hashes;
    private final int mask;
    private final int size;

    /** {@code keysLowerCase[i]} maps to {@code values[i]}; keys are unique and already lower-case. */
    HostIndex(String[] keysLowerCase, String[] valuesIn) {
        int capacity = Integer.highestOneBit(Math.max(4, keysLowerCase.length * 2 + 1) - 1) << 1;
        keys = new String[capacity];
        values = new String[capacity];
        hashes = new int[capacity];
        mask = capacity - 1;
        size = keysLowerCase.length;
        for (int k = 0; k < keysLowerCase.length; k++) {
            String key = keysLowerCase[k];
            int h = hash(key, 0, key.length());
            int i = spread(h) & mask;
            while (keys[i] != null) {
                i = (i + 1) & mask;
            }
            keys[i] = key;
            values[i] = valuesIn[k];
            hashes[i] = h;
        }
    }

    boolean isEmpty() {
        return size == 0;
    }

    /** The value for the lower-cased s[from, to) whose {@link #hash} is {@code h}, or null. */
    String get(int h, String s, int from, int to) {
        int i = spread(h) & mask;
        String key;
        while ((key = keys[i]) != null) {
            if (hashes[i] == h && equalsFolded(key, s, from, to)) {
                return values[i];
            }
            i = (i + 1) & mask;
        }
        return null;
    }

    /** The hash of lower-cased s[from, to). */
    static int hash(String s, int from, int to) {
        int h = 0;
        int weight = 1;
        for (int i = to - 1; i >= from; i--) {
            h = step(h, weight, s.charAt(i));
            weight *= 31;
        }
        return h;
    }

    /** Extends the hash of a suffix by one character on its left, whose weight is 31^(suffix length). */
    static int step(int h, int weight, char c) {
        return h + lower(c) * weight;
    }

    static char lower(char c) {
        if (c < 0x80) {
            return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
        }
        return Character.toLowerCase(c);
    }

    private static boolean equalsFolded(String key, String s, int from, int to) {
        if (key.length() != to - from) {
            return false;
        }
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) != lower(s.charAt(from + i))) {
                return false;
            }
        }
        return true;
    }

    private static int spread(int h) {
        return h ^ (h >>> 16);
    }
}
