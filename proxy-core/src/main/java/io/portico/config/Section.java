package io.portico.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Typed, located reads of one table. A value of the wrong type or form is reported and read as
 * absent, so binding goes on and finds every other error. Each read names a key as allowed;
 * {@link #finish()} reports the keys that were never read as unknown. Loading thread only.
 */
final class Section {
    private final Tree tree;
    private final String path;
    private final Errors errors;
    private final Set<String> allowed = new LinkedHashSet<>();

    Section(Tree tree, String path, Errors errors) {
        this.tree = tree;
        this.path = path;
        this.errors = errors;
    }

    String path() {
        return path;
    }

    Path file() {
        return tree.file;
    }

    int line() {
        return tree.line;
    }

    Errors errors() {
        return errors;
    }

    String keyPath(String key) {
        return Keys.join(path, key);
    }

    /** The keys present, in file order, all treated as allowed (for tables keyed by user names). */
    List<String> keys() {
        allowed.addAll(tree.entries.keySet());
        return List.copyOf(tree.entries.keySet());
    }

    /** Names keys as allowed up front, so "unknown key" messages list them in documentation order. */
    void allow(String... keys) {
        allowed.addAll(List.of(keys));
    }

    /** A required file: reported when absent or empty. */
    Optional<Path> requiredFile(String key) {
        allowed.add(key);
        if (!tree.entries.containsKey(key)) {
            missing(key);
            return Optional.empty();
        }
        if (tree.entries.get(key).value() instanceof String s && s.isEmpty()) {
            error(key, "must name a file");
            return Optional.empty();
        }
        return file(key);
    }

    /** A required string: reported when absent. */
    Optional<String> requiredString(String key) {
        allowed.add(key);
        if (!tree.entries.containsKey(key)) {
            missing(key);
            return Optional.empty();
        }
        return string(key);
    }

    Optional<Tree.Val> raw(String key) {
        allowed.add(key);
        return Optional.ofNullable(tree.entries.get(key));
    }

    /** Reports an error located at {@code key} when present, else at this table. */
    void error(String key, String reason) {
        Tree.Val val = tree.entries.get(key);
        if (val != null) {
            errors.at(val, keyPath(key), reason);
        } else {
            errors.add(tree.file, tree.line, keyPath(key), reason);
        }
    }

    void missing(String key) {
        allowed.add(key);
        errors.add(tree.file, tree.line, keyPath(key), "required key is missing");
    }

    private <T> Optional<T> typed(String key, Class<T> type, String expected) {
        Optional<Tree.Val> val = raw(key);
        if (val.isEmpty()) {
            return Optional.empty();
        }
        Object value = val.get().value();
        if (type.isInstance(value)) {
            return Optional.of(type.cast(value));
        }
        error(key, "expected " + expected + ", got " + Tree.typeName(value));
        return Optional.empty();
    }

    @SuppressWarnings("unchecked") // Tree holds arrays as List<Val> only
    private Optional<List<Tree.Val>> list(String key, String expected) {
        return typed(key, List.class, expected).map(l -> (List<Tree.Val>) l);
    }

    Optional<String> string(String key) {
        return typed(key, String.class, "a string");
    }

    /** A string where {@code ""} means absent. */
    Optional<String> optionalString(String key) {
        return string(key).filter(s -> !s.isEmpty());
    }

    String string(String key, String fallback) {
        return string(key).orElse(fallback);
    }

    boolean bool(String key, boolean fallback) {
        return typed(key, Boolean.class, "true or false").orElse(fallback);
    }

    /** An integer in {@code min..max}; out of range is reported and the fallback used. */
    long integer(String key, long fallback, long min, long max) {
        Optional<Long> value = typed(key, Long.class, "an integer");
        if (value.isPresent() && (value.get() < min || value.get() > max)) {
            error(key, value.get() + " is out of range " + min + ".." + max);
            return fallback;
        }
        return value.orElse(fallback);
    }

    int integer(String key, int fallback, int min, int max) {
        return (int) integer(key, (long) fallback, min, max);
    }

    Duration duration(String key, Duration fallback, boolean positive) {
        Optional<String> text = typed(key, String.class, "a duration string with a unit like \"10s\"");
        if (text.isEmpty()) {
            return fallback;
        }
        try {
            Duration d = Durations.parse(text.get());
            if (positive && d.isZero()) {
                error(key, "must be greater than 0");
                return fallback;
            }
            return d;
        } catch (IllegalArgumentException e) {
            error(key, "invalid duration \"" + text.get() + "\": " + e.getMessage());
            return fallback;
        }
    }

    long size(String key, long fallback, long min) {
        Optional<Tree.Val> val = raw(key);
        if (val.isEmpty()) {
            return fallback;
        }
        Object value = val.get().value();
        long bytes;
        try {
            if (value instanceof Long n) {
                bytes = Sizes.bytes(n);
            } else if (value instanceof String s) {
                bytes = Sizes.parse(s);
            } else {
                error(key, "expected a size (bytes, or a string like \"64KiB\"), got " + Tree.typeName(value));
                return fallback;
            }
        } catch (IllegalArgumentException e) {
            error(key, "invalid size " + (value instanceof String ? "\"" + value + "\"" : value) + ": " + e.getMessage());
            return fallback;
        }
        if (bytes < min) {
            error(key, "must be at least " + min + " bytes");
            return fallback;
        }
        return bytes;
    }

    /** One of {@code choices}, as written. */
    Optional<String> choice(String key, List<String> choices) {
        Optional<String> value = string(key);
        if (value.isPresent() && !choices.contains(value.get())) {
            error(key, "expected one of " + String.join(", ", choices) + "; got \"" + value.get() + "\"");
            return Optional.empty();
        }
        return value;
    }

    /** An array of strings; each bad element is reported and left out. */
    Optional<List<Located>> strings(String key) {
        Optional<List<Tree.Val>> list = list(key, "an array of strings");
        if (list.isEmpty()) {
            return Optional.empty();
        }
        List<Located> out = new ArrayList<>();
        for (int i = 0; i < list.get().size(); i++) {
            Tree.Val item = list.get().get(i);
            String at = Keys.index(keyPath(key), i);
            if (item.value() instanceof String s) {
                out.add(new Located(s, item, at));
            } else {
                errors.at(item, at, "expected a string, got " + Tree.typeName(item.value()));
            }
        }
        return Optional.of(out);
    }

    /** A string element with its location, for checks on single elements. */
    record Located(String value, Tree.Val where, String keyPath) {
    }

    Optional<Section> table(String key) {
        return typed(key, Tree.class, "a table").map(t -> new Section(t, keyPath(key), errors));
    }

    /** An array of tables ({@code [[key]]} or an array of inline tables); elements are {@code key[i]}. */
    List<Section> tables(String key) {
        Optional<List<Tree.Val>> list = list(key, "an array of tables ([[" + keyPath(key) + "]])");
        List<Section> out = new ArrayList<>();
        if (list.isEmpty()) {
            return out;
        }
        for (int i = 0; i < list.get().size(); i++) {
            Tree.Val item = list.get().get(i);
            String at = Keys.index(keyPath(key), i);
            if (item.value() instanceof Tree t) {
                out.add(new Section(t, at, errors));
            } else {
                errors.at(item, at, "expected a table, got " + Tree.typeName(item.value()));
            }
        }
        return out;
    }

    /** A file path resolved against the file it is written in; {@code ""} means absent; must exist. */
    Optional<Path> file(String key) {
        return resolved(key, false);
    }

    Optional<Path> directory(String key) {
        return resolved(key, true);
    }

    private Optional<Path> resolved(String key, boolean directory) {
        Optional<String> text = optionalString(key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Tree.Val val = tree.entries.get(key);
        Path base = val.file().toAbsolutePath().normalize().getParent();
        Path resolved = base.resolve(text.get()).normalize();
        boolean ok = directory ? Files.isDirectory(resolved) : Files.isRegularFile(resolved);
        if (!ok) {
            error(key, (directory ? "no such directory: " : "no such file: ") + resolved);
            return Optional.empty();
        }
        return Optional.of(resolved);
    }

    /** Reports every key present that no read named. */
    void finish() {
        for (var entry : tree.entries.entrySet()) {
            if (!allowed.contains(entry.getKey())) {
                errors.at(entry.getValue(), keyPath(entry.getKey()),
                        "unknown key; allowed keys: " + String.join(", ", allowed));
            }
        }
    }
}
