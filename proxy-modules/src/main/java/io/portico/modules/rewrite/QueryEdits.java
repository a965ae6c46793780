package io.portico.modules.rewrite;

import io.portico.http.PercentEncoding;

/**
 * Edits of a raw query string ({@code a=1&b=2}, without the {@code ?}). Keys compare as a backend
 * reads them: percent-decoded (UTF-8) with {@code +} as a space, as Go's url.ParseQuery, PHP and
 * servlet containers do, so {@code ?deb%75g=1} is the pair {@code debug} a rule names. Keys given to
 * these methods are decoded ones ({@link #decode}). Stateless.
 */
final class QueryEdits {
    private QueryEdits() {
    }

    /** Whether the key of the pair {@code query[from, to)} (the whole pair when it has no {@code =}) decodes to {@code key}. */
    private static boolean keyIs(String query, int from, int to, String key) {
        int eq = query.indexOf('=', from);
        int end = eq < 0 || eq > to ? to : eq;
        boolean plain = true;
        for (int i = from; i < end && plain; i++) {
            plain = query.charAt(i) != '%' && query.charAt(i) != '+';
        }
        return plain ? end - from == key.length() && query.startsWith(key, from) : decode(query, from, end).equals(key);
    }

    /** {@code s[from, to)} as a backend decodes a query key: %XX as UTF-8, {@code +} a space, malformed escapes kept. */
    static String decode(String s, int from, int to) {
        return PercentEncoding.decodeLeniently(s, from, to, true);
    }

    static String decode(String s) {
        return decode(s, 0, s.length());
    }

    /** The query without the pairs whose key is one of {@code keys}. */
    static String delete(String query, String[] keys) {
        if (query.isEmpty()) {
            return query;
        }
        StringBuilder out = new StringBuilder(query.length());
        int from = 0;
        while (from <= query.length()) {
            int amp = query.indexOf('&', from);
            int to = amp < 0 ? query.length() : amp;
            if (to > from && !anyKey(query, from, to, keys)) {
                if (!out.isEmpty()) {
                    out.append('&');
                }
                out.append(query, from, to);
            }
            from = to + 1;
        }
        return out.toString();
    }

    /** The query with the key of every pair named {@code from[i]} (decoded) changed to {@code to[i]} (raw); values and order kept. */
    static String rename(String query, String[] from, String[] to) {
        if (query.isEmpty()) {
            return query;
        }
        StringBuilder out = new StringBuilder(query.length() + 16);
        int start = 0;
        while (start <= query.length()) {
            int amp = query.indexOf('&', start);
            int end = amp < 0 ? query.length() : amp;
            if (end > start) {
                if (!out.isEmpty()) {
                    out.append('&');
                }
                int which = which(query, start, end, from);
                int eq = query.indexOf('=', start);
                if (which < 0) {
                    out.append(query, start, end);
                } else if (eq < 0 || eq > end) {
                    out.append(to[which]);
                } else {
                    out.append(to[which]).append(query, eq, end);
                }
            }
            start = end + 1;
        }
        return out.toString();
    }

    /** The query with these {@code key=value} pairs appended. */
    static String add(String query, String[] pairs) {
        StringBuilder out = new StringBuilder(query.length() + 32).append(query);
        for (String p : pairs) {
            if (!out.isEmpty()) {
                out.append('&');
            }
            out.append(p);
        }
        return out.toString();
    }

    private static boolean anyKey(String query, int from, int to, String[] keys) {
        return which(query, from, to, keys) >= 0;
    }

    private static int which(String query, int from, int to, String[] keys) {
        for (int i = 0; i < keys.length; i++) {
            if (keyIs(query, from, to, keys[i])) {
                return i;
            }
        }
        return -1;
    }
}
