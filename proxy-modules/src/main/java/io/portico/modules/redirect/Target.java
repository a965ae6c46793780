package io.portico.modules.redirect;

import io.portico.module.Request;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where a redirect rule sends the client: one of four kinds, each computing the Location from
 * the request. Null means "no redirect for this request". Shared, immutable.
 */
sealed interface Target {

    String location(Request request);

    /** A fixed URL. */
    record Fixed(String url) implements Target {
        @Override
        public String location(Request request) {
            return url;
        }
    }

    /** The URL in a query parameter, if it is an absolute http or https URL. */
    record FromQuery(String key) implements Target {
        @Override
        public String location(Request request) {
            String raw = queryValue(request.query(), key);
            if (raw == null) {
                return null;
            }
            String url = decode(raw);
            return url != null && absoluteHttp(url) ? url : null;
        }
    }

    /** {@code prefix} followed by the request's path and query. */
    record PrefixAdd(String prefix) implements Target {
        @Override
        public String location(Request request) {
            String path = request.path();
            String p = prefix.endsWith("/") && path.startsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
            String q = request.query();
            return q.isEmpty() ? p + path : p + path + "?" + q;
        }
    }

    /**
     * The same host, path and query under another scheme. The port of the Host is dropped: it
     * belonged to the old scheme. No redirect when the request names no usable host, or a host
     * the host table does not list (one only default_product took): a Location is never built
     * from whatever Host a client wrote, so the proxy cannot be made to redirect to any site.
     */
    record SchemeSet(String scheme) implements Target {
        @Override
        public String location(Request request) {
            String host = request.host();
            if (host.isEmpty() || !hostChars(host) || !request.hostListed()) {
                return null;
            }
            String q = request.query();
            String path = request.path();
            return scheme + "://" + host + (q.isEmpty() ? path : path + "?" + q);
        }
    }

    /** The raw value of the first pair with this key, or null. */
    static String queryValue(String query, String key) {
        int from = 0;
        while (from < query.length()) {
            int amp = query.indexOf('&', from);
            int to = amp < 0 ? query.length() : amp;
            int eq = query.indexOf('=', from);
            if (eq > 0 && eq < to && eq - from == key.length() && query.startsWith(key, from)) {
                return query.substring(eq + 1, to);
            }
            from = to + 1;
        }
        return null;
    }

    /** Percent-decodes a query value ({@code +} is a space); null when malformed or not UTF-8. */
    static String decode(String raw) {
        byte[] out = new byte[raw.length()];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length()) {
                    return null;
                }
                int hi = Character.digit(raw.charAt(i + 1), 16);
                int lo = Character.digit(raw.charAt(i + 2), 16);
                if (hi < 0 || lo < 0) {
                    return null;
                }
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c > 0x7f) {
                return null;
            } else {
                out[n++] = (byte) (c == '+' ? ' ' : c);
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /**
     * Whether {@code url} is an absolute http(s) URL with a host, made only of visible ASCII (no
     * spaces, controls or backslashes that browsers might read as a different URL).
     */
    static boolean absoluteHttp(String url) {
        for (int i = 0; i < url.length(); i++) {
            char c = url.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '\\') {
                return false;
            }
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme();
            if (scheme == null || uri.getRawAuthority() == null || uri.getHost() == null) {
                return false;
            }
            String s = scheme.toLowerCase(Locale.ROOT);
            return s.equals("http") || s.equals("https");
        } catch (URISyntaxException e) {
            return false;
        }
    }

    static boolean hostChars(String host) {
        for (int i = 0; i < host.length(); i++) {
            char c = host.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_'
                    || c == '[' || c == ']' || c == ':';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
