package io.portico.config;

import io.portico.http.UnderscoreNames;

/**
 * {@code [server.headers]}.
 *
 * @param underscores what happens to request header names with {@code _}; default {@link UnderscoreNames#DROP}
 */
public record HeadersConfig(UnderscoreNames underscores) {
    public static final HeadersConfig DEFAULTS = new HeadersConfig(UnderscoreNames.DROP);
}
