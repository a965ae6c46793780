package io.portico.server.bfe;

import static io.portico.server.bfe.GoJson.field;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * BFE's mod_tag → {@code [[modules.tag.rule]]}: per product, each rule's condition, its one tag
 * ({@code Param.TagName}, {@code Param.TagValue}) and {@code Last}, in BFE's order.
 */
final class BfeTag {
    private final Path dir;
    private final Emitter emit;

    BfeTag(Path dir, Emitter emit) {
        this.dir = dir;
        this.emit = emit;
    }

    /** The {@code [[modules.tag.rule]]} lines, or empty when nothing can be converted (warned). */
    Optional<List<String>> section() throws IOException {
        Optional<ModuleData> data = ModuleData.read(dir, emit, "mod_tag", "tag");
        if (data.isEmpty()) {
            return Optional.empty();
        }
        String name = data.get().name();
        List<String> out = new ArrayList<>();
        data.get().forEachRule((product, at, rule) -> rule(name, product, at, rule, out));
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    private void rule(String name, String product, String at, JsonNode rule, List<String> out) {
        String cond = field(rule, "Cond").asText("");
        JsonNode param = field(rule, "Param");
        String tagName = field(param, "TagName").asText("");
        if (cond.isEmpty() || tagName.isEmpty()) {
            emit.warn(name, at, (cond.isEmpty() ? "no Cond" : "no Param.TagName") + "; rule left out");
            return;
        }
        out.add("[[modules.tag.rule]]");
        out.add("product = " + Toml.str(product));
        out.add("condition = " + Toml.str(cond));
        out.add("tag_name = " + Toml.str(tagName));
        out.add("tag_value = " + Toml.str(field(param, "TagValue").asText("")));
        if (field(rule, "Last").asBoolean(false)) {
            out.add("last = true");
        }
        out.add("");
    }
}
