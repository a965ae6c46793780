package io.portico.route;

import java.util.BitSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A test of one string value, with every pattern prepared when the condition compiles. The
 * case-insensitive forms hold their patterns lower-cased and lower-case the value once per test
 * ({@link String#toLowerCase} returns the same instance when nothing changes). Immutable.
 */
sealed interface StringMatcher {
    boolean matches(String value);

    static String fold(String value, boolean foldCase) {
        return foldCase ? value.toLowerCase(Locale.ROOT) : value;
    }

    /** The value equals one of the patterns. */
    record In(Set<String> patterns, boolean foldCase) implements StringMatcher {
        @Override
        public boolean matches(String value) {
            return patterns.contains(fold(value, foldCase));
        }
    }

    /** The value starts with one of the patterns. */
    record Prefix(String[] patterns, boolean foldCase) implements StringMatcher {
        @Override
        public boolean matches(String value) {
            String v = fold(value, foldCase);
            for (String p : patterns) {
                if (v.startsWith(p)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The value ends with one of the patterns. */
    record Suffix(String[] patterns, boolean foldCase) implements StringMatcher {
        @Override
        public boolean matches(String value) {
            String v = fold(value, foldCase);
            for (String p : patterns) {
                if (v.endsWith(p)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The value contains one of the patterns. */
    record Contain(String[] patterns, boolean foldCase) implements StringMatcher {
        @Override
        public boolean matches(String value) {
            String v = fold(value, foldCase);
            for (String p : patterns) {
                if (v.contains(p)) {
                    return true;
                }
            }
            return false;
        }
    }

    /**
     * BFE's path-element prefix: the path with a '/' appended when it has none at its end starts
     * with one of the patterns, each of which ends with '/'; so {@code /api/} matches {@code /api}
     * and {@code /api/x} but not {@code /apis}. Tested without building the appended string.
     */
    record PathElementPrefix(String[] patterns, boolean foldCase) implements StringMatcher {
        @Override
        public boolean matches(String value) {
            String v = fold(value, foldCase);
            boolean slashAppended = !v.endsWith("/");
            for (String p : patterns) {
                if (v.startsWith(p) || (slashAppended && p.length() == v.length() + 1 && p.startsWith(v))) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The regular expression is found somewhere in the value (unanchored, as Go's MatchString). */
    record Regex(Pattern pattern) implements StringMatcher {
        @Override
        public boolean matches(String value) {
            return pattern.matcher(value).find();
        }
    }

    /** The value's {@link Murmur3} bucket (0..9999) is one of the selected buckets. */
    record HashIn(BitSet buckets, boolean foldCase) implements StringMatcher {
        static final int BUCKETS = 10_000;

        @Override
        public boolean matches(String value) {
            return buckets.get(Murmur3.bucket(fold(value, foldCase), BUCKETS));
        }
    }
}
