package io.portico.server.bfe;

import static io.portico.server.bfe.GoJson.field;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.modules.header.HeaderModule;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * BFE's mod_header → {@code [[modules.header.rule]]}: mod_header.conf names the rule file, whose
 * rules per product (global ones first, as BFE applies them) carry REQ_/RSP_HEADER_SET, _ADD, _DEL
 * and _RENAME actions with BFE's {@code %bfe_*} variables. BFE stops a product's own list at a
 * {@code Last} rule but still runs the product's rules after the global ones; in Portico's single
 * list that becomes a global rule whose later global rules carry the negation of its condition.
 */
final class BfeHeader {
    /** BFE's variables with a Portico equal; the value is the whole parameter, as in BFE. */
    private static final Map<String, String> VARIABLES = Map.of(
            "%bfe_client_ip", "%client_ip", "%bfe_cip", "%client_ip", "%bfe_client_port", "%client_port",
            "%bfe_log_id", "%log_id", "%bfe_vip", "%server_addr", "%bfe_server_name", "%server_addr",
            "%bfe_ssl_version", "%tls_protocol", "%bfe_request_host", "%host");
    /** Portico's order within a rule: rename, delete, set, add. */
    private static final List<String> ORDER = List.of("RENAME", "DEL", "SET", "ADD");

    private final Path dir;
    private final Emitter emit;

    BfeHeader(Path dir, Emitter emit) {
        this.dir = dir;
        this.emit = emit;
    }

    /** The {@code [[modules.header.rule]]} lines, or empty when nothing can be converted (warned). */
    Optional<List<String>> section() throws IOException {
        Optional<ModuleData> data = ModuleData.read(dir, emit, "mod_header", "header");
        if (data.isEmpty()) {
            return Optional.empty();
        }
        if ("true".equalsIgnoreCase(Gcfg.value(data.get().conf(), "Basic", "DisableDefaultHeader"))) {
            emit.warn(data.get().confName(), "Basic.DisableDefaultHeader", "Portico's X-Forwarded-For and X-Real-IP are set by "
                    + "[server.headers], not by the header module; left out");
        }
        String name = data.get().name();
        JsonNode config = data.get().config();
        List<String> out = new ArrayList<>();
        rules(name, "global", null, field(config, "global"), new Stops(new ArrayList<>(), new ArrayList<>()), out);
        for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> product = it.next();
            if (!product.getKey().equals("global")) {
                rules(name, product.getKey(), product.getKey(), product.getValue(), null, out);
            }
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    /** The conditions of a list's Last rules so far, per side: BFE keeps one list per side. */
    private record Stops(List<String> request, List<String> response) {
        List<String> of(String side) {
            return side.equals("request") ? request : response;
        }
    }

    /**
     * One product's rules. For the global list, {@code stops} collects the conditions of its Last
     * rules: each later global rule applies, on that side, only where none of them matched.
     */
    private void rules(String file, String key, String product, JsonNode list, Stops stops, List<String> out) {
        int i = 0;
        for (JsonNode rule : list) {
            String at = "Config." + key + "[" + i++ + "]";
            String cond = field(rule, "Cond").asText("");
            if (cond.isEmpty()) {
                emit.warn(file, at, "no Cond; rule left out");
                continue;
            }
            Map<String, Map<String, List<String>>> edits = edits(file, at, field(rule, "Actions"));
            if (edits == null) {
                continue;
            }
            boolean isLast = field(rule, "Last").asBoolean(false);
            if (stops == null) {
                emitRule(product, cond, edits, isLast, out);
                continue;
            }
            if (stops.request().equals(stops.response())) {
                emitRule(null, guarded(stops.request(), cond), edits, false, out);
            } else {
                for (String side : List.of("request", "response")) {
                    Map<String, Map<String, List<String>>> oneSide = new LinkedHashMap<>(edits);
                    oneSide.keySet().removeIf(k -> !k.startsWith(side + "_"));
                    if (!oneSide.isEmpty()) {
                        emitRule(null, guarded(stops.of(side), cond), oneSide, false, out);
                    }
                }
            }
            if (isLast) {
                for (String side : List.of("request", "response")) {
                    if (edits.keySet().stream().anyMatch(k -> k.startsWith(side + "_"))) {
                        stops.of(side).add(cond);
                    }
                }
            }
        }
    }

    private static String guarded(List<String> stops, String cond) {
        return stops.isEmpty() ? cond
                : stops.stream().map(c -> "!(" + c + ")").collect(Collectors.joining(" && ")) + " && (" + cond + ")";
    }

    private static void emitRule(String product, String condition, Map<String, Map<String, List<String>>> edits, boolean last,
                                 List<String> out) {
        out.add("[[modules.header.rule]]");
        if (product != null) {
            out.add("product = " + Toml.str(product));
        }
        out.add("condition = " + Toml.str(condition));
        edits.forEach((tomlKey, fields) -> out.add(tomlKey + " = " + tomlValue(tomlKey, fields)));
        if (last) {
            out.add("last = true");
        }
        out.add("");
    }

    /** The rule's edits as Portico keys (request_set, …) → name → values; null when the rule cannot be carried over (warned). */
    private Map<String, Map<String, List<String>>> edits(String file, String at, JsonNode actions) {
        Map<String, Map<String, List<String>>> edits = new LinkedHashMap<>();
        Map<String, Integer> rankSeen = new HashMap<>();
        int j = 0;
        for (JsonNode action : actions) {
            String where = at + ".Actions[" + j++ + "]";
            String cmd = field(action, "Cmd").asText("");
            List<String> params = new ArrayList<>();
            field(action, "Params").forEach(p -> params.add(p.asText()));
            String side = cmd.startsWith("REQ_HEADER_") ? "request" : cmd.startsWith("RSP_HEADER_") ? "response" : null;
            String op = side == null ? "" : cmd.substring("REQ_HEADER_".length());
            int arity = op.equals("DEL") ? 1 : 2;
            if (side == null || !ORDER.contains(op)) {
                emit.warn(file, where, "action " + (cmd.isEmpty() ? "(none)" : cmd) + " has no equivalent in the header module; rule left out");
                return null;
            }
            if (params.size() != arity) {
                emit.warn(file, where, cmd + " takes " + arity + " parameter(s), got " + params.size() + "; rule left out");
                return null;
            }
            String header = params.get(0);
            List<String> names = op.equals("RENAME") ? List.of(header, params.get(1)) : List.of(header);
            for (String n : names) {
                if (!isToken(n) || HeaderModule.OWNED_BY_PROXY.contains(n.toLowerCase(Locale.ROOT))) {
                    emit.warn(file, where, "\"" + n + "\" " + (isToken(n) ? "is a field the proxy owns" : "is not a header name")
                            + "; rule left out");
                    return null;
                }
            }
            String rankKey = side + ":" + header.toLowerCase(Locale.ROOT);
            int rank = ORDER.indexOf(op);
            if (rankSeen.getOrDefault(rankKey, -1) > rank) {
                emit.warn(file, where, cmd + " " + header + " comes after an edit Portico applies later (it applies rename, "
                        + "delete, set, add in that order within a rule); rule left out");
                return null;
            }
            rankSeen.merge(rankKey, rank, Math::max);
            String value = "";
            if (arity == 2) {
                Optional<String> converted = op.equals("RENAME") ? Optional.of(params.get(1)) : value(params.get(1));
                if (converted.isEmpty()) {
                    emit.warn(file, where, "variable " + params.get(1) + " has no equivalent; rule left out");
                    return null;
                }
                value = converted.get();
            }
            String tomlKey = side + "_" + switch (op) {
                case "DEL" -> "delete";
                case "SET" -> "set";
                case "ADD" -> "add";
                default -> "rename";
            };
            List<String> values = edits.computeIfAbsent(tomlKey, k -> new LinkedHashMap<>())
                    .computeIfAbsent(header, h -> new ArrayList<>());
            if (!op.equals("ADD")) {
                values.clear(); // a second SET or RENAME of one name: the later one is what BFE leaves
            }
            values.add(value);
        }
        if (edits.isEmpty()) {
            emit.warn(file, at, "no Actions; rule left out");
            return null;
        }
        return edits;
    }

    private static boolean isToken(String name) {
        return !name.isEmpty() && name.chars().allMatch(c -> c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0);
    }

    /** A BFE value in Portico's template: a whole-value variable mapped, else the literal with % doubled. */
    private static Optional<String> value(String bfe) {
        if (bfe.startsWith("%")) {
            return Optional.ofNullable(VARIABLES.get(bfe));
        }
        return Optional.of(bfe.replace("%", "%%"));
    }

    private static String tomlValue(String tomlKey, Map<String, List<String>> fields) {
        if (tomlKey.endsWith("_delete")) {
            return Toml.strings(List.copyOf(fields.keySet()));
        }
        return fields.entrySet().stream()
                .map(e -> Toml.str(e.getKey()) + " = " + (e.getValue().size() == 1 ? Toml.str(e.getValue().getFirst())
                        : Toml.strings(e.getValue())))
                .collect(Collectors.joining(", ", "{ ", " }"));
    }
}
