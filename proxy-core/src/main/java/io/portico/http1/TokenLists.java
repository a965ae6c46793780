package io.portico.http1;

import io.portico.http.HttpFields;

/** Comma-separated list fields (RFC 9110 §5.6.1) read in place, without splitting into Strings. */
final class TokenLists {
    private TokenLists() {
    }

    static boolean isWhitespace(char c) {
        return c == ' ' || c == '\t';
    }

    /** Whether any field called {@code name} lists {@code token} (case-insensitive) as an element. */
    static boolean contains(HttpFields fields, String name, String token) {
        for (int f = 0; f < fields.size(); f++) {
            if (fields.name(f).equalsIgnoreCase(name) && listContains(fields.value(f), token)) {
                return true;
            }
        }
        return false;
    }

    static boolean listContains(String list, String token) {
        int n = list.length();
        int i = 0;
        while (i < n) {
            int start = skipWhitespace(list, i);
            int comma = list.indexOf(',', start);
            int end = trimEnd(list, start, comma < 0 ? n : comma);
            if (end - start == token.length() && list.regionMatches(true, start, token, 0, token.length())) {
                return true;
            }
            if (comma < 0) {
                return false;
            }
            i = comma + 1;
        }
        return false;
    }

    static int skipWhitespace(String s, int from) {
        int i = from;
        while (i < s.length() && isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    static int trimEnd(String s, int from, int end) {
        int e = end;
        while (e > from && isWhitespace(s.charAt(e - 1))) {
            e--;
        }
        return e;
    }
}
