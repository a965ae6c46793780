package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.module.ModuleCatalog;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/configuration.md documents every key the loader and the built-in modules accept, and
 * names no key they refuse. The accepted keys come from the code itself ({@link AcceptedKeys}).
 */
class ConfigurationDocTest {
    static final Path DOC = Path.of("..", "docs", "configuration.md").toAbsolutePath().normalize();
    private static final Pattern HEADING = Pattern.compile("^#{2,4} `\\[\\[?([A-Za-z0-9_.]+)\\]\\]?`");
    private static final Pattern ROW = Pattern.compile("^\\| `([A-Za-z0-9_]+)` \\|");

    static SortedMap<String, SortedSet<String>> accepted;
    static Map<String, List<String>> documented;

    @BeforeAll
    static void probe(@TempDir Path dir) throws IOException {
        accepted = new TreeMap<>(AcceptedKeys.core(dir));
        accepted.putAll(AcceptedKeys.modules(dir));
        documented = documentedKeys(Files.readAllLines(DOC));
    }

    /** Table (without brackets; "" for the top level) → the keys its rows name, in the order of the page. */
    static Map<String, List<String>> documentedKeys(List<String> lines) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        String table = null;
        for (String line : lines) {
            Matcher h = HEADING.matcher(line);
            if (line.startsWith("### Top level")) {
                table = "";
            } else if (h.find()) {
                table = h.group(1);
            } else if (line.startsWith("#")) {
                table = null;
            }
            if (table == null) {
                continue;
            }
            List<String> keys = out.computeIfAbsent(table, t -> new ArrayList<>());
            Matcher row = ROW.matcher(line);
            if (row.find()) {
                keys.add(row.group(1));
            }
        }
        return out;
    }

    @Test
    void theProbeFindsTheTablesOfTheMainFileAndEveryBuiltInModule() {
        assertThat(accepted).containsKeys("", "server", "server.timeouts", "server.paths", "server.headers", "listener",
                "tls.certificate", "admin", "product.NAME.route", "cluster.NAME", "cluster.NAME.pool",
                "cluster.NAME.subcluster.NAME.instance", "modules", "modules.header.rule", "modules.rewrite.rule");
        assertThat(accepted.get("server.paths")).contains("normalize", "merge_slashes", "escaped_slash");
        assertThat(accepted.get("modules.auth_jwt")).contains("forward_token");
        assertThat(accepted.get("modules.rewrite.rule")).contains("query_append");
        ModuleCatalog catalog = ModuleCatalog.discover(getClass().getClassLoader());
        for (String module : AcceptedKeys.builtInModules(catalog)) {
            assertThat(accepted).as("module %s rejects unknown keys, so its keys can be learnt", module)
                    .containsKey("modules." + module);
        }
    }

    @Test
    void everyAcceptedKeyIsDocumentedInItsTable() {
        List<String> missing = new ArrayList<>();
        accepted.forEach((table, keys) -> {
            for (String key : keys) {
                String path = table.isEmpty() ? key : table + "." + key;
                boolean row = documented.getOrDefault(table, List.of()).contains(key);
                boolean section = documented.keySet().stream().anyMatch(t -> t.equals(path) || t.startsWith(path + "."));
                if (!row && !section) {
                    missing.add(path);
                }
            }
        });
        assertThat(missing).as("keys the loader accepts but %s does not document", DOC).isEmpty();
    }

    @Test
    void everyDocumentedKeyIsAccepted() {
        List<String> unknown = new ArrayList<>();
        documented.forEach((table, keys) -> {
            if (accepted.containsKey(table)) {
                for (String key : keys) {
                    if (!accepted.get(table).contains(key)) {
                        unknown.add(table + "." + key);
                    }
                }
            } else {
                // A table of names the user picks (hosts, sub-cluster weights): its parent accepts it.
                int dot = table.lastIndexOf('.');
                String parent = dot < 0 ? "" : table.substring(0, dot);
                if (!accepted.getOrDefault(parent, new TreeSet<>()).contains(table.substring(dot + 1))) {
                    unknown.add("[" + table + "]");
                }
            }
        });
        assertThat(unknown).as("keys or tables %s documents that the loader refuses", DOC).isEmpty();
    }
}
