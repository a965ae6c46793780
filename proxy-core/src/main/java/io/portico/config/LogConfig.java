package io.portico.config;

import java.util.Optional;

/**
 * {@code [log]}: the server's own log (not the access log).
 *
 * @param level  {@code error}, {@code warn}, {@code info} or {@code debug}; empty when not written
 *               (the server then keeps its start-up level, {@code info} unless the JVM was told otherwise)
 * @param json   one JSON object per line instead of readable text
 */
public record LogConfig(Optional<String> level, boolean json) {
    public static final LogConfig DEFAULTS = new LogConfig(Optional.empty(), false);
}
