package io.portico.config;

import java.util.Set;

/**
 * {@code [cluster.NAME.retry]}. Defaults (BFE's): in_subcluster 2, cross_subcluster 0, methods the
 * idempotent GET, HEAD, OPTIONS, PUT, DELETE, max_replay_body 64KiB (a request body larger than
 * this is not buffered for a replay, so such a request is retried only if no byte was sent).
 */
public record RetryConfig(int inSubcluster, int crossSubcluster, Set<String> methods, long maxReplayBodyBytes) {
    public static final RetryConfig DEFAULTS = new RetryConfig(2, 0,
            Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE"), 64 * 1024);

    public RetryConfig {
        methods = Set.copyOf(methods);
    }
}
