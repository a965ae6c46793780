package io.portico.config;

/**
 * {@code [server.limits]}. Defaults: max_header_bytes 64KiB, max_uri_bytes 8KiB, max_headers 100,
 * and 0 (unlimited) for max_body_bytes and max_requests_per_connection. max_connections: 0 is
 * unlimited when written; absent it is {@link #MAX_CONNECTIONS_UNSET}, and the server derives a cap
 * from the descriptor limit. The header and URI limits and max_headers are at least 1.
 */
public record LimitsConfig(long maxHeaderBytes, long maxUriBytes, int maxHeaders, long maxBodyBytes,
                           int maxConnections, int maxRequestsPerConnection) {
    /** max_connections not in the config: the server picks a cap below the descriptor limit. */
    public static final int MAX_CONNECTIONS_UNSET = -1;
    public static final LimitsConfig DEFAULTS = new LimitsConfig(64 * 1024, 8 * 1024, 100, 0, MAX_CONNECTIONS_UNSET, 0);
}
