package io.portico.modules.rewrite;

/**
 * Edits of a raw query string ({@code a=1&b=2}, without the {@code ?}). Keys compare as sent,
 * without decoding, so a rule names a key exactly as clients write it. Stateless.
 */
final class QueryEdits {
    private QueryEdits() {
    }

    /** The key of one {@code key=value} pair (the whole pair when it has no {@code =}). */
    private static boolean keyIs(String query, int from, int to, String key) {
        int eq = query.indexOf('=', from);
        int end = eq < 0 || eq > to ? to : eq;
        return end - from == key.length() && query.startsWith(key, from);
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

    /** The query with the key of every pair named {@code from[i]} changed to {@code to[i]}; values and order kept. */
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
                if (which < 0) {
                    out.append(query, start, end);
                } else {
                    out.append(to[which]).append(query, start + from[which].length(), end);
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
