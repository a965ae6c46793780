package io.portico.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

/**
 * One table of the merged configuration, remembering where each entry was written, so every
 * error can name its file and line after several files were merged. Built and read on the
 * loading thread only.
 */
final class Tree {
    /** A value and its origin: a {@link Tree}, a {@code List<Val>} (array), or a TOML scalar. */
    record Val(Object value, Path file, int line) {
    }

    final Path file;
    final int line;
    /** The parsed table this tree was made from (the first one, for merged namespace tables). */
    final TomlTable source;
    final Map<String, Val> entries = new LinkedHashMap<>();

    Tree(Path file, int line, TomlTable source) {
        this.file = file;
        this.line = line;
        this.source = source;
    }

    /** Converts a parsed table; {@code skipKey} (the root's {@code include}) is left out. */
    static Tree of(TomlTable table, Path file, int line, String skipKey) {
        Tree tree = new Tree(file, line, table);
        for (String key : table.keySet()) {
            if (key.equals(skipKey)) {
                continue;
            }
            List<String> path = List.of(key);
            int at = lineOf(table.inputPositionOf(path));
            tree.entries.put(key, new Val(convert(table.get(path), file, at), file, at));
        }
        return tree;
    }

    private static Object convert(Object value, Path file, int line) {
        if (value instanceof TomlTable table) {
            return of(table, file, line, null);
        }
        if (value instanceof TomlArray array) {
            List<Val> items = new ArrayList<>(array.size());
            for (int i = 0; i < array.size(); i++) {
                int at = lineOf(array.inputPositionOf(i));
                items.add(new Val(convert(array.get(i), file, at), file, at));
            }
            return List.copyOf(items);
        }
        return value;
    }

    static int lineOf(TomlPosition position) {
        return position == null ? 0 : position.line();
    }

    /** A name for a value's type in error messages. */
    static String typeName(Object value) {
        return switch (value) {
            case Tree t -> "a table";
            case List<?> l -> "an array";
            case String s -> "a string";
            case Long l -> "an integer";
            case Double d -> "a float";
            case Boolean b -> "a boolean";
            default -> "a date/time";
        };
    }
}
