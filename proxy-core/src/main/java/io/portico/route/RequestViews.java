package io.portico.route;

import io.portico.http.HttpFields;
import io.portico.http.RequestHead;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/** The parsers behind {@link RouteRequest}'s derived views; each follows what Go's net/http gives BFE. Stateless. */
final class RequestViews {
    private static final String TOKEN_SEPARATORS = "()<>@,;:\\\"/[]?={} \t";

    private RequestViews() {
    }

    /**
     * The head's own authority once it was admitted; before that, the authority of an
     * absolute-form target (RFC 9112 §3.2.2: it overrides Host), else the first Host field, else "".
     */
    static String authority(RequestHead head) {
        if (!head.authority().isEmpty()) {
            return head.authority();
        }
        String t = head.target();
        int scheme = t.startsWith("/") ? -1 : t.indexOf("://");
        if (scheme > 0) {
            int start = scheme + 3;
            int end = start;
            while (end < t.length() && t.charAt(end) != '/' && t.charAt(end) != '?' && t.charAt(end) != '#') {
                end++;
            }
            int at = t.lastIndexOf('@', end - 1);
            if (at >= start) {
                start = at + 1;
            }
            if (end > start) {
                return t.substring(start, end);
            }
        }
        String host = head.fields().firstOrNull("Host");
        return host == null ? "" : host;
    }

    /** The host of an authority: lower case, without port, IPv6 brackets or one trailing dot. */
    static String host(String authority) {
        long range = HostTable.hostRange(authority);
        String h = authority.substring((int) (range >>> 32), (int) range);
        return h.toLowerCase(java.util.Locale.ROOT);
    }

    /** The port of an authority; the scheme's default when it has none; -1 when it is not a number 0..65535. */
    static int port(String authority, boolean secure) {
        int close = authority.startsWith("[") ? authority.indexOf(']') : -1;
        int colon = authority.indexOf(':', Math.max(close, 0));
        if (close < 0 && colon >= 0 && authority.indexOf(':', colon + 1) >= 0) {
            colon = -1; // a bare IPv6 address carries no port
        }
        if (colon < 0 || colon == authority.length() - 1) {
            return secure ? 443 : 80;
        }
        int port = 0;
        for (int i = colon + 1; i < authority.length(); i++) {
            char c = authority.charAt(i);
            if (c < '0' || c > '9' || i - colon > 5) {
                return -1;
            }
            port = port * 10 + (c - '0');
        }
        return port <= 65535 ? port : -1;
    }

    /**
     * The percent-decoded path ('+' kept), as Go's URL.Path, except that %2F and %5C stay encoded:
     * the proxy refuses them unless {@code escaped_slash = "keep"}, which forwards them and has
     * rules match them encoded, so a decoded slash never makes a rule see a segment the backend
     * does not. The raw path when an escape is malformed.
     */
    static String decodePath(String rawPath) {
        if (rawPath.indexOf('%') < 0) {
            return rawPath;
        }
        String decoded = unescape(rawPath, 0, rawPath.length(), false, true);
        return decoded == null ? rawPath : decoded;
    }

    /**
     * Go's url.ParseQuery, keeping the first value of each key: pairs split on '&', a pair with
     * ';' or a malformed escape skipped, key and value split on the first '=', both unescaped
     * with '+' as space; a key without '=' has the value "".
     */
    static Map<String, String> parseQuery(String query) {
        if (query.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new HashMap<>();
        int i = 0;
        while (i <= query.length()) {
            int amp = query.indexOf('&', i);
            int end = amp < 0 ? query.length() : amp;
            int semi = query.indexOf(';', i);
            boolean hasSemicolon = semi >= 0 && semi < end;
            if (end > i && !hasSemicolon) {
                int eq = query.indexOf('=', i);
                int keyEnd = eq < 0 || eq >= end ? end : eq;
                String key = unescape(query, i, keyEnd, true);
                String value = keyEnd == end ? "" : unescape(query, keyEnd + 1, end, true);
                if (key != null && value != null) {
                    out.putIfAbsent(key, value);
                }
            }
            if (amp < 0) {
                break;
            }
            i = amp + 1;
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * The cookies of every Cookie field (RFC 6265 §5.4; HTTP/2 may split them), first value of
     * each name kept. As Go's readCookies: pairs split on ';' and trimmed; a name must be a
     * token; a value may be double-quoted (quotes removed) and holds no '"', ';', '\' or controls.
     */
    static Map<String, String> parseCookies(HttpFields fields) {
        Map<String, String> out = null;
        for (int f = 0; f < fields.size(); f++) {
            if (!fields.name(f).equalsIgnoreCase("Cookie")) {
                continue;
            }
            String line = fields.value(f);
            int i = 0;
            while (i < line.length()) {
                int semi = line.indexOf(';', i);
                int end = semi < 0 ? line.length() : semi;
                int from = trimStart(line, i, end);
                int to = trimEnd(line, from, end);
                int eq = line.indexOf('=', from);
                int nameEnd = eq < 0 || eq >= to ? to : eq;
                String value = nameEnd == to ? "" : cookieValue(line, nameEnd + 1, to);
                if (nameEnd > from && isToken(line, from, nameEnd) && value != null) {
                    if (out == null) {
                        out = new HashMap<>();
                    }
                    out.putIfAbsent(line.substring(from, nameEnd), value);
                }
                i = end + 1;
            }
        }
        return out == null ? Map.of() : Collections.unmodifiableMap(out);
    }

    private static String cookieValue(String s, int from, int to) {
        if (to - from >= 2 && s.charAt(from) == '"' && s.charAt(to - 1) == '"') {
            from++;
            to--;
        }
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c >= 0x7f || c == '"' || c == ';' || c == '\\') {
                return null;
            }
        }
        return s.substring(from, to);
    }

    private static boolean isToken(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || TOKEN_SEPARATORS.indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    private static int trimStart(String s, int from, int to) {
        while (from < to && isSpace(s.charAt(from))) {
            from++;
        }
        return from;
    }

    private static int trimEnd(String s, int from, int to) {
        while (to > from && isSpace(s.charAt(to - 1))) {
            to--;
        }
        return to;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** Percent-decodes s[from, to) as UTF-8 ('+' → space when {@code plusIsSpace}); null on a malformed escape. */
    static String unescape(String s, int from, int to, boolean plusIsSpace) {
        return unescape(s, from, to, plusIsSpace, false);
    }

    /** As above; with {@code keepSlashes}, %2F and %5C are kept as they are. */
    private static String unescape(String s, int from, int to, boolean plusIsSpace, boolean keepSlashes) {
        boolean plain = true;
        for (int i = from; i < to && plain; i++) {
            char c = s.charAt(i);
            plain = c != '%' && !(plusIsSpace && c == '+');
        }
        if (plain) {
            return s.substring(from, to);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(to - from);
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '%') {
                int hi = i + 2 < to ? Character.digit(s.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
                if (lo < 0 || s.charAt(i + 1) > 'f' || s.charAt(i + 2) > 'f') {
                    return null;
                }
                int b = hi << 4 | lo;
                if (keepSlashes && (b == '/' || b == '\\')) {
                    bytes.write('%');
                    bytes.write(s.charAt(i + 1));
                    bytes.write(s.charAt(i + 2));
                } else {
                    bytes.write(b);
                }
                i += 2;
            } else if (c == '+' && plusIsSpace) {
                bytes.write(' ');
            } else if (c < 0x80) {
                bytes.write(c);
            } else {
                int cp = s.codePointAt(i);
                byte[] utf8 = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
                bytes.write(utf8, 0, utf8.length);
                i += Character.charCount(cp) - 1;
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
