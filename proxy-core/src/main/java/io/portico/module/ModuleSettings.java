package io.portico.module;

import io.portico.route.Condition;
import io.portico.route.ConditionException;
import io.portico.route.Conditions;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * A module's own TOML table ({@code [modules.NAME]}) with typed getters. A getter never throws
 * on a bad value: it records a located error ({@code file:line: modules.NAME.key: reason}) and
 * returns the default, so one pass reports every mistake. The server rejects the configuration
 * if {@link #errors()} is not empty after the module's {@code init}.
 *
 * <p>A relative file path in the settings ({@link #path(String)}, {@link #resolve(String)}) is
 * resolved against the directory of the file the module's section was written in, as nginx and
 * BFE resolve theirs against their configuration directory.
 *
 * <p>Used by the thread that loads the configuration. Sub-tables share the error list and the
 * directory of the settings they came from.
 */
public final class ModuleSettings {
    private final String source;
    private final Path dir;
    private final String path;
    private final TomlTable table;
    private final int line;
    private final List<String> errors;

    private ModuleSettings(String source, Path dir, String path, TomlTable table, int line, List<String> errors) {
        this.source = source;
        this.dir = dir;
        this.path = path;
        this.table = table;
        this.line = line;
        this.errors = errors;
    }

    /**
     * Settings read from {@code file}: errors name it, and relative paths are resolved against its directory.
     *
     * @param module the module name; keys are reported as {@code modules.<module>.<key>}
     * @param table  the module's table, or null when the config has none (every getter gives its default)
     */
    public static ModuleSettings of(Path file, String module, TomlTable table) {
        Path parent = file.toAbsolutePath().normalize().getParent();
        return new ModuleSettings(file.toString(), parent == null ? Path.of("").toAbsolutePath() : parent,
                "modules." + quoted(module), table, 0, new ArrayList<>());
    }

    /**
     * Settings that name {@code source} in their errors and resolve relative paths against the
     * working directory (for tests and embedders without a file).
     *
     * @param source the file the table was read from, as errors should name it
     * @param module the module name; keys are reported as {@code modules.<module>.<key>}
     * @param table  the module's table, or null when the config has none (every getter gives its default)
     */
    public static ModuleSettings of(String source, String module, TomlTable table) {
        return new ModuleSettings(source, Path.of(""), "modules." + quoted(module), table, 0, new ArrayList<>());
    }

    /** The key path of this table, e.g. {@code modules.header} or {@code modules.header.rule[2]}. */
    public String path() {
        return path;
    }

    public boolean has(String key) {
        return value(key) != null;
    }

    /** Whether {@code key} holds an array, for keys that take either a single value or a list. */
    public boolean isArray(String key) {
        return value(key) instanceof TomlArray;
    }

    /** The keys of this table in the order they were written; empty when the table is absent. */
    public Set<String> keys() {
        return table == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(table.keySet()));
    }

    public String string(String key, String defaultValue) {
        String s = typed(key, String.class, "a string");
        return s == null ? defaultValue : s;
    }

    public long integer(String key, long defaultValue) {
        return integer(key, defaultValue, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** An integer in {@code min..max} (inclusive). */
    public long integer(String key, long defaultValue, long min, long max) {
        Long n = typed(key, Long.class, "an integer");
        if (n == null) {
            return defaultValue;
        }
        if (n < min || n > max) {
            error(key, "expected an integer in " + min + ".." + max + ", got " + n);
            return defaultValue;
        }
        return n;
    }

    public boolean bool(String key, boolean defaultValue) {
        Boolean b = typed(key, Boolean.class, "true or false");
        return b == null ? defaultValue : b;
    }

    /** A string with a unit: {@code "250ms"}, {@code "2s"}, {@code "1m"}, {@code "1h"}. */
    public Duration duration(String key, Duration defaultValue) {
        String s = typed(key, String.class, "a duration string like \"2s\"");
        if (s == null) {
            return defaultValue;
        }
        try {
            return Units.duration(s);
        } catch (IllegalArgumentException e) {
            error(key, e.getMessage());
            return defaultValue;
        }
    }

    /** Bytes: a non-negative integer, or a string with a unit: {@code "512"}, {@code "64KiB"}, {@code "8MiB"}, {@code "1GiB"}. */
    public long size(String key, long defaultValue) {
        if (value(key) instanceof Long n) {
            if (n >= 0) {
                return n;
            }
            error(key, "expected a size of 0 or more bytes, got " + n);
            return defaultValue;
        }
        String s = typed(key, String.class, "a size like \"64KiB\"");
        if (s == null) {
            return defaultValue;
        }
        try {
            return Units.size(s);
        } catch (IllegalArgumentException e) {
            error(key, e.getMessage());
            return defaultValue;
        }
    }

    /** An array of strings; read-only. */
    public List<String> stringList(String key, List<String> defaultValue) {
        TomlArray array = typed(key, TomlArray.class, "an array of strings");
        if (array == null) {
            return defaultValue;
        }
        List<String> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof String s)) {
                error(key, "element " + i + ": expected a string, got " + describe(array.get(i)));
                return defaultValue;
            }
            out.add(s);
        }
        return Collections.unmodifiableList(out);
    }

    /** An array of integers; read-only. */
    public List<Long> integerList(String key, List<Long> defaultValue) {
        TomlArray array = typed(key, TomlArray.class, "an array of integers");
        if (array == null) {
            return defaultValue;
        }
        List<Long> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof Long n)) {
                error(key, "element " + i + ": expected an integer, got " + describe(array.get(i)));
                return defaultValue;
            }
            out.add(n);
        }
        return Collections.unmodifiableList(out);
    }

    /** One string ({@code "a"}, read as a list of one) or an array of strings ({@code ["a", "b"]}); read-only. */
    public List<String> stringOrList(String key, List<String> defaultValue) {
        Object v = value(key);
        if (v instanceof String s) {
            return List.of(s);
        }
        if (v == null || v instanceof TomlArray) {
            return stringList(key, defaultValue);
        }
        error(key, "expected a string or an array of strings, got " + describe(v));
        return defaultValue;
    }

    /**
     * A table of string values, inline ({@code key = { "X-A" = "v" }}) or not
     * ({@code [modules.NAME.key]}), in the order written; read-only, empty when absent. An entry
     * whose value is not a string is left out with an error naming the entry.
     */
    public Map<String, String> stringMap(String key) {
        TomlTable t = typed(key, TomlTable.class, "a table of strings like { \"name\" = \"value\" }");
        if (t == null) {
            return Map.of();
        }
        ModuleSettings entries = new ModuleSettings(source, dir, keyPath(key), t, lineOf(key), errors);
        Map<String, String> out = new LinkedHashMap<>();
        for (String k : t.keySet()) {
            Object v = t.get(List.of(k));
            if (v instanceof String s) {
                out.put(k, s);
            } else {
                entries.error(k, "expected a string, got " + describe(v));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * A file path: a relative one is resolved against the directory of the configuration file
     * (see {@link #resolve}); empty when absent, or (with an error recorded) when not a string
     * or not a valid path.
     */
    public Optional<Path> path(String key) {
        String text = typed(key, String.class, "a file path string");
        if (text == null) {
            return Optional.empty();
        }
        if (text.isEmpty()) {
            error(key, "expected a file path, got \"\"");
            return Optional.empty();
        }
        try {
            return Optional.of(resolve(text));
        } catch (InvalidPathException e) {
            error(key, "\"" + text + "\" is not a valid path: " + e.getReason());
            return Optional.empty();
        }
    }

    /**
     * {@code file} as a path; when relative, against the directory of the file the module's
     * section was written in (the working directory for settings made without a file).
     *
     * @throws InvalidPathException when the text is not a path on this system
     */
    public Path resolve(String file) {
        return dir.resolve(file).normalize();
    }

    /** A sub-table ({@code [modules.NAME.key]} or an inline table); empty when absent. */
    public Optional<ModuleSettings> table(String key) {
        TomlTable t = typed(key, TomlTable.class, "a table");
        return t == null ? Optional.empty() : Optional.of(new ModuleSettings(source, dir, keyPath(key), t, lineOf(key), errors));
    }

    /** An array of tables ({@code [[modules.NAME.key]]}), e.g. a rule list; empty when absent. */
    /**
     * A module whose settings are a list of rules: {@code key} is the only key allowed here, and
     * {@code [[modules.NAME.key]]} must hold at least one table (else a located error).
     */
    public List<ModuleSettings> requiredRules(String key) {
        rejectUnknownKeys(Set.of(key));
        List<ModuleSettings> rules = tableArray(key);
        if (rules.isEmpty()) {
            error(key, "at least one [[" + path + "." + key + "]] is required");
        }
        return rules;
    }

    public List<ModuleSettings> tableArray(String key) {
        TomlArray array = typed(key, TomlArray.class, "an array of tables");
        if (array == null) {
            return List.of();
        }
        List<ModuleSettings> out = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            if (!(array.get(i) instanceof TomlTable t)) {
                error(key, "element " + i + ": expected a table, got " + describe(array.get(i)));
                return List.of();
            }
            TomlPosition at = array.inputPositionOf(i);
            out.add(new ModuleSettings(source, dir, keyPath(key) + "[" + i + "]", t,
                    at == null ? lineOf(key) : at.line(), errors));
        }
        return List.copyOf(out);
    }

    /**
     * A condition expression compiled with {@link Conditions#compile}. A bad expression records
     * an error and yields a condition that never matches.
     */
    public Condition condition(String key, String defaultExpression) {
        String expression = string(key, defaultExpression);
        try {
            return Conditions.compile(expression);
        } catch (ConditionException e) {
            error(key, "bad condition at offset " + e.position() + ": " + e.getMessage());
            return request -> false;
        }
    }

    /** Records an error for every key of this table that is not in {@code allowed}. */
    public void rejectUnknownKeys(Set<String> allowed) {
        if (table == null) {
            return;
        }
        for (String key : new TreeSet<>(table.keySet())) {
            if (!allowed.contains(key)) {
                error(key, "unknown key (known: " + String.join(", ", new TreeSet<>(allowed)) + ")");
            }
        }
    }

    /** Records an error about {@code key} of this table, for checks the getters cannot make. */
    public void error(String key, String reason) {
        int at = lineOf(key);
        errors.add(source + (at > 0 ? ":" + at : "") + ": " + keyPath(key) + ": " + reason);
    }

    /** Every error recorded so far by these settings and those derived from the same module table. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    private Object value(String key) {
        return table == null ? null : table.get(List.of(key));
    }

    private int lineOf(String key) {
        TomlPosition at = table == null || !table.contains(List.of(key)) ? null : table.inputPositionOf(List.of(key));
        return at == null ? line : at.line();
    }

    /** The value if it has this type; null when absent, or (with an error recorded) of another type. */
    private <T> T typed(String key, Class<T> type, String expected) {
        Object v = value(key);
        if (v == null || type.isInstance(v)) {
            return type.cast(v);
        }
        error(key, "expected " + expected + ", got " + describe(v));
        return null;
    }

    private String keyPath(String key) {
        return path + "." + quoted(key);
    }

    private static String describe(Object v) {
        return switch (v) {
            case String s -> "the string \"" + s + "\"";
            case Long n -> "the integer " + n;
            case Double d -> "the float " + d;
            case Boolean b -> "the boolean " + b;
            case TomlArray a -> "an array";
            case TomlTable t -> "a table";
            default -> "a date/time";
        };
    }

    // A bare TOML key stays as is; anything else is quoted, as a user would write it.
    private static String quoted(String key) {
        boolean bare = !key.isEmpty();
        for (int i = 0; i < key.length() && bare; i++) {
            char c = key.charAt(i);
            bare = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
        }
        return bare ? key : "\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
