package io.portico.server.bfe;

import static io.portico.server.bfe.GoJson.field;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * BFE's mod_redirect → {@code [[modules.redirect.rule]]}: mod_redirect.conf names the rule file,
 * whose rules per product (BFE has no global list here) each carry one action (URL_SET,
 * URL_FROM_QUERY, URL_PREFIX_ADD or SCHEME_SET) and a status.
 */
final class BfeRedirect {
    private static final Set<Integer> STATUSES = Set.of(301, 302, 303, 307, 308);

    private final Path dir;
    private final Emitter emit;

    BfeRedirect(Path dir, Emitter emit) {
        this.dir = dir;
        this.emit = emit;
    }

    /** The {@code [[modules.redirect.rule]]} lines, or empty when nothing can be converted (warned). */
    Optional<List<String>> section() throws IOException {
        Optional<ModuleData> data = ModuleData.read(dir, emit, "mod_redirect", "redirect");
        if (data.isEmpty()) {
            return Optional.empty();
        }
        String name = data.get().name();
        List<String> out = new ArrayList<>();
        data.get().forEachRule((product, at, rule) -> rule(name, at, product, rule, out));
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    private void rule(String file, String at, String product, JsonNode rule, List<String> out) {
        String cond = field(rule, "Cond").asText("");
        JsonNode actions = field(rule, "Actions");
        int status = field(rule, "Status").asInt(0);
        if (cond.isEmpty() || actions.size() != 1 || !STATUSES.contains(status)) {
            emit.warn(file, at, cond.isEmpty() ? "no Cond; rule left out"
                    : actions.size() != 1 ? "Portico's redirect rules take one action, this has " + actions.size() + "; rule left out"
                    : "status " + status + " is not 301, 302, 303, 307 or 308; rule left out");
            return;
        }
        JsonNode action = actions.get(0);
        String cmd = field(action, "Cmd").asText("");
        JsonNode params = field(action, "Params");
        String key = switch (cmd) {
            case "URL_SET" -> "url";
            case "URL_FROM_QUERY" -> "from_query";
            case "URL_PREFIX_ADD" -> "path_prefix_add";
            case "SCHEME_SET" -> "scheme";
            default -> null;
        };
        String param = params.size() == 1 ? params.get(0).asText("") : "";
        if (key == null || param.isEmpty()) {
            emit.warn(file, at + ".Actions[0]", key == null ? "action " + (cmd.isEmpty() ? "(none)" : cmd) + " has no equivalent; rule left out"
                    : cmd + " takes one parameter; rule left out");
            return;
        }
        if (key.equals("scheme")) {
            param = param.toLowerCase(java.util.Locale.ROOT);
            if (!param.equals("http") && !param.equals("https")) {
                emit.warn(file, at + ".Actions[0]", "SCHEME_SET " + param + " is not http or https; rule left out");
                return;
            }
            emit.warn(file, at + ".Actions[0]", "SCHEME_SET redirects only hosts listed in [hosts] in Portico (BFE: any Host)");
        }
        if (key.equals("from_query")) {
            emit.warn(file, at + ".Actions[0]", "URL_FROM_QUERY: where the parameter is missing or not an absolute http(s) URL, "
                    + "Portico tries the next rule (BFE answers a redirect without a usable Location)");
        }
        out.add("[[modules.redirect.rule]]");
        out.add("product = " + Toml.str(product));
        out.add("condition = " + Toml.str(cond));
        out.add(key + " = " + Toml.str(param));
        out.add("status = " + status);
        out.add("");
    }
}
