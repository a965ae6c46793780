package io.portico.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration that cannot be used, with every error found (never just the first). */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final transient List<ConfigError> errors;

    public ConfigException(List<ConfigError> errors) {
        super(errors.stream().map(ConfigError::toString).collect(Collectors.joining("\n")));
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one error");
        }
        this.errors = List.copyOf(errors);
    }

    /** In file load order, then line order. */
    public List<ConfigError> errors() {
        return errors;
    }
}
