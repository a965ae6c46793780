package io.portico.server.bfe;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * BFE's bfe.conf, a gcfg (git-config style) file: {@code [Section]} headers, {@code Key = value}
 * lines (a key may repeat, as {@code Modules} does), {@code #} and {@code ;} comments, values
 * optionally in double quotes. Read into section → key → values, in file order.
 */
final class Gcfg {
    private Gcfg() {
    }

    /**
     * The last value of {@code section.key} in a module's .conf, names matched without regard to
     * case as gcfg does (BFE's own samples write {@code [basic]} and {@code [Basic]}); null when unset.
     */
    static String value(Path file, String section, String key) throws IOException {
        String found = null;
        for (var s : read(file).entrySet()) {
            if (s.getKey().equalsIgnoreCase(section)) {
                for (var k : s.getValue().entrySet()) {
                    if (k.getKey().equalsIgnoreCase(key) && !k.getValue().isEmpty()) {
                        found = k.getValue().getLast();
                    }
                }
            }
        }
        return found;
    }

    static Map<String, Map<String, List<String>>> read(Path file) throws IOException {
        Map<String, Map<String, List<String>>> out = new LinkedHashMap<>();
        Map<String, List<String>> section = null;
        for (String raw : Files.readAllLines(file)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = out.computeIfAbsent(line.substring(1, line.length() - 1).strip(), s -> new LinkedHashMap<>());
                continue;
            }
            int eq = line.indexOf('=');
            if (section == null || eq < 0) {
                throw new IOException(file + ": not a gcfg line: " + raw);
            }
            String value = line.substring(eq + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            section.computeIfAbsent(line.substring(0, eq).strip(), k -> new ArrayList<>()).add(value);
        }
        return out;
    }
}
