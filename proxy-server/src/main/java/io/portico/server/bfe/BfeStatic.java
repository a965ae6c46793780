package io.portico.server.bfe;

import static io.portico.server.bfe.GoJson.field;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * BFE's mod_static → {@code [modules.static]}: each BFE rule serves the request's path from a
 * document root (BROWSE, with a default file). Portico's static module serves one root, so the
 * first rule that converts is taken, with the rules of its product that name the same root and
 * default file (see {@link OneTable}). The root is found as BFE finds it (see {@link BfeFiles}) and
 * written as an absolute path; MimeTypePath's types become {@code mime_types}.
 */
final class BfeStatic {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final Emitter emit;

    BfeStatic(Path dir, Emitter emit) {
        this.dir = dir;
        this.emit = emit;
    }

    /** Root and default file of a BROWSE rule. */
    private record Browse(Path root, String defaultFile) {
    }

    /** The {@code [modules.static]} lines, or empty when nothing can be converted (warned). */
    Optional<List<String>> section() throws IOException {
        Optional<ModuleData> data = ModuleData.read(dir, emit, "mod_static", "static");
        if (data.isEmpty()) {
            return Optional.empty();
        }
        String name = data.get().name();
        Map<String, List<OneTable.Rule>> products = OneTable.table();
        for (Iterator<Map.Entry<String, JsonNode>> it = data.get().config().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> product = it.next();
            List<OneTable.Rule> rules = new ArrayList<>();
            int i = 0;
            for (JsonNode rule : product.getValue()) {
                String at = "Config." + product.getKey() + "[" + i++ + "]";
                String cond = field(rule, "Cond").asText("");
                if (cond.isEmpty()) {
                    emit.warn(name, at, "no Cond; rule left out");
                    continue;
                }
                rules.add(new OneTable.Rule(at, cond, browse(name, at, field(rule, "Action"))));
            }
            products.put(product.getKey(), rules);
        }
        Optional<OneTable.Choice<Browse>> choice = OneTable.choose(name, products, emit, "static", "root and default file");
        if (choice.isEmpty()) {
            return Optional.empty();
        }
        Browse browse = choice.get().settings();
        List<String> out = new ArrayList<>();
        out.add("[modules.static]");
        out.add("product = " + Toml.str(choice.get().product()));
        out.add("condition = " + Toml.str(choice.get().condition()));
        out.add("root = " + Toml.str(browse.root().toString()));
        out.add("index = " + Toml.strings(browse.defaultFile().isEmpty() ? List.of() : List.of(browse.defaultFile())));
        String confName = data.get().confName();
        Map<String, String> types = mimeTypes(confName, Gcfg.value(data.get().conf(), "Basic", "MimeTypePath"));
        if (!types.isEmpty()) {
            out.add("mime_types = " + types.entrySet().stream().map(e -> Toml.key(e.getKey()) + " = " + Toml.str(e.getValue()))
                    .collect(Collectors.joining(", ", "{ ", " }")));
        }
        out.add("");
        emit.warn(name, "Config", "Portico answers 404 for names starting with a dot (BFE serves them), and gives a file "
                + "of a type MimeTypePath does not list a type from its own table, or application/octet-stream (BFE: from "
                + "Go's mime table, or no Content-Type); a directory without an index file is 404 (BFE: 500)");
        if ("true".equalsIgnoreCase(Gcfg.value(data.get().conf(), "Basic", "EnableCompress"))) {
            emit.warn(confName, "Basic.EnableCompress", "Portico does not serve precompressed .gz/.br files; left out");
        }
        return Optional.of(out);
    }

    /** The rule's BROWSE settings; null when it does not convert (warned). */
    private Browse browse(String file, String at, JsonNode action) {
        String cmd = field(action, "Cmd").asText("");
        List<String> params = new ArrayList<>();
        field(action, "Params").forEach(p -> params.add(p.asText()));
        if (!cmd.equals("BROWSE") || params.size() != 2) {
            emit.warn(file, at + ".Action", cmd.equals("BROWSE") ? "BROWSE takes 2 parameters, got " + params.size() + "; rule left out"
                    : "action " + (cmd.isEmpty() ? "(none)" : cmd) + " is not BROWSE; rule left out");
            return null;
        }
        Optional<Path> root = BfeFiles.find(dir, params.get(0), true);
        if (root.isEmpty()) {
            emit.warn(file, at + ".Action", "document root " + BfeFiles.notFound(dir, params.get(0)) + "; rule left out");
            return null;
        }
        String defaultFile = params.get(1);
        if (!defaultFile.isEmpty()) {
            if (defaultFile.contains("/") || defaultFile.equals("..") || !Files.isRegularFile(root.get().resolve(defaultFile))) {
                emit.warn(file, at + ".Action", "default file " + defaultFile + " is not a file in " + root.get() + "; rule left out");
                return null;
            }
            emit.warn(file, at + ".Action", "default file " + defaultFile + ": BFE serves it for every path that is no file; "
                    + "Portico serves it for directories (index) and answers 404 for a missing file");
        }
        return new Browse(root.get(), defaultFile);
    }

    /** MimeTypePath's extension → type table, extensions without their dot. */
    private Map<String, String> mimeTypes(String confName, String set) throws IOException {
        String name = set == null || set.isEmpty() ? "mod_static/mime_type.data" : set;
        Path file = dir.resolve(name);
        Map<String, String> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            if (set != null && !set.isEmpty()) {
                emit.warn(confName, "Basic.MimeTypePath", name + " not found; no types imported");
            }
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = field(JSON.readTree(file.toFile()), "Config").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String ext = e.getKey().startsWith(".") ? e.getKey().substring(1) : e.getKey();
            String type = e.getValue().asText("").strip();
            if (ext.isEmpty() || ext.contains(".") || ext.contains("/") || type.indexOf('/') <= 0
                    || type.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                emit.warn(name, "Config." + e.getKey(), "not an extension and a media type; left out");
                continue;
            }
            out.put(ext.toLowerCase(Locale.ROOT), type);
        }
        return out;
    }
}
