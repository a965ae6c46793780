package io.portico.server.bfe;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** What an import writes: the TOML lines, and the warnings, each {@code file: key: what happened}. One import's. */
final class Emitter {
    /** Metadata keys of BFE's data files: no behaviour, read silently. */
    private static final Set<String> METADATA = Set.of("Version", "Hostname", "Ts");

    private final List<String> warnings = new ArrayList<>();
    private final StringBuilder out = new StringBuilder();

    void warn(String file, String key, String what) {
        warnings.add(file + ": " + key + ": " + what);
    }

    void line(String text) {
        out.append(text).append('\n');
    }

    /** A warning for each key of {@code node} outside {@code known} (and the metadata keys). */
    void unknownKeys(String file, String path, JsonNode node, Set<String> known) {
        node.fieldNames().forEachRemaining(k -> {
            if (!known.contains(k) && !METADATA.contains(k)) {
                warn(file, path.isEmpty() ? k : path + "." + k, "no equivalent in Portico; left out");
            }
        });
    }

    String toml() {
        return out.toString();
    }

    List<String> warnings() {
        return List.copyOf(warnings);
    }
}
