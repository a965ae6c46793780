package io.portico.http2.hpack;

/** ASCII-only case folding: {@code A-Z} and nothing else, unlike {@code String.equalsIgnoreCase}. Stateless. */
final class Ascii {
    private Ascii() {
    }

    static char lower(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    }

    /** True when {@code s} equals {@code lowerCase} with {@code A-Z} folded to lower case (and no other change). */
    static boolean equalsLowerCase(String lowerCase, String s) {
        int n = lowerCase.length();
        if (s.length() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (lower(s.charAt(i)) != lowerCase.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** True when the two are equal after folding {@code A-Z} in both. */
    static boolean equalsIgnoreCase(String a, String b) {
        if (a == b) {
            return true;
        }
        int n = a.length();
        if (b.length() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y && lower(x) != lower(y)) {
                return false;
            }
        }
        return true;
    }
}
