package io.portico.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One {@code [cluster.NAME]}.
 *
 * @param balance               {@code wrr} (default) or {@code wlc}
 * @param protocol              backend protocol, {@code http} (default) or {@code https}, both HTTP/1.1
 * @param connectTimeout        default 2s (BFE's)
 * @param responseHeaderTimeout default 60s
 * @param tls                   {@link BackendTlsConfig#DEFAULTS} unless {@code protocol = "https"} sets it
 * @param subclusters           in the order of {@code [cluster.NAME.subclusters]}, or of the sub-cluster
 *                              tables when that weight table is absent; BLACKHOLE, when weighted, is one of them
 */
public record ClusterConfig(String name, String balance, String protocol, Duration connectTimeout,
                            Duration responseHeaderTimeout, Optional<StickyConfig> sticky, BackendTlsConfig tls,
                            RetryConfig retry, HealthCheckConfig healthCheck, PoolConfig pool,
                            List<SubclusterConfig> subclusters) {
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration DEFAULT_RESPONSE_HEADER_TIMEOUT = Duration.ofSeconds(60);

    public ClusterConfig {
        subclusters = List.copyOf(subclusters);
    }
}
