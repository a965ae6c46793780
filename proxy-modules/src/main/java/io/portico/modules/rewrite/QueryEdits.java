package io.portico.modules.rewrite;

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

    /** {@code s[from, to)} percent-decoded as UTF-8, {@code +} as a space; a malformed escape stays as it is. */
    static String decode(String s, int from, int to) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            int hi = c == '%' && i + 2 < to ? hex(s.charAt(i + 1)) : -1;
            int lo = hi >= 0 ? hex(s.charAt(i + 2)) : -1;
            if (lo >= 0) {
                out.write(hi << 4 | lo);
                i += 2;
            } else if (c == '+') {
                out.write(' ');
            } else {
                byte[] b = String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out.write(b, 0, b.length);
            }
        }
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    static String decode(String s) {
        return decode(s, 0, s.length());
    }

    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
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
