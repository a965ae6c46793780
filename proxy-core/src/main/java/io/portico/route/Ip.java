package io.portico.route;

import java.net.InetAddress;

/**
 * An IP address as 128 bits, IPv4 held IPv4-mapped ({@code ::ffff:a.b.c.d}) as Go's {@code net.IP}
 * does, so one unsigned comparison orders every address and an IPv4 range never matches a
 * native IPv6 address. Parses literals itself: {@code InetAddress.getByName} may resolve names.
 */
record Ip(long hi, long lo) implements Comparable<Ip> {
    private static final long V4_MAPPED = 0xffffL << 32;

    static Ip of(InetAddress address) {
        byte[] b = address.getAddress();
        if (b.length == 4) {
            return new Ip(0, V4_MAPPED | (readBytes(b, 0, 4) & 0xffffffffL));
        }
        return new Ip(readBytes(b, 0, 8), readBytes(b, 8, 8));
    }

    boolean isV4() {
        return hi == 0 && (lo >>> 32) == 0xffffL;
    }

    @Override
    public int compareTo(Ip o) {
        int c = Long.compareUnsigned(hi, o.hi);
        return c != 0 ? c : Long.compareUnsigned(lo, o.lo);
    }

    /** Parses an IPv4 dotted quad (no leading zeros) or an IPv6 literal (no zone, no brackets); null when invalid. */
    static Ip parse(String s) {
        if (s.indexOf(':') < 0) {
            long v4 = parseV4(s, 0, s.length());
            return v4 < 0 ? null : new Ip(0, V4_MAPPED | v4);
        }
        int[] groups = parseV6(s);
        if (groups == null) {
            return null;
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 4; i++) {
            hi = (hi << 16) | groups[i];
            lo = (lo << 16) | groups[i + 4];
        }
        return new Ip(hi, lo);
    }

    /** The text Go's {@code net.IP.String()} gives: dotted for IPv4 (and IPv4-mapped), RFC 5952 for IPv6. */
    String goString() {
        if (isV4()) {
            return ((lo >>> 24) & 0xff) + "." + ((lo >>> 16) & 0xff) + "." + ((lo >>> 8) & 0xff) + "." + (lo & 0xff);
        }
        int[] g = new int[8];
        for (int i = 0; i < 4; i++) {
            g[i] = (int) (hi >>> (48 - 16 * i)) & 0xffff;
            g[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xffff;
        }
        int bestStart = -1;
        int bestLen = 1;
        for (int i = 0; i < 8; ) {
            int j = i;
            while (j < 8 && g[j] == 0) {
                j++;
            }
            if (j - i > bestLen) {
                bestStart = i;
                bestLen = j - i;
            }
            i = j > i ? j : i + 1;
        }
        StringBuilder sb = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }

    private static long readBytes(byte[] b, int from, int count) {
        long v = 0;
        for (int i = from; i < from + count; i++) {
            v = (v << 8) | (b[i] & 0xff);
        }
        return v;
    }

    /** The 32-bit value of a dotted quad in s[from, to), or -1. */
    private static long parseV4(String s, int from, int to) {
        long v = 0;
        int parts = 0;
        int i = from;
        while (parts < 4) {
            int start = i;
            int n = 0;
            while (i < to && i - start < 4 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                n = n * 10 + (s.charAt(i) - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || digits > 3 || n > 255 || (digits > 1 && s.charAt(start) == '0')) {
                return -1;
            }
            v = (v << 8) | n;
            parts++;
            if (parts < 4) {
                if (i >= to || s.charAt(i) != '.') {
                    return -1;
                }
                i++;
            }
        }
        return i == to ? v : -1;
    }

    /** Eight 16-bit groups, or null. Accepts one {@code ::} and a trailing dotted quad. */
    private static int[] parseV6(String s) {
        int[] g = new int[8];
        int n = 0;
        int ellipsis = -1;
        int i = 0;
        int len = s.length();
        if (s.startsWith("::")) {
            ellipsis = 0;
            i = 2;
            if (i == len) {
                return g;
            }
        }
        while (i < len) {
            int start = i;
            int v = 0;
            while (i < len && i - start < 5 && hex(s.charAt(i)) >= 0) {
                v = (v << 4) | hex(s.charAt(i));
                i++;
            }
            if (i < len && s.charAt(i) == '.') {
                long v4 = (ellipsis < 0 && n != 6) || n > 6 ? -1 : parseV4(s, start, len);
                if (v4 < 0) {
                    return null;
                }
                g[n++] = (int) (v4 >>> 16);
                g[n++] = (int) (v4 & 0xffff);
                i = len;
                break;
            }
            if (i == start || i - start > 4 || n == 8) {
                return null;
            }
            g[n++] = v;
            if (i == len) {
                break;
            }
            if (s.charAt(i) != ':') {
                return null;
            }
            i++;
            if (i < len && s.charAt(i) == ':') {
                if (ellipsis >= 0) {
                    return null;
                }
                ellipsis = n;
                i++;
                if (i == len) {
                    break;
                }
            } else if (i == len) {
                return null;
            }
        }
        if (ellipsis < 0) {
            return n == 8 ? g : null;
        }
        if (n == 8) {
            return null;
        }
        int moved = n - ellipsis;
        System.arraycopy(g, ellipsis, g, 8 - moved, moved);
        java.util.Arrays.fill(g, ellipsis, 8 - moved, 0);
        return g;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
