package io.portico.config;

import java.time.Duration;

/**
 * {@code [server.timeouts]}; every duration is greater than zero. Defaults (nginx-like):
 * tls_handshake 10s, client_header 30s, client_body 60s, client_idle 60s, client_write 60s;
 * and beyond nginx, client_body_min_rate and client_write_min_rate 1 KiB/s (0 = off), measured
 * over the time spent waiting for the client after a grace of client_min_rate_grace 10s.
 */
public record TimeoutsConfig(Duration tlsHandshake, Duration clientHeader, Duration clientBody,
                             Duration clientIdle, Duration clientWrite, long clientBodyMinRate, long clientWriteMinRate,
                             Duration clientMinRateGrace) {
    public static final long DEFAULT_MIN_RATE = 1024;

    public static final TimeoutsConfig DEFAULTS = new TimeoutsConfig(Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofSeconds(60), Duration.ofSeconds(60), DEFAULT_MIN_RATE, DEFAULT_MIN_RATE,
            Duration.ofSeconds(10));
}
