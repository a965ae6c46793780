package io.portico.http;

/**
 * The syntax of {@code uri-host [ ":" port ]} (RFC 9112 §3.2, RFC 3986 §3.2.2-3.2.3): what a
 * Host field and the authority of a target must be. A Host that is not (a space, a slash, an
 * {@code @}, two ports) is refused, never guessed at: a proxy and a backend that read such a
 * value differently route one request two ways. Stateless.
 */
public final class Authorities {
    private static final boolean[] REG_NAME = new boolean[128];

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            REG_NAME[c] = true;
            REG_NAME[c - 'a' + 'A'] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            REG_NAME[c] = true;
        }
        for (char c : "-._~!$&'()*+,;=".toCharArray()) {
            REG_NAME[c] = true;
        }
    }

    private Authorities() {
    }

    /**
     * Whether {@code s} is {@code uri-host [ ":" port ]}, with a port of at most 65535. An empty
     * host is allowed only when {@code requireHost} is false (a Host field may be empty).
     */
    public static boolean valid(String s, boolean requireHost) {
        int n = s.length();
        int i;
        if (n > 0 && s.charAt(0) == '[') {
            int close = s.indexOf(']');
            if (close < 0 || !ipLiteral(s, 1, close)) {
                return false;
            }
            i = close + 1;
        } else {
            i = 0;
            while (i < n && s.charAt(i) != ':') {
                char c = s.charAt(i);
                if (c == '%') {
                    if (i + 2 >= n || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
                        return false;
                    }
                    i += 2;
                } else if (c >= 128 || !REG_NAME[c]) {
                    return false;
                }
                i++;
            }
            if (i == 0 && requireHost) {
                return false;
            }
        }
        return i == n || s.charAt(i) == ':' && port(s, i + 1);
    }

    /** {@code IPv6address} (hex, ':' and '.' for an embedded IPv4) or {@code IPvFuture}, inside the brackets. */
    private static boolean ipLiteral(String s, int from, int to) {
        if (from == to) {
            return false;
        }
        if (s.charAt(from) == 'v' || s.charAt(from) == 'V') {
            int dot = s.indexOf('.', from);
            if (dot <= from + 1 || dot >= to - 1) {
                return false;
            }
            for (int i = from + 1; i < dot; i++) {
                if (!isHex(s.charAt(i))) {
                    return false;
                }
            }
            for (int i = dot + 1; i < to; i++) {
                char c = s.charAt(i);
                if (c >= 128 || !(REG_NAME[c] || c == ':')) {
                    return false;
                }
            }
            return true;
        }
        boolean colon = false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            colon |= c == ':';
            if (!isHex(c) && c != ':' && c != '.') {
                return false;
            }
        }
        return colon;
    }

    /** Digits to the end, at most 65535 (an empty port is allowed, as RFC 3986 allows it). */
    private static boolean port(String s, int from) {
        int n = s.length();
        if (n - from > 5) {
            return false;
        }
        int p = 0;
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            p = p * 10 + (c - '0');
        }
        return p <= 65535;
    }

    private static boolean isHex(char c) {
        return PercentEncoding.hex(c) >= 0;
    }
}
