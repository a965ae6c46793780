package io.portico.server.bfe;

import static io.portico.server.bfe.GoJson.field;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * BFE's mod_errors → {@code [[modules.errors.rule]]}: per product, in BFE's order (the first rule
 * whose condition matches answers). BFE's condition tests the response with
 * {@code res_code_in("404|500")}; Portico's errors rules take the statuses as {@code status} and
 * the rest of the condition (the request part) as {@code condition}, so a Cond converts when
 * {@code res_code_in} is one of its top-level {@code &&} terms and no other term looks at the
 * response. RETURN (status, content type, page file) → {@code file} (read by BFE from its working
 * directory: see {@link BfeFiles}), {@code content_type}, and {@code body_status} when the status is
 * not the one matched; REDIRECT → {@code redirect} (302).
 */
final class BfeErrors {
    private static final Pattern RES_CODE_IN = Pattern.compile("res_code_in\\(\\s*\"([^\"]*)\"\\s*\\)");
    private static final long MAX_PAGE_BYTES = 1 << 20;

    private final Path dir;
    private final Emitter emit;

    BfeErrors(Path dir, Emitter emit) {
        this.dir = dir;
        this.emit = emit;
    }

    /** The {@code [[modules.errors.rule]]} lines, or empty when nothing can be converted (warned). */
    Optional<List<String>> section() throws IOException {
        Optional<ModuleData> data = ModuleData.read(dir, emit, "mod_errors", "errors");
        if (data.isEmpty()) {
            return Optional.empty();
        }
        String name = data.get().name();
        List<String> out = new ArrayList<>();
        data.get().forEachRule((product, at, rule) -> rule(name, at, product, rule, out));
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    private void rule(String file, String at, String product, JsonNode rule, List<String> out) throws IOException {
        String cond = field(rule, "Cond").asText("");
        JsonNode actions = field(rule, "Actions");
        if (cond.isEmpty() || actions.size() != 1) {
            emit.warn(file, at, (cond.isEmpty() ? "no Cond" : "BFE takes exactly one action, this has " + actions.size())
                    + "; rule left out");
            return;
        }
        List<String> terms = Conditions.conjuncts(cond);
        Set<Integer> codes = new LinkedHashSet<>();
        List<String> request = new ArrayList<>();
        int statusTerms = 0;
        for (String term : terms) {
            Matcher m = RES_CODE_IN.matcher(term);
            if (m.matches()) {
                statusTerms++;
                for (String c : m.group(1).split("\\|")) {
                    try {
                        codes.add(Integer.parseInt(c.strip()));
                    } catch (NumberFormatException e) {
                        emit.warn(file, at + ".Cond", "\"" + c + "\" is not a status code; rule left out");
                        return;
                    }
                }
            } else if (term.contains("res_")) {
                emit.warn(file, at + ".Cond", "\"" + term + "\" tests the response in a way Portico's errors rules cannot "
                        + "(they take statuses, and a condition on the request); rule left out");
                return;
            } else {
                request.add(term);
            }
        }
        if (statusTerms != 1) {
            emit.warn(file, at + ".Cond", (statusTerms == 0 ? "no res_code_in(...) among its && terms"
                    : "res_code_in(...) more than once") + ": Portico's errors rules need the statuses they take; rule left out");
            return;
        }
        Set<Integer> taken = new LinkedHashSet<>();
        List<Integer> outside = new ArrayList<>();
        for (int c : codes) {
            (c >= 400 && c <= 599 ? taken : outside).add(c);
        }
        if (!outside.isEmpty()) {
            emit.warn(file, at + ".Cond", "status " + outside + " left out of the rule: Portico's errors module takes 4xx and 5xx only"
                    + (taken.isEmpty() ? "; rule left out" : ""));
        }
        if (taken.isEmpty()) {
            return;
        }
        List<String> lines = new ArrayList<>();
        lines.add("[[modules.errors.rule]]");
        lines.add("product = " + Toml.str(product));
        lines.add("status = [" + String.join(", ", taken.stream().map(String::valueOf).toList()) + "]");
        if (!request.isEmpty()) {
            lines.add("condition = " + Toml.str(String.join(" && ", request)));
        }
        JsonNode action = actions.get(0);
        String cmd = field(action, "Cmd").asText("");
        List<String> params = new ArrayList<>();
        field(action, "Params").forEach(p -> params.add(p.asText()));
        String where = at + ".Actions[0]";
        switch (cmd) {
            case "RETURN" -> {
                if (params.size() != 3) {
                    emit.warn(file, where, "RETURN takes 3 parameters, got " + params.size() + "; rule left out");
                    return;
                }
                int status;
                try {
                    status = Integer.parseInt(params.get(0));
                } catch (NumberFormatException e) {
                    status = 0;
                }
                if (status < 200 || status > 599 || status / 100 == 3) {
                    emit.warn(file, where, "status " + params.get(0) + " is not a 2xx, 4xx or 5xx; rule left out");
                    return;
                }
                Optional<Path> page = BfeFiles.find(dir, params.get(2), false);
                if (page.isEmpty()) {
                    emit.warn(file, where, "page " + BfeFiles.notFound(dir, params.get(2)) + "; rule left out");
                    return;
                }
                if (Files.size(page.get()) > MAX_PAGE_BYTES) {
                    emit.warn(file, where, "page " + page.get() + " is over 1 MiB, the most Portico's errors module reads; rule left out");
                    return;
                }
                lines.add("file = " + Toml.str(page.get().toString()));
                String type = params.get(1);
                if (type.isEmpty()) {
                    emit.warn(file, where, "no content type: BFE sends none, Portico sends text/html; charset=utf-8");
                } else if (type.indexOf('/') <= 0 || type.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                    emit.warn(file, where, "\"" + type + "\" is not a media type; rule left out");
                    return;
                } else {
                    lines.add("content_type = " + Toml.str(type));
                }
                if (!taken.equals(Set.of(status))) {
                    lines.add("body_status = " + status);
                }
            }
            case "REDIRECT" -> {
                if (params.size() != 1 || params.get(0).isEmpty() || params.get(0).chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                    emit.warn(file, where, "REDIRECT takes one location on one line; rule left out");
                    return;
                }
                lines.add("redirect = " + Toml.str(params.get(0)));
            }
            default -> {
                emit.warn(file, where, "action " + (cmd.isEmpty() ? "(none)" : cmd) + " is not RETURN or REDIRECT; rule left out");
                return;
            }
        }
        lines.add("");
        out.addAll(lines);
    }
}
