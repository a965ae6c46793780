package io.portico.config;

/**
 * Syntax checks for addresses written in the config: {@code host:port}, {@code [v6]:port}, host
 * names and {@code *.suffix} patterns. Never resolves a name.
 */
final class Addresses {
    record HostPort(String host, int port) {
    }

    private Addresses() {
    }

    /**
     * Parses {@code host:port} or {@code [v6]:port}; the host comes back without brackets.
     *
     * @throws IllegalArgumentException with a reason
     */
    static HostPort parse(String text, int minPort) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("missing ']' after the IPv6 address");
            }
            host = text.substring(1, close);
            if (!isIpv6(host)) {
                throw new IllegalArgumentException("\"" + host + "\" is not an IPv6 address");
            }
            if (close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("missing port; expected [address]:port");
            }
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException("missing port; expected host:port");
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw new IllegalArgumentException("an IPv6 address needs brackets, like [::1]:8080");
            }
            if (host.isEmpty()) {
                throw new IllegalArgumentException("missing host; expected host:port");
            }
            if (!isHost(host)) {
                throw new IllegalArgumentException("\"" + host + "\" is not an IP address or host name");
            }
        }
        return new HostPort(host, port(port, minPort));
    }

    private static int port(String text, int minPort) {
        if (text.isEmpty() || text.length() > 5 || !digits(text)) {
            throw new IllegalArgumentException("port \"" + text + "\" is not a number");
        }
        int port = Integer.parseInt(text);
        if (port < minPort || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range " + minPort + "..65535");
        }
        return port;
    }

    /** An IPv4 literal or a host name (labels of letters, digits, '-' and '_'). */
    static boolean isHost(String host) {
        if (host.isEmpty() || host.length() > 253) {
            return false;
        }
        if (digitsAndDots(host)) {
            return isIpv4(host);
        }
        for (String label : host.split("\\.", -1)) {
            if (!isLabel(label)) {
                return false;
            }
        }
        return true;
    }

    /** An exact host name, a bracketed IPv6 literal, or {@code *.suffix}. */
    static boolean isHostPattern(String pattern) {
        if (pattern.startsWith("*.")) {
            return isHost(pattern.substring(2)) && !digitsAndDots(pattern.substring(2));
        }
        if (pattern.startsWith("[") && pattern.endsWith("]")) {
            return isIpv6(pattern.substring(1, pattern.length() - 1));
        }
        return isHost(pattern);
    }

    private static boolean isLabel(String label) {
        if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
            return false;
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    static boolean isIpv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !digits(p) || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /** RFC 4291 text form, with an optional {@code %zone}. */
    static boolean isIpv6(String s) {
        int percent = s.indexOf('%');
        if (percent >= 0) {
            if (percent == s.length() - 1) {
                return false;
            }
            s = s.substring(0, percent);
        }
        int gap = s.indexOf("::");
        if (gap < 0) {
            return groups(s, true) == 8;
        }
        if (s.indexOf("::", gap + 1) >= 0) {
            return false;
        }
        String head = s.substring(0, gap);
        String tail = s.substring(gap + 2);
        int h = head.isEmpty() ? 0 : groups(head, false);
        int t = tail.isEmpty() ? 0 : groups(tail, true);
        return h >= 0 && t >= 0 && h + t <= 7;
    }

    /** Number of 16-bit groups in a ':'-separated run, or -1; a trailing IPv4 part counts as two. */
    private static int groups(String run, boolean ipv4Last) {
        String[] parts = run.split(":", -1);
        int count = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (ipv4Last && i == parts.length - 1 && p.indexOf('.') >= 0) {
                if (!isIpv4(p)) {
                    return -1;
                }
                count += 2;
            } else if (!p.isEmpty() && p.length() <= 4 && hex(p)) {
                count++;
            } else {
                return -1;
            }
        }
        return count;
    }

    private static boolean hex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static boolean digitsAndDots(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < '0' || c > '9') && c != '.') {
                return false;
            }
        }
        return true;
    }
}
