package io.portico.config;

/**
 * {@code [server.http2]}: HTTP/2 from clients (h2 over TLS by ALPN, h2c by prior knowledge).
 *
 * @param maxConcurrentStreams streams a client may have open at once; past it → REFUSED_STREAM
 * @param initialWindow        receive window per stream, bytes: what a client may send on a stream
 *                             before the proxy's request thread reads it
 * @param connectionWindow     receive window of the whole connection, bytes
 * @param maxHeaderListSize    decoded request header list (name + value + 32 per field); past it → 431
 */
public record Http2Config(int maxConcurrentStreams, int initialWindow, int connectionWindow, int maxHeaderListSize) {
    public static final Http2Config DEFAULTS = new Http2Config(100, 1 << 20, 16 << 20, 64 << 10);
    /** The largest flow-control window HTTP/2 can express (RFC 9113 §6.9.1). */
    static final long MAX_WINDOW = Integer.MAX_VALUE;
    /** A connection window below the protocol's initial 65,535 could never be announced. */
    static final long MIN_CONNECTION_WINDOW = 65_535;
}
