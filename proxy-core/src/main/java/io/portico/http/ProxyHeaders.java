package io.portico.http;

import java.util.ArrayList;
import java.util.List;

/**
 * The proxy's header rules in one place: which fields are hop-by-hop (RFC 9110 §7.6.1, the
 * classic RFC 2616 list, HTTP2-Settings of an h2c upgrade, and those named in Connection), the framing fields the proxy always
 * writes itself (Content-Length, Transfer-Encoding), and the X-Forwarded-* family added on
 * the way to the backend.
 */
public final class ProxyHeaders {
    private static final List<String> KEEP_ALIVE = List.of("keep-alive");

    private ProxyHeaders() {
    }

    /** Copies the end-to-end fields of {@code in}: hop-by-hop ones and those Connection names are left out. */
    public static HttpFields endToEnd(HttpFields in) {
        List<String> named = connectionTokens(in);
        HttpFields out = new HttpFields(in.size() + 2); // room for Content-Length and a module's field
        for (int i = 0; i < in.size(); i++) {
            String name = in.name(i);
            if (!isHopByHop(name) && !containsIgnoreCase(named, name)) {
                out.add(in, i);
            }
        }
        return out;
    }

    /**
     * Leaves only the end-to-end fields in {@code fields}, in place: what {@link #endToEnd}
     * copies, without the copy. For a head nothing reads as received afterwards (a backend's
     * response once its framing and keep-alive were decided).
     */
    public static HttpFields keepEndToEnd(HttpFields fields) {
        List<String> named = connectionTokens(fields);
        int w = 0;
        for (int r = 0; r < fields.size(); r++) {
            String name = fields.name(r);
            if (!isHopByHop(name) && !containsIgnoreCase(named, name)) {
                fields.move(r, w++);
            }
        }
        fields.truncate(w);
        return fields;
    }

    /**
     * Removes the fields of a received request that its Connection fields name (RFC 9110
     * §7.6.1), before any rule or module sees the request: what Connection names belongs to this
     * hop alone. Done on arrival, not on the way out, so a client naming X-Forwarded-For or X-User
     * in Connection cannot remove what the proxy or a module (a verified token's claims) adds.
     * Host is never removed, nor the hop-by-hop fields themselves (the exchange still reads them;
     * they never go upstream as they are).
     *
     * @return how many fields were removed
     */
    public static int removeConnectionNamed(HttpFields fields) {
        List<String> named = connectionTokens(fields);
        int removed = 0;
        for (int t = 0; t < named.size(); t++) {
            String name = named.get(t);
            if (!isHopByHop(name) && !name.equalsIgnoreCase("Host") && fields.remove(name)) {
                removed++;
            }
        }
        return removed;
    }

    /**
     * The fields of the request to the backend: the client's request without its hop-by-hop
     * fields (those its Connection named went on arrival, {@link #removeConnectionNamed}), plus
     * X-Forwarded-For (the TCP peer appended), X-Real-IP (the client as the proxy understood it,
     * which trust_client_ip may have taken from a trusted proxy's header), X-Forwarded-Proto and
     * X-Forwarded-Host (or an empty Host when the client sent none). Forwarded and X-Forwarded-Port are believed only from a trusted peer
     * ({@code trusted}, set by trust_client_ip): then Forwarded gets this hop appended and
     * X-Forwarded-Port is kept; from anyone else both are removed.
     */
    public static HttpFields upstreamRequest(HttpFields client, String peerIp, String clientIp, boolean secure,
                                             String host, boolean trusted) {
        HttpFields out = new HttpFields(client.size() + 4); // the X-Forwarded-* family and X-Real-IP
        for (int i = 0; i < client.size(); i++) {
            if (!isHopByHop(client.name(i))) {
                out.add(client, i);
            }
        }
        String prior = joined(out, "X-Forwarded-For");
        out.set("X-Forwarded-For", prior == null ? peerIp : prior + ", " + peerIp);
        out.set("X-Real-IP", clientIp);
        out.set("X-Forwarded-Proto", secure ? "https" : "http");
        if (host != null) {
            out.set("X-Forwarded-Host", host);
        } else {
            // An HTTP/1.0 request without Host goes upstream as HTTP/1.1, which needs one: empty
            // when the target names no authority (RFC 9112 §3.2).
            out.add("Host", "");
        }
        if (trusted) {
            String forwarded = joined(out, "Forwarded");
            if (forwarded != null) {
                out.set("Forwarded", forwarded + ", " + forwardedElement(peerIp, host, secure));
            }
        } else {
            out.remove("Forwarded");
            out.remove("X-Forwarded-Port");
        }
        return out;
    }

    /** This hop as a Forwarded element (RFC 7239 §4): {@code for=...;host="...";proto=...}. */
    static String forwardedElement(String peerIp, String host, boolean secure) {
        StringBuilder sb = new StringBuilder(64).append("for=");
        if (peerIp.indexOf(':') >= 0) {
            sb.append("\"[").append(peerIp).append("]\"");
        } else {
            sb.append(peerIp);
        }
        if (host != null && !host.isEmpty()) {
            sb.append(";host=\"").append(host).append('"');
        }
        return sb.append(";proto=").append(secure ? "https" : "http").toString();
    }

    public static boolean isHopByHop(String name) {
        return switch (name.length()) {
            case 2 -> name.equalsIgnoreCase("TE");
            case 7 -> name.equalsIgnoreCase("Upgrade") || name.equalsIgnoreCase("Trailer");
            case 8 -> name.equalsIgnoreCase("Trailers");
            case 10 -> name.equalsIgnoreCase("Connection") || name.equalsIgnoreCase("Keep-Alive");
            case 14 -> name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("HTTP2-Settings");
            case 16 -> name.equalsIgnoreCase("Proxy-Connection");
            case 17 -> name.equalsIgnoreCase("Transfer-Encoding");
            case 18 -> name.equalsIgnoreCase("Proxy-Authenticate");
            default -> false;
        };
    }

    /**
     * The value to send as Content-Length for a body of {@code length} bytes: the String of the
     * first Content-Length field of {@code fields} when it already says exactly that (the usual
     * case when relaying), else a new one.
     */
    public static String contentLength(HttpFields fields, long length) {
        String v = fields.firstOrNull("Content-Length");
        return v != null && isDecimal(v, length) ? v : Long.toString(length);
    }

    /** Whether {@code v} is {@code n} written in decimal without leading zeros. */
    static boolean isDecimal(String v, long n) {
        int len = v.length();
        if (len == 0 || len > 18 || len > 1 && v.charAt(0) == '0') {
            return false;
        }
        long x = 0;
        for (int i = 0; i < len; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
            x = x * 10 + (c - '0');
        }
        return x == n;
    }

    /** The tokens of every Connection field, as written. */
    public static List<String> connectionTokens(HttpFields fields) {
        int i = fields.indexOf("Connection");
        if (i < 0) {
            return List.of();
        }
        if (fields.value(i).equalsIgnoreCase("keep-alive") && fields.count("Connection") == 1) {
            // The usual backend answer, without a split (and nginx's spelling without a new list).
            return fields.value(i).equals("keep-alive") ? KEEP_ALIVE : List.of(fields.value(i));
        }
        List<String> tokens = new ArrayList<>(2);
        for (; i < fields.size(); i++) {
            if (fields.name(i).equalsIgnoreCase("Connection")) {
                for (String t : fields.value(i).split(",")) {
                    String tok = t.strip();
                    if (!tok.isEmpty()) {
                        tokens.add(tok);
                    }
                }
            }
        }
        return tokens;
    }

    private static boolean containsIgnoreCase(List<String> list, String name) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** Several fields of one name joined by ", " (RFC 9110 §5.3), or null when absent. */
    private static String joined(HttpFields f, String name) {
        if (f.count(name) <= 1) {
            return f.firstOrNull(name);
        }
        String removed = String.join(", ", f.all(name));
        f.remove(name);
        return removed;
    }
}
