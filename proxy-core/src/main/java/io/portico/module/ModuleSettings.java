package io.portico.module;

import io.portico.route.Condition;
import io.portico.route.ConditionException;
import io.portico.route.Conditions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
 * <p>Used by the thread that loads the configuration. Sub-tables share the error list of the
 * settings they came from.
 */
public final class ModuleSettings {
    private final String source;
    private final String path;
    private final TomlTable table;
    private final int line;
    private final List<String> errors;

    private ModuleSettings(String source, String path, TomlTable table, int line, List<String> errors) {
        this.source = source;
        this.path = path;
        this.table = table;
        this.line = line;
        this.errors = errors;
    }

    /**
     * @param source the file the table was read from, as errors should name it
     * @param module the module name; keys are reported as {@code modules.<module>.<key>}
     * @param table  the module's table, or null when the config has none (every getter gives its default)
     */
    public static ModuleSettings of(String source, String module, TomlTable table) {
        return new ModuleSettings(source, "modules." + quoted(module), table, 0, new ArrayList<>());
    }

    /** The key path of this table, e.g. {@code modules.header} or {@code modules.header.rule[2]}. */
    public String path() {
        return path;
    }

    public boolean has(String key) {
        return value(key) != null;
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

    /** A sub-table ({@code [modules.NAME.key]} or an inline table); empty when absent. */
    public Optional<ModuleSettings> table(String key) {
        TomlTable t = typed(key, TomlTable.class, "a table");
        return t == null ? Optional.empty() : Optional.of(new ModuleSettings(source, keyPath(key), t, lineOf(key), errors));
    }

    /** An array of tables ({@code [[modules.NAME.key]]}), e.g. a rule list; empty when absent. */
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
            out.add(new ModuleSettings(source, keyPath(key) + "[" + i + "]", t,
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
