package io.portico.modules.rewrite;

/** Checks of configured hosts, paths and query parts, so a rule cannot write a malformed request. Stateless. */
final class Syntax {
    private Syntax() {
    }

    static boolean host(String h) {
        if (h.isEmpty()) {
            return false;
        }
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == ':' || c == '[' || c == ']' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean path(String p) {
        if (!p.startsWith("/")) {
            return false;
        }
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '?' || c == '#') {
                return false;
            }
        }
        return true;
    }

    /** A query key ({@code mayHaveEquals} false) or value: visible ASCII without {@code & #}. */
    static boolean queryPart(String s, boolean mayHaveEquals) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '&' || c == '#' || (c == '=' && !mayHaveEquals)) {
                return false;
            }
        }
        return true;
    }
}
