package io.portico.config;

/**
 * {@code [server.limits]}. Defaults: max_header_bytes 64KiB, max_uri_bytes 8KiB, max_headers 100,
 * and 0 (unlimited) for max_body_bytes, max_connections and max_requests_per_connection.
 * The header and URI limits and max_headers are at least 1.
 */
public record LimitsConfig(long maxHeaderBytes, long maxUriBytes, int maxHeaders, long maxBodyBytes,
                           int maxConnections, int maxRequestsPerConnection) {
    public static final LimitsConfig DEFAULTS = new LimitsConfig(64 * 1024, 8 * 1024, 100, 0, 0, 0);
}
