package io.portico.route;

import io.portico.http.RequestHead;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * What route conditions (and later modules) read of one request: its head, the addresses of
 * its connection, and the moment it arrived. Built once per request on the request's thread;
 * derived views (host without port, port, decoded path, query parameters, cookies) are parsed
 * lazily, once, so a request tested by several conditions parses each at most once. Not
 * thread-safe: it belongs to the request's thread, and its head must not change after the first
 * view was read.
 *
 * @param head    the request as received (after HandleBeforeLocation edits)
 * @param source  the TCP peer of the connection (ses_sip_*)
 * @param client  the client address: the TCP peer, or the one a trusted proxy reported (req_cip_*)
 * @param local   the proxy address the connection arrived on (req_vip_*, ses_vip_*); req_port_in
 *                reads the port of the Host, as BFE does
 * @param secure  whether the connection is TLS
 * @param startMillis when the request head arrived, epoch millis (bfe_time_range)
 */
public final class RouteRequest {
    private final RequestHead head;
    private final InetSocketAddress source;
    private final InetSocketAddress client;
    private final InetSocketAddress local;
    private final boolean secure;
    private final long startMillis;
    private String authority;
    private String host;
    private int port = Integer.MIN_VALUE;
    private String decodedPath;
    private Map<String, String> query;
    private Map<String, String> cookies;
    private Map<String, String> tags = Map.of();
    private boolean clientTrusted;
    private SessionTls tls;

    public RouteRequest(RequestHead head, InetSocketAddress source, InetSocketAddress client,
                        InetSocketAddress local, boolean secure, long startMillis) {
        this.head = head;
        this.source = source;
        this.client = client;
        this.local = local;
        this.secure = secure;
        this.startMillis = startMillis;
    }

    /** Tags set on the request by modules (the {@code tag} module), read by {@code req_tag_match}. A live view. */
    public Map<String, String> tags() {
        return tags;
    }

    public RouteRequest tags(Map<String, String> liveTags) {
        this.tags = liveTags;
        return this;
    }

    /** Whether the client address came from a trusted proxy's header ({@code req_cip_trusted}). */
    public boolean clientTrusted() {
        return clientTrusted;
    }

    public RouteRequest clientTrusted(boolean trusted) {
        this.clientTrusted = trusted;
        return this;
    }

    public RequestHead head() {
        return head;
    }

    /** The TLS details of the connection; null when it is plaintext. */
    public SessionTls tls() {
        return tls;
    }

    public RouteRequest tls(SessionTls sessionTls) {
        this.tls = sessionTls;
        return this;
    }

    /**
     * The protocol as BFE's {@code req_proto_match} names it: {@code http} in plaintext,
     * {@code https} over TLS, {@code h2} for HTTP/2 over TLS and {@code h2c} for HTTP/2 in
     * plaintext (by prior knowledge).
     */
    public String proto() {
        if (head.version() == io.portico.http.HttpVersion.HTTP_2) {
            return tls == null ? "h2c" : "h2";
        }
        if (tls == null) {
            return "http";
        }
        return tls.alpn().isEmpty() || tls.alpn().equals("http/1.1") ? "https" : tls.alpn();
    }

    public InetSocketAddress source() {
        return source;
    }

    public InetSocketAddress client() {
        return client;
    }

    public InetSocketAddress local() {
        return local;
    }

    public boolean secure() {
        return secure;
    }

    public long startMillis() {
        return startMillis;
    }

    /**
     * The authority the request names: that of an absolute-form target, else the first Host
     * field, else the empty string. As sent, with its port.
     */
    public String authority() {
        if (authority == null) {
            authority = RequestViews.authority(head);
        }
        return authority;
    }

    /** The host of {@link #authority()}: lower case, without port, IPv6 brackets or one trailing dot; "" when none. */
    public String host() {
        if (host == null) {
            host = RequestViews.host(authority());
        }
        return host;
    }

    /** The port of {@link #authority()}: the explicit one, else 443 when secure and 80 otherwise; -1 when malformed. */
    public int port() {
        if (port == Integer.MIN_VALUE) {
            port = RequestViews.port(authority(), secure);
        }
        return port;
    }

    /** The path, percent-decoded ('+' stays '+') as BFE matches it; the raw path when an escape is malformed. */
    public String decodedPath() {
        if (decodedPath == null) {
            decodedPath = RequestViews.decodePath(head.path());
        }
        return decodedPath;
    }

    /**
     * The query parameters as Go's url.ParseQuery reads them (pairs split on '&', values
     * percent-decoded with '+' as space), keeping the first value of each key. Unmodifiable.
     */
    public Map<String, String> queryParams() {
        if (query == null) {
            query = RequestViews.parseQuery(head.query());
        }
        return query;
    }

    /** The cookies of every Cookie field (RFC 6265), first value of each name kept. Unmodifiable. */
    public Map<String, String> cookies() {
        if (cookies == null) {
            cookies = RequestViews.parseCookies(head.fields());
        }
        return cookies;
    }
}
