package io.portico.config;

import java.time.Duration;
import java.util.Optional;

/**
 * {@code [server]}.
 *
 * @param gracefulShutdownTimeout drain time on SIGTERM; default 10s
 * @param defaultProduct          product for a Host that matches nothing; absent → 404
 */
public record ServerConfig(Duration gracefulShutdownTimeout, Optional<String> defaultProduct,
                           TimeoutsConfig timeouts, LimitsConfig limits) {
    static final Duration DEFAULT_GRACEFUL_SHUTDOWN = Duration.ofSeconds(10);
}
