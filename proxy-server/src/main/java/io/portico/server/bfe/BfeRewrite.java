package io.portico.server.bfe;

import static io.portico.server.bfe.GoJson.field;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * BFE's mod_rewrite → {@code [modules.rewrite]} with {@code after_route = true} (BFE rewrites at
 * HandleAfterLocation: the route rules see the request as the client sent it) and one
 * {@code [[modules.rewrite.rule]]} per BFE rule, per product in BFE's order, with {@code last}.
 * HOST_SET → {@code host_set}; PATH_SET → {@code path_set}; PATH_PREFIX_TRIM →
 * {@code path_prefix_trim}; PATH_PREFIX_ADD with a prefix ending in {@code /} → {@code path_prefix_add}
 * (BFE joins the prefix and the path without its first {@code /}, so {@code /v2} + {@code /a} is
 * {@code /v2a}, which Portico cannot write); QUERY_ADD (appends, keeping the client's pairs) →
 * {@code query_append}; QUERY_DEL → {@code query_delete}; QUERY_RENAME → {@code query_rename}.
 * Portico applies a rule's edits in a fixed order (host; path set, trim, add; query delete,
 * rename, append), so a rule whose actions come in another order is left out. A rule that
 * matched with Last and no action Portico can write keeps stopping its product's later rules:
 * they carry the negation of its condition.
 */
final class BfeRewrite {
    /** Rank of each action within its part (path, query): Portico's order. */
    private static final Map<String, Integer> PATH_RANK = Map.of("PATH_SET", 0, "PATH_PREFIX_TRIM", 1, "PATH_PREFIX_ADD", 2);
    private static final Map<String, Integer> QUERY_RANK = Map.of("QUERY_DEL", 0, "QUERY_RENAME", 1, "QUERY_ADD", 2);
    private static final Set<String> NO_EQUIVALENT = Set.of("HOST_SET_FROM_PATH_PREFIX", "HOST_SUFFIX_REPLACE", "QUERY_DEL_ALL_EXCEPT");

    private final Path dir;
    private final Emitter emit;

    BfeRewrite(Path dir, Emitter emit) {
        this.dir = dir;
        this.emit = emit;
    }

    /** The rule's Portico edits; every field null or empty when absent. */
    private static final class Edits {
        String host;
        String pathSet;
        String trim;
        String add;
        final Set<String> delete = new LinkedHashSet<>();
        final Map<String, String> rename = new LinkedHashMap<>();
        final Map<String, String> append = new LinkedHashMap<>();

        boolean isEmpty() {
            return host == null && pathSet == null && trim == null && add == null && delete.isEmpty() && rename.isEmpty()
                    && append.isEmpty();
        }
    }

    /** The {@code [modules.rewrite]} lines, or empty when nothing can be converted (warned). */
    Optional<List<String>> section() throws IOException {
        Optional<ModuleData> data = ModuleData.read(dir, emit, "mod_rewrite", "rewrite");
        if (data.isEmpty()) {
            return Optional.empty();
        }
        String name = data.get().name();
        List<String> rules = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = data.get().config().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> product = it.next();
            List<String> stops = new ArrayList<>();
            int i = 0;
            for (JsonNode rule : product.getValue()) {
                rule(name, "Config." + product.getKey() + "[" + i++ + "]", product.getKey(), rule, stops, rules);
            }
        }
        if (rules.isEmpty()) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        out.add("[modules.rewrite]");
        out.add("after_route = true                    # BFE's mod_rewrite runs after the route rules");
        out.add("");
        out.addAll(rules);
        return Optional.of(out);
    }

    private void rule(String file, String at, String product, JsonNode rule, List<String> stops, List<String> out) {
        String cond = field(rule, "Cond").asText("");
        if (cond.isEmpty()) {
            emit.warn(file, at, "no Cond; rule left out");
            return;
        }
        boolean last = field(rule, "Last").asBoolean(false);
        Edits edits = edits(file, at, field(rule, "Actions"));
        if (edits == null) {
            return;
        }
        String guarded = guarded(stops, cond);
        if (edits.isEmpty()) {
            if (last) {
                stops.add(cond); // it still ends the product's list where it matches
            }
            return;
        }
        out.add("[[modules.rewrite.rule]]");
        out.add("product = " + Toml.str(product));
        out.add("condition = " + Toml.str(guarded));
        if (edits.host != null) {
            out.add("host_set = " + Toml.str(edits.host));
        }
        if (edits.pathSet != null) {
            out.add("path_set = " + Toml.str(edits.pathSet));
        }
        if (edits.trim != null) {
            out.add("path_prefix_trim = " + Toml.str(edits.trim));
        }
        if (edits.add != null) {
            out.add("path_prefix_add = " + Toml.str(edits.add));
        }
        if (!edits.delete.isEmpty()) {
            out.add("query_delete = " + Toml.strings(List.copyOf(edits.delete)));
        }
        if (!edits.rename.isEmpty()) {
            out.add("query_rename = " + table(edits.rename));
        }
        if (!edits.append.isEmpty()) {
            out.add("query_append = " + table(edits.append));
        }
        if (last) {
            out.add("last = true");
        }
        out.add("");
    }

    static String guarded(List<String> stops, String cond) {
        return stops.isEmpty() ? cond
                : stops.stream().map(c -> "!(" + c + ")").collect(Collectors.joining(" && ")) + " && (" + cond + ")";
    }

    private static String table(Map<String, String> pairs) {
        return pairs.entrySet().stream().map(e -> Toml.key(e.getKey()) + " = " + Toml.str(e.getValue()))
                .collect(Collectors.joining(", ", "{ ", " }"));
    }

    /** The rule's edits; null when the rule cannot be carried over (warned). */
    private Edits edits(String file, String at, JsonNode actions) {
        Edits e = new Edits();
        int pathRank = -1;
        int queryRank = -1;
        boolean rawKeys = false;
        int j = 0;
        for (JsonNode action : actions) {
            String where = at + ".Actions[" + j++ + "]";
            String cmd = field(action, "Cmd").asText("").toUpperCase(Locale.ROOT);
            List<String> params = new ArrayList<>();
            field(action, "Params").forEach(p -> params.add(p.asText()));
            if (NO_EQUIVALENT.contains(cmd)) {
                emit.warn(file, where, cmd + " has no equivalent in Portico's rewrite; rule left out");
                return null;
            }
            int arity = switch (cmd) {
                case "HOST_SET", "PATH_SET", "PATH_PREFIX_TRIM", "PATH_PREFIX_ADD" -> 1;
                case "QUERY_ADD", "QUERY_RENAME" -> 2;
                case "QUERY_DEL" -> params.size();
                default -> -1;
            };
            if (arity < 0) {
                emit.warn(file, where, "action " + (cmd.isEmpty() ? "(none)" : cmd) + " is not a rewrite action; rule left out");
                return null;
            }
            if (params.size() != arity || params.stream().anyMatch(String::isEmpty)) {
                emit.warn(file, where, cmd + " takes " + arity + " non-empty parameter(s), got " + params.size() + "; rule left out");
                return null;
            }
            Integer rank = PATH_RANK.containsKey(cmd) ? PATH_RANK.get(cmd) : QUERY_RANK.get(cmd);
            boolean path = PATH_RANK.containsKey(cmd);
            if (rank != null) {
                int before = path ? pathRank : queryRank;
                boolean repeatable = cmd.equals("PATH_SET") || cmd.equals("QUERY_DEL") || cmd.equals("QUERY_ADD") || cmd.equals("QUERY_RENAME");
                if (rank < before || (rank == before && !repeatable)) {
                    emit.warn(file, where, cmd + " comes after an edit Portico applies later (it applies " + (path
                            ? "PATH_SET, PATH_PREFIX_TRIM, PATH_PREFIX_ADD" : "QUERY_DEL, QUERY_RENAME, QUERY_ADD")
                            + " in that order, each once); rule left out");
                    return null;
                }
                if (path) {
                    pathRank = rank;
                } else {
                    queryRank = rank;
                }
            }
            String problem = switch (cmd) {
                case "HOST_SET" -> host(params.get(0)) ? set(() -> e.host = params.get(0)) : "\"" + params.get(0) + "\" is not a host[:port]";
                case "PATH_SET" -> path(params.get(0)) ? set(() -> e.pathSet = params.get(0)) : notAPath(params.get(0));
                case "PATH_PREFIX_TRIM" -> trim(file, where, params.get(0), e);
                case "PATH_PREFIX_ADD" -> add(params.get(0), e);
                case "QUERY_DEL" -> {
                    for (String k : params) {
                        if (!queryPart(k, false)) {
                            yield notAKey(k);
                        }
                        e.delete.add(k);
                    }
                    rawKeys = true;
                    yield null;
                }
                case "QUERY_RENAME" -> {
                    String from = params.get(0);
                    String to = params.get(1);
                    if (!queryPart(from, false) || !queryPart(to, false)) {
                        yield notAKey(queryPart(from, false) ? to : from);
                    }
                    if (e.rename.containsKey(from) || e.rename.containsKey(to) || e.rename.containsValue(from)) {
                        yield "renames in a chain (BFE applies them one after another, Portico all at once)";
                    }
                    e.rename.put(from, to);
                    rawKeys = true;
                    yield null;
                }
                default -> { // QUERY_ADD
                    String k = params.get(0);
                    String v = params.get(1);
                    if (!queryPart(k, false) || !queryPart(v, true)) {
                        yield queryPart(k, false) ? "\"" + v + "\" is not a query value of visible ASCII without & # or space"
                                : notAKey(k);
                    }
                    if (e.append.containsKey(k)) {
                        yield "QUERY_ADD of " + k + " twice in one rule";
                    }
                    e.append.put(k, v);
                    yield null;
                }
            };
            if (problem != null) {
                emit.warn(file, where, problem + "; rule left out");
                return null;
            }
        }
        if (rawKeys) {
            emit.warn(file, at, "QUERY_DEL / QUERY_RENAME: Portico matches query keys percent-decoded and also pairs "
                    + "without '=' (BFE matches the raw text \"key=\")");
        }
        if (e.isEmpty() && j == 0) {
            emit.warn(file, at, "no Actions" + "; the rule only matters for Last");
        }
        return e;
    }

    private String trim(String file, String where, String prefix, Edits e) {
        if (!prefix.startsWith("/")) {
            emit.warn(file, where, "PATH_PREFIX_TRIM " + prefix + " never matches a path (paths start with /); action left out");
            return null;
        }
        if (!path(prefix)) {
            return notAPath(prefix);
        }
        e.trim = prefix;
        return null;
    }

    private static String add(String prefix, Edits e) {
        String p = prefix.startsWith("/") ? prefix : "/" + prefix;
        if (!p.endsWith("/")) {
            return "PATH_PREFIX_ADD " + prefix + " does not end with / (BFE writes " + p + "+path-without-its-/, e.g. "
                    + p + "a for /a, which Portico's path_prefix_add cannot write)";
        }
        if (!path(p)) {
            return notAPath(prefix);
        }
        e.add = p;
        return null;
    }

    private static String set(Runnable r) {
        r.run();
        return null;
    }

    private static String notAPath(String p) {
        return "\"" + p + "\" is not a path of visible ASCII starting with / without ? or #";
    }

    private static String notAKey(String k) {
        return "\"" + k + "\" is not a query key of visible ASCII without = & # or space";
    }

    /** As Portico's rewrite checks a host_set. */
    private static boolean host(String h) {
        return !h.isEmpty() && h.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '-' || c == '.' || c == ':' || c == '[' || c == ']' || c == '_');
    }

    /** As Portico's rewrite checks a path. */
    private static boolean path(String p) {
        return p.startsWith("/") && p.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '?' && c != '#');
    }

    private static boolean queryPart(String s, boolean mayHaveEquals) {
        return !s.isEmpty() || mayHaveEquals ? s.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != '&' && c != '#'
                && (c != '=' || mayHaveEquals)) : false;
    }
}
