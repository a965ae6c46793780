package io.portico.server.snapshot;

import io.portico.config.Http2Config;
import io.portico.config.ServerConfig;
import io.portico.http.PathRules;
import io.portico.http.UnderscoreNames;
import io.portico.http1.Http1Limits;
import io.portico.server.io.MinRate;

/** The {@code [server]} section in the units the data path uses, computed once per config. */
public record ServerSettings(
        long tlsHandshakeNanos,
        long headerTimeoutNanos,
        int idleTimeoutMillis,
        int bodyTimeoutMillis,
        Http1Limits http1Limits,
        long maxBodyBytes,
        int maxRequestsPerConnection,
        PathRules pathRules,
        UnderscoreNames underscores,
        Http2Config http2,
        long writeTimeoutNanos,
        long bodyMinRate,
        long writeMinRate,
        long minRateGraceNanos) {

    public static ServerSettings of(ServerConfig c) {
        var t = c.timeouts();
        var l = c.limits();
        return new ServerSettings(
                t.tlsHandshake().toNanos(),
                t.clientHeader().toNanos(),
                millis(t.clientIdle()),
                millis(t.clientBody()),
                new Http1Limits(clamp(l.maxHeaderBytes()), clamp(l.maxUriBytes()), l.maxHeaders()),
                l.maxBodyBytes(),
                l.maxRequestsPerConnection(),
                c.paths(),
                c.headers().underscores(),
                c.http2(),
                t.clientWrite().toNanos(),
                t.clientBodyMinRate(),
                t.clientWriteMinRate(),
                t.clientMinRateGrace().toNanos());
    }

    /** A fresh client_body_min_rate budget for one request body, or null when off. */
    public MinRate bodyRate() {
        return bodyMinRate == 0 ? null : new MinRate(bodyMinRate, minRateGraceNanos);
    }

    /** A fresh client_write_min_rate budget for one connection, or null when off. */
    public MinRate writeRate() {
        return writeMinRate == 0 ? null : new MinRate(writeMinRate, minRateGraceNanos);
    }

    private static int millis(java.time.Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }

    private static int clamp(long v) {
        return (int) Math.min(Integer.MAX_VALUE, v);
    }
}
