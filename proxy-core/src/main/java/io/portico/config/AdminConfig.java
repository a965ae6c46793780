package io.portico.config;

import java.util.Optional;

/**
 * {@code [admin]}: the monitor / control port. No section → {@link #disabled()}; a section without
 * {@code address} listens on 127.0.0.1:8421.
 *
 * @param token when present, POST endpoints need {@code Authorization: Bearer <token>}
 */
public record AdminConfig(boolean enabled, String host, int port, Optional<String> token) {
    static final String DEFAULT_HOST = "127.0.0.1";
    static final int DEFAULT_PORT = 8421;

    public static AdminConfig disabled() {
        return new AdminConfig(false, "", 0, Optional.empty());
    }
}
