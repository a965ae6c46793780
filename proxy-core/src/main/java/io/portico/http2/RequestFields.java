package io.portico.http2;

import io.portico.http.HttpFields;
import io.portico.http.HttpVersion;
import io.portico.http.RequestHead;
import io.portico.http.Tokens;
import io.portico.http2.hpack.FieldSink;

/**
 * Collects one decoded request header block (or trailer block) as HPACK hands it over, and checks
 * what RFC 9113 §8.2 and §8.3 require of it: the request pseudo-header fields, each once, before
 * any regular field, {@code :path} and {@code :scheme} present except for CONNECT; no
 * connection-specific field; {@code te} only {@code trailers}; {@code content-length} a number.
 * Cookie fields are joined into one (§8.2.3), since the backend speaks HTTP/1.1. A malformed
 * block is remembered, not thrown (a sink must not throw), and reported by {@link #head} or
 * {@link #trailers}. One per header block, on the connection's thread.
 */
public final class RequestFields implements FieldSink {
    private final HttpFields fields = new HttpFields(16);
    private final boolean trailers;
    private String method;
    private String scheme;
    private String authority;
    private String path;
    private String protocol;
    private StringBuilder cookie;
    private boolean regularSeen;
    private String malformed;
    private long contentLength = -1;

    private RequestFields(boolean trailers) {
        this.trailers = trailers;
    }

    /** For the header block that opens a request stream. */
    public static RequestFields request() {
        return new RequestFields(false);
    }

    /** For a trailer block: regular fields only. */
    public static RequestFields trailerBlock() {
        return new RequestFields(true);
    }

    @Override
    public void field(String name, String value, boolean sensitive) {
        if (malformed != null) {
            return;
        }
        if (!name.isEmpty() && name.charAt(0) == ':') {
            pseudo(name, value);
            return;
        }
        regularSeen = true;
        switch (name) {
            case "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade" ->
                    malformed = "connection-specific field " + name;
            case "te" -> {
                if (!value.equals("trailers")) {
                    malformed = "te other than trailers";
                }
            }
            case "content-length" -> contentLength(value);
            case "cookie" -> {
                if (cookie == null) {
                    cookie = new StringBuilder(value);
                } else {
                    cookie.append("; ").append(value);
                }
                return;
            }
            default -> {
            }
        }
        fields.addParsed(name, value);
    }

    private void pseudo(String name, String value) {
        if (trailers) {
            malformed = "pseudo-header field in trailers";
            return;
        }
        if (regularSeen) {
            malformed = "pseudo-header field " + name + " after a regular field";
            return;
        }
        switch (name) {
            case ":method" -> method = once(method, name, value);
            case ":scheme" -> scheme = once(scheme, name, value);
            case ":authority" -> authority = once(authority, name, value);
            case ":path" -> path = once(path, name, value);
            case ":protocol" -> protocol = once(protocol, name, value);
            default -> malformed = "pseudo-header field " + name + " in a request";
        }
    }

    private String once(String had, String name, String value) {
        if (had != null) {
            malformed = "two " + name + " fields";
        }
        return value;
    }

    private void contentLength(String value) {
        long n = 0;
        if (value.isEmpty() || value.length() > 18) {
            malformed = "content-length is not a number";
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                malformed = "content-length is not a number";
                return;
            }
            n = n * 10 + (c - '0');
        }
        if (contentLength >= 0 && contentLength != n) {
            malformed = "two different content-length values";
        }
        contentLength = n;
    }

    /** The declared content-length, or -1 when none was sent. */
    public long contentLength() {
        return contentLength;
    }

    /**
     * The request head: method, scheme, authority ("" when absent) and path, with the regular
     * fields (cookies joined into one field).
     *
     * @throws StreamException PROTOCOL_ERROR on {@code streamId} when the block is malformed
     */
    public RequestHead head(int streamId) {
        if (malformed == null) {
            if (method == null) {
                malformed = "no :method";
            } else if (!Tokens.isToken(method)) {
                malformed = ":method is not a token";
            } else if (protocol != null) {
                malformed = ":protocol without extended CONNECT";
            } else if (method.equals("CONNECT")) {
                if (scheme != null || path != null || authority == null) {
                    malformed = "CONNECT takes :authority alone";
                }
            } else if (scheme == null || path == null) {
                malformed = scheme == null ? "no :scheme" : "no :path";
            } else if (path.isEmpty()) {
                malformed = "empty :path";
            } else if (!scheme.equals("http") && !scheme.equals("https")) {
                malformed = ":scheme " + scheme + " is not http or https";
            } else if (path.charAt(0) != '/' && !(path.equals("*") && method.equals("OPTIONS"))) {
                malformed = ":path is neither origin-form nor * for OPTIONS";
            }
        }
        if (malformed != null) {
            throw Http2Exception.stream(ErrorCode.PROTOCOL_ERROR, streamId, "malformed request: " + malformed);
        }
        addCookie();
        return new RequestHead(method, scheme == null ? "" : scheme, authority == null ? "" : authority,
                path == null ? authority : path, HttpVersion.HTTP_2, fields);
    }

    /**
     * The trailer fields.
     *
     * @throws StreamException PROTOCOL_ERROR on {@code streamId} when the block is malformed
     */
    public HttpFields trailers(int streamId) {
        if (malformed != null) {
            throw Http2Exception.stream(ErrorCode.PROTOCOL_ERROR, streamId, "malformed trailers: " + malformed);
        }
        addCookie();
        return fields;
    }

    private void addCookie() {
        if (cookie != null) {
            fields.addParsed("cookie", cookie.toString());
            cookie = null;
        }
    }
}
