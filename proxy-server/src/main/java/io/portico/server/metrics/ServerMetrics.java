package io.portico.server.metrics;

import io.portico.http.ProtocolException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The server's own counters. Shared; lock-free. */
public final class ServerMetrics {

    /** Why the proxy answered (or closed) on its own; each kind is one counter. */
    public enum ErrorKind {
        BAD_REQUEST, BAD_TARGET, BAD_PATH, BAD_HOST, URI_TOO_LONG, HEADER_TOO_LARGE, BODY_TOO_LARGE, SMUGGLING,
        NOT_IMPLEMENTED, VERSION_NOT_SUPPORTED, CLIENT_TIMEOUT, CLIENT_WRITE_TIMEOUT, NO_PRODUCT, NO_ROUTE, BLACKHOLE,
        NO_INSTANCE, CONNECT_FAILED, BAD_RESPONSE, UPSTREAM_TIMEOUT, UPSTREAM_RESET, INTERNAL, CONNECTION_BARRIER,
        /** A connection on a proxy_protocol listener without a valid PROXY header in time: closed. */
        BAD_PROXY_HEADER;

        /** The kind a client's malformed or over-limit input is counted as. */
        public static ErrorKind of(ProtocolException.Kind kind) {
            return switch (kind) {
                case BAD_TARGET -> BAD_TARGET;
                case BAD_PATH -> BAD_PATH;
                case BAD_HOST -> BAD_HOST;
                case URI_TOO_LONG -> URI_TOO_LONG;
                case HEADER_TOO_LARGE, TOO_MANY_HEADERS -> HEADER_TOO_LARGE;
                case BODY_TOO_LARGE -> BODY_TOO_LARGE;
                case SMUGGLING -> SMUGGLING;
                case NOT_IMPLEMENTED -> NOT_IMPLEMENTED;
                case VERSION_NOT_SUPPORTED -> VERSION_NOT_SUPPORTED;
                default -> BAD_REQUEST;
            };
        }
    }

    public final LongAdder connectionsAccepted = new LongAdder();
    public final LongAdder connectionsRefused = new LongAdder();
    /** accept() failures (out of file descriptors, mostly), on listeners and the admin port. */
    public final LongAdder acceptFailures = new LongAdder();
    public final AtomicLong connectionsOpen = new AtomicLong();
    public final LongAdder requests = new LongAdder();
    public final LongAdder backendConnectsOpened = new LongAdder();
    public final LongAdder backendConnectsReused = new LongAdder();
    public final LongAdder retries = new LongAdder();
    public final LongAdder reloads = new LongAdder();
    /** Reloads refused (bad config, a module refusing its settings): the old config kept serving. */
    public final LongAdder reloadsFailed = new LongAdder();
    /** TLS handshakes from clients, by how they ended. */
    public enum Handshake {
        OK, TIMEOUT, FAILED, CLOSED
    }

    private final LongAdder[] handshakes = newAdders(Handshake.values().length);

    public void handshake(Handshake result) {
        handshakes[result.ordinal()].increment();
    }

    public long handshakes(Handshake result) {
        return handshakes[result.ordinal()].sum();
    }

    /** Completed TLS handshakes: [0] full, [1] resumed; each by version, [0] TLS 1.2, [1] TLS 1.3. */
    private final LongAdder[] sessions = newAdders(4);

    /** A completed handshake, {@code protocol} as JSSE names it ({@code TLSv1.3}, {@code TLSv1.2}). */
    public void session(boolean resumed, String protocol) {
        sessions[(resumed ? 2 : 0) + ("TLSv1.3".equals(protocol) ? 1 : 0)].increment();
    }

    /** Completed handshakes that were resumed (or full), TLS 1.3 (or 1.2). */
    public long sessions(boolean resumed, boolean tls13) {
        return sessions[(resumed ? 2 : 0) + (tls13 ? 1 : 0)].sum();
    }

    /** HTTP/2 connections served (h2 by ALPN or h2c by prior knowledge), and their streams. */
    public final LongAdder http2Connections = new LongAdder();
    public final LongAdder http2Streams = new LongAdder();

    /** What an HTTP/2 client was stopped for (GOAWAY ENHANCE_YOUR_CALM, or a stream reset), one counter each. */
    public enum Http2Flood {
        RAPID_RESET, CONTINUATION, SETTINGS, PING, PRIORITY, EMPTY_FRAMES, WINDOW_UPDATE, STALLED_WINDOW, REFUSED_STREAM
    }

    private final LongAdder[] http2Resets = newAdders(16);
    private final LongAdder[] http2GoAways = newAdders(16);
    private final LongAdder[] http2Floods = newAdders(Http2Flood.values().length);

    /** An RST_STREAM the proxy sent, by error code (codes past 15 counted as 15). */
    public void http2Reset(int code) {
        http2Resets[Math.min(code, 15)].increment();
    }

    /** A GOAWAY the proxy sent, by error code. */
    public void http2GoAway(int code) {
        http2GoAways[Math.min(code, 15)].increment();
    }

    public void http2Flood(Http2Flood kind) {
        http2Floods[kind.ordinal()].increment();
    }

    public long http2Resets(int code) {
        return http2Resets[code].sum();
    }

    public long http2GoAways(int code) {
        return http2GoAways[code].sum();
    }

    public long http2Floods(Http2Flood kind) {
        return http2Floods[kind.ordinal()].sum();
    }

    /** Where a request was when its client went away (closed or reset, its connection or stream). */
    public enum ClientAbort {
        REQUEST_BODY, BACKEND_WAIT, RESPONSE
    }

    /** Clients dropped for moving data below client_body_min_rate (BODY) or client_write_min_rate (WRITE). */
    public enum SlowClient {
        BODY, WRITE
    }

    private final LongAdder[] clientAborts = newAdders(ClientAbort.values().length);
    private final LongAdder[] slowClients = newAdders(SlowClient.values().length);

    public void clientAbort(ClientAbort phase) {
        clientAborts[phase.ordinal()].increment();
    }

    public long clientAborts(ClientAbort phase) {
        return clientAborts[phase.ordinal()].sum();
    }

    public void slowClient(SlowClient kind) {
        slowClients[kind.ordinal()].increment();
    }

    public long slowClients(SlowClient kind) {
        return slowClients[kind.ordinal()].sum();
    }

    /** Request header fields removed because their name holds '_' ({@code [server.headers] underscores = "drop"}). */
    public final LongAdder underscoreHeadersDropped = new LongAdder();
    private final LongAdder[] byStatusClass = newAdders(6);
    private final LongAdder[] errors = newAdders(ErrorKind.values().length);
    private final Map<String, LongAdder> moduleErrors = new ConcurrentHashMap<>();

    public void response(int status) {
        int cls = status / 100;
        byStatusClass[cls >= 1 && cls <= 5 ? cls : 0].increment();
    }

    public void error(ErrorKind kind) {
        errors[kind.ordinal()].increment();
    }

    /** A module failed at a callback point (rare path: a map lookup is fine). */
    public void moduleError(String module) {
        moduleErrors.computeIfAbsent(module, m -> new LongAdder()).increment();
    }

    public Map<String, Long> moduleErrors() {
        Map<String, Long> m = new java.util.TreeMap<>();
        moduleErrors.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    public long moduleErrors(String module) {
        LongAdder a = moduleErrors.get(module);
        return a == null ? 0 : a.sum();
    }

    public long errors(ErrorKind kind) {
        return errors[kind.ordinal()].sum();
    }

    public long responses(int statusClass) {
        return byStatusClass[statusClass].sum();
    }

    private static LongAdder[] newAdders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }
}
