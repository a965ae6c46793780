package io.portico.http;

import io.portico.http.ProtocolException.Kind;

/**
 * The request-target a proxy decides on and forwards (RFC 9112 §3.2, RFC 3986 §5.2.4, §6.2.2).
 * Every rule (route conditions, modules) and the backend must see one and the same path: when a
 * rule sees {@code /admin/x} but the backend receives {@code /./admin/x} or {@code //admin/x},
 * which an origin server resolves to the same file, the rule is bypassed. So the target is
 * checked and normalised once, before any rule runs, and what cannot be normalised safely is
 * refused rather than guessed. Stateless.
 *
 * <p>A target must fit its method: origin-form ({@code /path?query}) for any method but
 * CONNECT, asterisk-form only for OPTIONS, authority-form only for CONNECT, absolute-form
 * ({@code http://host/path}, no userinfo) for any method but CONNECT. With
 * {@link PathRules#normalize()}, the path (never the query) is normalised: %XX of an unreserved
 * character is decoded and other escapes get upper-case hex; characters a path may not hold raw
 * (non-ASCII bytes, {@code " < > ^ ` { | } [ ]}) are percent-encoded; {@code .} and {@code ..}
 * segments are removed. Refused with 400: a fragment ({@code #}), malformed %XX, an encoded NUL,
 * an encoded dot segment ({@code /%2e%2e/}: normalising it would guess what the backend does), a
 * {@code ..} above the root and, unless {@link PathRules#keepEscapedSlash()}, an encoded slash or
 * backslash and a raw backslash.
 */
public final class RequestTargets {
    /** unreserved (RFC 3986 §2.3): an escape of one of these is decoded. */
    private static final boolean[] UNRESERVED = new boolean[128];
    /** Bytes of a path segment that need no work: pchar without '%' and '.' (which may start a dot segment). */
    private static final boolean[] PLAIN = new boolean[128];
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    static {
        for (char c = 'a'; c <= 'z'; c++) {
            UNRESERVED[c] = true;
            UNRESERVED[c - 'a' + 'A'] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            UNRESERVED[c] = true;
        }
        for (char c : "-._~".toCharArray()) {
            UNRESERVED[c] = true;
        }
        System.arraycopy(UNRESERVED, 0, PLAIN, 0, 128);
        PLAIN['.'] = false;
        for (char c : "!$&'()*+,;=:@".toCharArray()) {
            PLAIN[c] = true;
        }
    }

    private RequestTargets() {
    }

    /**
     * A checked target.
     *
     * @param target    the target to use from now on: origin-form, or {@code *}
     * @param authority the authority of an absolute-form target (it replaces Host), else null
     */
    public record Checked(String target, String authority) {
    }

    /**
     * Checks {@code target} against {@code method} and normalises its path.
     *
     * @throws ProtocolException BAD_TARGET for a form that does not fit the method, BAD_HOST for a
     *                           malformed authority, BAD_PATH for a path that cannot be normalised
     */
    public static Checked check(String method, String target, PathRules rules) {
        boolean connect = method.equals("CONNECT");
        if (target.isEmpty()) {
            throw new ProtocolException(Kind.BAD_TARGET, "empty request-target");
        }
        if (target.charAt(0) == '/') {
            if (connect) {
                throw new ProtocolException(Kind.BAD_TARGET, "CONNECT needs an authority-form target");
            }
            return new Checked(originForm(target, 0, rules), null);
        }
        if (target.equals("*")) {
            if (!method.equals("OPTIONS")) {
                throw new ProtocolException(Kind.BAD_TARGET, "asterisk-form target for " + method);
            }
            return new Checked(target, null);
        }
        int scheme = schemeEnd(target);
        if (scheme < 0) {
            if (!connect) {
                throw new ProtocolException(Kind.BAD_TARGET, "target is not origin-form, absolute-form or *");
            }
            if (!Authorities.valid(target, true)) {
                throw new ProtocolException(Kind.BAD_TARGET, "malformed authority-form target");
            }
            return new Checked(target, target);
        }
        if (connect) {
            throw new ProtocolException(Kind.BAD_TARGET, "CONNECT needs an authority-form target");
        }
        int start = scheme + 3;
        int end = start;
        while (end < target.length() && target.charAt(end) != '/' && target.charAt(end) != '?') {
            if (target.charAt(end) == '@') {
                throw new ProtocolException(Kind.BAD_TARGET, "userinfo in an absolute-form target");
            }
            end++;
        }
        String authority = target.substring(start, end);
        if (!Authorities.valid(authority, true)) {
            throw new ProtocolException(Kind.BAD_HOST, "malformed authority in the target");
        }
        String rest = end == target.length() ? "/" : target.charAt(end) == '?' ? "/" + target.substring(end)
                : target.substring(end);
        return new Checked(originForm(rest, 0, rules), authority);
    }

    /** The end of {@code http} or {@code https} in {@code scheme://}, case-insensitive; -1 when it is neither. */
    private static int schemeEnd(String t) {
        int colon = t.indexOf("://");
        if (colon == 4 && t.regionMatches(true, 0, "http", 0, 4)
                || colon == 5 && t.regionMatches(true, 0, "https", 0, 5)) {
            return colon;
        }
        if (colon > 0) {
            throw new ProtocolException(Kind.BAD_TARGET, "absolute-form target with a scheme other than http or https");
        }
        return -1;
    }

    /** The origin-form target {@code t} (path from {@code from}) after the rules; the same String when it needs nothing. */
    static String originForm(String t, int from, PathRules rules) {
        int q = t.indexOf('?', from);
        int end = q < 0 ? t.length() : q;
        if (t.indexOf('#', from) >= 0) {
            throw new ProtocolException(Kind.BAD_PATH, "fragment in the request-target");
        }
        if (from == 0 && plain(t, end, rules)) {
            return t;
        }
        String path = path(t, from, end, rules);
        return q < 0 ? path : path + t.substring(q);
    }

    /** Whether the path {@code t[0, end)} is already what the rules make of it (the usual case: one scan, no copy). */
    private static boolean plain(String t, int end, PathRules rules) {
        char prev = 0;
        for (int i = 0; i < end; i++) {
            char c = t.charAt(i);
            if (c == '/') {
                if (prev == '/' && rules.mergeSlashes()) {
                    return false;
                }
            } else if (c == '.') {
                if (prev == '/' && rules.normalize() && dotSegment(t, i, end)) {
                    return false;
                }
            } else if (c == '%') {
                if (!plainEscape(t, i, end, rules)) {
                    return false;
                }
                i += 2;
            } else if (c >= 128 || !PLAIN[c]) {
                return false;
            }
            prev = c;
        }
        return true;
    }

    /** Whether the escape at {@code i} stays as it is: well-formed, upper-case hex, and nothing the rules decode or refuse. */
    private static boolean plainEscape(String t, int i, int end, PathRules rules) {
        if (i + 2 >= end) {
            return false;
        }
        char h = t.charAt(i + 1);
        char l = t.charAt(i + 2);
        boolean upper = (h >= '0' && h <= '9' || h >= 'A' && h <= 'F') && (l >= '0' && l <= '9' || l >= 'A' && l <= 'F');
        if (!upper) {
            return false;
        }
        int b = PercentEncoding.hex(h) << 4 | PercentEncoding.hex(l);
        return b != 0 && (rules.keepEscapedSlash() || b != '/' && b != '\\') && !(rules.normalize() && b < 128 && UNRESERVED[b]);
    }

    /** Whether the segment starting at {@code i} (just after a '/') is {@code .} or {@code ..}. */
    private static boolean dotSegment(String t, int i, int end) {
        int n = i + 1 < end && t.charAt(i + 1) == '.' ? 2 : 1;
        return i + n == end || t.charAt(i + n) == '/';
    }

    /** The path {@code t[from, end)} (it starts with '/') after the rules. */
    private static String path(String t, int from, int end, PathRules rules) {
        StringBuilder out = new StringBuilder(end - from + 8);
        // Where each segment written so far starts in out (at its '/'), so ".." can drop the last one.
        int[] starts = new int[8];
        int depth = 0;
        int i = from;
        while (i < end) {
            // t.charAt(i) == '/': one segment up to the next '/' (a raw backslash is checked inside)
            int segEnd = t.indexOf('/', i + 1);
            if (segEnd < 0 || segEnd > end) {
                segEnd = end;
            }
            int mark = out.length();
            out.append('/');
            boolean encodedDot = segment(t, i + 1, segEnd, rules, out);
            int len = out.length() - mark - 1;
            boolean last = segEnd == end;
            if (rules.normalize() && isDots(out, mark + 1, len)) {
                if (encodedDot) {
                    throw new ProtocolException(Kind.BAD_PATH, "an encoded dot segment");
                }
                out.setLength(mark);
                if (len == 2) {
                    if (depth == 0) {
                        throw new ProtocolException(Kind.BAD_PATH, "a dot segment above the root");
                    }
                    out.setLength(starts[--depth]);
                }
                if (last) {
                    out.append('/'); // "/a/." and "/a/b/.." name the directory: "/a/"
                }
            } else if (len == 0 && rules.mergeSlashes() && !last) {
                out.setLength(mark); // "//": the empty segment goes; a final one is the trailing slash
            } else {
                if (depth == starts.length) {
                    starts = java.util.Arrays.copyOf(starts, depth * 2);
                }
                starts[depth++] = mark;
            }
            i = segEnd;
        }
        return out.toString();
    }

    private static boolean isDots(StringBuilder out, int from, int len) {
        return (len == 1 || len == 2) && out.charAt(from) == '.' && (len == 1 || out.charAt(from + 1) == '.');
    }

    /** Writes segment {@code t[from, to)} to {@code out} after the rules; true when a '.' in it came from %2E. */
    private static boolean segment(String t, int from, int to, PathRules rules, StringBuilder out) {
        boolean encodedDot = false;
        for (int i = from; i < to; i++) {
            char c = t.charAt(i);
            if (c == '%') {
                int hi = i + 2 < to ? PercentEncoding.hex(t.charAt(i + 1)) : -1;
                int lo = hi >= 0 ? PercentEncoding.hex(t.charAt(i + 2)) : -1;
                if (lo < 0) {
                    throw new ProtocolException(Kind.BAD_PATH, "malformed percent-encoding in the path");
                }
                int b = hi << 4 | lo;
                if (b == 0) {
                    throw new ProtocolException(Kind.BAD_PATH, "an encoded NUL in the path");
                }
                if (b == '/' || b == '\\') {
                    if (!rules.keepEscapedSlash()) {
                        throw new ProtocolException(Kind.BAD_PATH, "an encoded slash or backslash in the path");
                    }
                    escape(b, out);
                } else if (rules.normalize() && b < 128 && UNRESERVED[b]) {
                    encodedDot |= b == '.';
                    out.append((char) b);
                } else if (rules.normalize()) {
                    escape(b, out);
                } else {
                    out.append(t, i, i + 3);
                }
                i += 2;
            } else if (c == '\\') {
                if (!rules.keepEscapedSlash()) {
                    throw new ProtocolException(Kind.BAD_PATH, "a backslash in the path");
                }
                if (rules.normalize()) {
                    escape(c, out);
                } else {
                    out.append(c);
                }
            } else if (rules.normalize() && c != '.' && (c >= 128 || !PLAIN[c])) {
                escape(c, out);
            } else {
                out.append(c);
            }
        }
        return encodedDot;
    }

    private static void escape(int b, StringBuilder out) {
        out.append('%').append(HEX[b >> 4 & 0xF]).append(HEX[b & 0xF]);
    }
}
