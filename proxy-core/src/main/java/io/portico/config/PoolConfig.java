package io.portico.config;

import java.time.Duration;

/**
 * {@code [cluster.NAME.pool]}. Defaults: max_idle_per_instance 64 (0 = one connection per request),
 * max_per_instance 0 (unlimited), idle_timeout 60s (nginx's upstream keepalive_timeout).
 */
public record PoolConfig(int maxIdlePerInstance, int maxPerInstance, Duration idleTimeout) {
    public static final PoolConfig DEFAULTS = new PoolConfig(64, 0, Duration.ofSeconds(60));
}
