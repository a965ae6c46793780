package io.portico.modules.staticfiles;

/** Matches an entity tag against an {@code If-None-Match} / {@code If-Match} / {@code If-Range} list (RFC 9110 8.8.3). Stateless. */
final class EntityTags {
    private EntityTags() {
    }

    /**
     * Whether {@code tag} (a strong tag, with its quotes) is in {@code list} or the list is {@code *}.
     * Weak comparison ignores a {@code W/} prefix on the list's members; strong comparison never
     * matches a weak member.
     */
    static boolean listed(String list, String tag, boolean weak) {
        int i = 0;
        int n = list.length();
        while (i < n) {
            char c = list.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
                continue;
            }
            if (c == '*') {
                return true;
            }
            boolean weakMember = false;
            if (c == 'W' && i + 1 < n && list.charAt(i + 1) == '/') {
                weakMember = true;
                i += 2;
            }
            if (i >= n || list.charAt(i) != '"') {
                return false; // malformed: match nothing
            }
            int close = list.indexOf('"', i + 1);
            if (close < 0) {
                return false;
            }
            if ((weak || !weakMember) && list.regionMatches(i, tag, 0, tag.length()) && close + 1 - i == tag.length()) {
                return true;
            }
            i = close + 1;
        }
        return false;
    }
}
