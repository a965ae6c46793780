package io.portico.config;

import io.portico.http.PathRules;
import java.time.Duration;
import java.util.Optional;

/**
 * {@code [server]}.
 *
 * @param gracefulShutdownTimeout drain time on SIGTERM; default 10s
 * @param defaultProduct          product for a Host that matches nothing; absent → 404
 * @param paths                   {@code [server.paths]}: the one path every rule and the backend see
 * @param headers                 {@code [server.headers]}
 * @param warmUp                  loopback traffic through a proxy of its own after start, while no client comes;
 *                                0 (the default) = none
 */
public record ServerConfig(Duration gracefulShutdownTimeout, Optional<String> defaultProduct,
                           TimeoutsConfig timeouts, LimitsConfig limits, PathRules paths, HeadersConfig headers,
                           Http2Config http2, Duration warmUp) {
    static final Duration DEFAULT_GRACEFUL_SHUTDOWN = Duration.ofSeconds(10);
    static final Duration MAX_WARM_UP = Duration.ofSeconds(120);
}
