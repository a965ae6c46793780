package io.portico.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every error of one load, then orders them by file load order and line. Loading thread only. */
final class Errors {
    private final List<ConfigError> errors = new ArrayList<>();

    void add(Path file, int line, String key, String reason) {
        errors.add(new ConfigError(file, line, key, reason));
    }

    void at(Tree.Val where, String key, String reason) {
        add(where.file(), where.line(), key, reason);
    }

    boolean isEmpty() {
        return errors.isEmpty();
    }

    /** Throws when anything was reported; {@code files} gives the load order. */
    void throwIfAny(List<Path> files) {
        if (errors.isEmpty()) {
            return;
        }
        List<ConfigError> sorted = new ArrayList<>(errors);
        sorted.sort(Comparator.<ConfigError>comparingInt(e -> rank(files, e.file())).thenComparingInt(ConfigError::line));
        throw new ConfigException(sorted);
    }

    private static int rank(List<Path> files, Path file) {
        int i = files.indexOf(file);
        return i < 0 ? Integer.MAX_VALUE : i;
    }
}
