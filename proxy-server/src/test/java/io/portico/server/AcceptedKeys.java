package io.portico.server;

import io.portico.config.ConfigError;
import io.portico.config.ConfigException;
import io.portico.config.ConfigLoader;
import io.portico.config.ProxyConfig;
import io.portico.module.ModuleCatalog;
import io.portico.module.SimpleMetricsRegistry;
import io.portico.server.snapshot.LoadedModules;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keys the loader accepts, learnt from the loader itself rather than from a list kept by hand:
 * a config with an unknown key {@value #PROBE} in one table is loaded, and the error it earns lists
 * the keys allowed there. Each allowed key is then tried as a table, an array of tables and a
 * table of named tables, which finds the tables below it; a segment that stands for a name the
 * user picks (a cluster, a sub-cluster, a product) is written {@code NAME}. Modules are probed the
 * same way through their {@code ModuleSettings.rejectUnknownKeys} errors.
 *
 * <p>The result maps a table, written as in the documentation's headings without brackets
 * ({@code cluster.NAME.pool}, {@code modules.header.rule}; {@code ""} for the top level), to its keys.
 */
final class AcceptedKeys {
    static final String PROBE = "zz_probe";
    private static final Pattern CORE_ALLOWED = Pattern.compile("allowed keys: ([A-Za-z0-9_]+(?:, [A-Za-z0-9_]+)*)");
    private static final Pattern MODULE_ALLOWED =
            Pattern.compile(": (modules\\.\\S+)\\." + PROBE + ": unknown key \\(known: ([^)]*)\\)$");

    private AcceptedKeys() {
    }

    /** Where a table is in a probe document: its path of keys, with "[0]" for an array element. */
    private record Place(List<String> steps) {
        Place then(String... more) {
            List<String> s = new ArrayList<>(steps);
            s.addAll(Arrays.asList(more));
            return new Place(List.copyOf(s));
        }

        /** The key path the loader reports for this table. */
        String reported() {
            StringBuilder out = new StringBuilder();
            for (String step : steps) {
                if (step.equals("[0]")) {
                    out.append(step);
                } else {
                    out.append(out.isEmpty() ? "" : ".").append(step);
                }
            }
            return out.toString();
        }

        /** The table as the documentation names it. */
        String generic() {
            List<String> parts = new ArrayList<>();
            for (String step : steps) {
                if (!step.equals("[0]")) {
                    parts.add(step.equals(PROBE) ? "NAME" : step);
                }
            }
            return String.join(".", parts);
        }
    }

    /** Keys of the main config, by table. */
    static SortedMap<String, SortedSet<String>> core(Path dir) {
        return probe(new Place(List.of()), place -> coreErrors(dir, place));
    }

    /** Keys of each built-in module (those in {@code io.portico.modules}), by table ({@code modules.NAME...}). */
    static SortedMap<String, SortedSet<String>> modules(Path dir) {
        ModuleCatalog catalog = ModuleCatalog.discover(AcceptedKeys.class.getClassLoader());
        SortedMap<String, SortedSet<String>> out = new TreeMap<>();
        for (String name : builtInModules(catalog)) {
            Place top = new Place(List.of("modules", name));
            out.putAll(probe(top, place -> moduleErrors(dir, catalog, name, place)));
        }
        return out;
    }

    static SortedSet<String> builtInModules(ModuleCatalog catalog) {
        SortedSet<String> out = new TreeSet<>();
        for (String name : catalog.names()) {
            if (catalog.create(name).orElseThrow().getClass().getPackageName().startsWith("io.portico.modules.")) {
                out.add(name);
            }
        }
        return out;
    }

    /**
     * Walks down from {@code start}: {@code load} loads a document with one probe key in it and
     * returns, by reported key path, the keys each table that reported the probe allows.
     */
    private static SortedMap<String, SortedSet<String>> probe(Place start,
            Function<Map<String, Object>, Map<String, List<String>>> load) {
        SortedMap<String, SortedSet<String>> out = new TreeMap<>();
        Deque<Place> tables = new ArrayDeque<>();
        tables.add(start);
        while (!tables.isEmpty()) {
            Place table = tables.poll();
            List<String> keys = load.apply(document(table)).get(table.reported());
            if (keys == null || out.containsKey(table.generic())) {
                continue;
            }
            out.put(table.generic(), new TreeSet<>(keys));
            for (String key : keys) {
                for (Place below : List.of(table.then(key), table.then(key, "[0]"), table.then(key, PROBE))) {
                    if (load.apply(document(below)).containsKey(below.reported())) {
                        tables.add(below);
                        break;
                    }
                }
            }
        }
        return out;
    }

    /** A document holding only a probe key at {@code place}, as nested maps and lists. */
    private static Map<String, Object> document(Place place) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> at = root;
        List<String> steps = place.steps();
        for (int i = 0; i < steps.size(); i++) {
            String step = steps.get(i);
            if (step.equals("[0]")) {
                continue;
            }
            Map<String, Object> next = new LinkedHashMap<>();
            if (i + 1 < steps.size() && steps.get(i + 1).equals("[0]")) {
                at.put(step, new ArrayList<>(List.of(next)));
            } else {
                at.put(step, next);
            }
            at = next;
        }
        at.put(PROBE, 1L);
        return root;
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> into, Map<String, Object> from) {
        for (var e : from.entrySet()) {
            Object mine = into.get(e.getKey());
            if (mine instanceof Map<?, ?> m && e.getValue() instanceof Map<?, ?> f) {
                merge((Map<String, Object>) m, (Map<String, Object>) f);
            } else if (mine instanceof List<?> l && e.getValue() instanceof List<?> f
                    && l.getFirst() instanceof Map<?, ?> m && f.getFirst() instanceof Map<?, ?> fm) {
                merge((Map<String, Object>) m, (Map<String, Object>) fm);
            } else {
                into.put(e.getKey(), e.getValue());
            }
        }
    }

    private static Map<String, List<String>> coreErrors(Path dir, Map<String, Object> probe) {
        Map<String, Object> document = base();
        merge(document, probe);
        Map<String, List<String>> out = new LinkedHashMap<>();
        try {
            ConfigLoader.load(write(dir, document));
        } catch (ConfigException e) {
            for (ConfigError error : e.errors()) {
                Matcher m = CORE_ALLOWED.matcher(error.reason());
                String suffix = "." + PROBE;
                if (m.find() && (error.key().equals(PROBE) || error.key().endsWith(suffix))) {
                    String table = error.key().equals(PROBE) ? "" : error.key().substring(0, error.key().length() - suffix.length());
                    out.put(table, List.of(m.group(1).split(", ")));
                }
            }
        }
        return out;
    }

    private static Map<String, List<String>> moduleErrors(Path dir, ModuleCatalog catalog, String module, Map<String, Object> probe) {
        Map<String, Object> document = base();
        Map<String, Object> modules = new LinkedHashMap<>();
        modules.put("enabled", List.of(module));
        document.put("modules", modules);
        merge(document, probe);
        Map<String, List<String>> out = new LinkedHashMap<>();
        ProxyConfig config = ConfigLoader.load(write(dir, document));
        try {
            LoadedModules.load(config.modules(), catalog, new SimpleMetricsRegistry()).close();
        } catch (LoadedModules.ModuleConfigException e) {
            for (String line : e.lines()) {
                Matcher m = MODULE_ALLOWED.matcher(line);
                if (m.find()) {
                    out.put(m.group(1), List.of(m.group(2).split(", ")));
                }
            }
        }
        return out;
    }

    private static Map<String, Object> base() {
        Map<String, Object> listener = new LinkedHashMap<>();
        listener.put("address", "127.0.0.1:0");
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("listener", new ArrayList<>(List.of(listener)));
        return document;
    }

    private static Path write(Path dir, Map<String, Object> document) {
        StringBuilder toml = new StringBuilder();
        document.forEach((k, v) -> toml.append(quote(k)).append(" = ").append(inline(v)).append('\n'));
        try {
            return Files.writeString(dir.resolve("probe.toml"), toml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String inline(Object value) {
        return switch (value) {
            case Map<?, ?> m -> {
                List<String> parts = new ArrayList<>();
                m.forEach((k, v) -> parts.add(quote((String) k) + " = " + inline(v)));
                yield "{ " + String.join(", ", parts) + " }";
            }
            case List<?> l -> "[" + String.join(", ", l.stream().map(AcceptedKeys::inline).toList()) + "]";
            case String s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            default -> String.valueOf(value);
        };
    }

    private static String quote(String key) {
        return key.matches("[A-Za-z0-9_-]+") ? key : "\"" + key + "\"";
    }
}
