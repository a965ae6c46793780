package io.portico.config;

import java.time.Duration;

/**
 * {@code [server.timeouts]}; every value is greater than zero. Defaults (nginx-like):
 * tls_handshake 10s, client_header 30s, client_body 60s, client_idle 60s, client_write 60s.
 */
public record TimeoutsConfig(Duration tlsHandshake, Duration clientHeader, Duration clientBody,
                             Duration clientIdle, Duration clientWrite) {
    public static final TimeoutsConfig DEFAULTS = new TimeoutsConfig(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(60));
}
