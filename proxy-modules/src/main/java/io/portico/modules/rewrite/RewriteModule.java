package io.portico.modules.rewrite;

import io.portico.module.CallbackPoint;
import io.portico.module.ModuleContext;
import io.portico.module.ModuleSettings;
import io.portico.module.PorticoModule;
import io.portico.module.Request;
import io.portico.module.Verdict;
import io.portico.route.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Module {@code rewrite}: changes the host, path and query of requests by condition. Runs at
 * HandleFoundProduct: the product is already chosen by the original host, and the product's route
 * rules see the rewritten request; the backend receives it. With {@code after_route = true} it runs
 * at HandleAfterLocation instead, as BFE's mod_rewrite does: the route rules see the request as the
 * client sent it, and only the backend sees the rewrite.
 *
 * <p>Keys of {@code [modules.rewrite]}:
 * <ul>
 *   <li>{@code after_route}: run after the route rules chose a cluster; default false</li>
 *   <li>{@code rule}: an array of tables, tried in order; every rule whose condition matches
 *       applies its actions, in this order:
 *     <ul>
 *       <li>{@code product}: the rule applies to requests of this product only; default any product</li>
 *       <li>{@code condition}: a condition expression; default {@code "default_t()"}</li>
 *       <li>{@code host_set}: replace the Host, e.g. {@code "api.internal:8080"}</li>
 *       <li>{@code path_set}: replace the path, e.g. {@code "/index.html"}</li>
 *       <li>{@code path_prefix_trim}: remove this prefix when the path starts with it
 *           ({@code "/api"}: {@code /api/users} → {@code /users}; the result always starts with {@code /})</li>
 *       <li>{@code path_prefix_add}: put this before the path ({@code "/v2"}: {@code /users} → {@code /v2/users})</li>
 *       <li>{@code query_delete}: an array of keys whose pairs are removed, e.g. {@code ["debug"]}</li>
 *       <li>{@code query_rename}: a table of old key to new key, e.g. {@code { q = "query" }}; the
 *           pairs keep their values and places</li>
 *       <li>{@code query_add}: a table of key to value, e.g. {@code { src = "edge" }}: the client's
 *           pairs of that key are removed and these appended in the order written, as they go on the
 *           wire (percent-encode what needs it; quote a key that is not a bare TOML key:
 *           {@code { "a.b" = "1" }})</li>
 *       <li>{@code query_append}: as {@code query_add}, but the client's pairs of that key stay</li>
 *       <li>{@code last}: when true and the rule matched, the rules after it are skipped; default false</li>
 *     </ul>
 *   </li>
 * </ul>
 * Query keys compare as a backend reads them, percent-decoded with {@code +} as a space
 * ({@code ?deb%75g=1} is {@code debug}). A rule needs at least one action.
 *
 * <pre>
 * [[modules.rewrite.rule]]
 * condition = 'req_path_prefix_in("/api/", false)'
 * path_prefix_trim = "/api"
 * path_prefix_add = "/v2"
 * query_delete = ["debug"]
 * query_rename = { q = "query" }
 * query_add = { src = "edge" }
 * last = true
 * </pre>
 */
public final class RewriteModule implements PorticoModule {
    private static final Set<String> RULE_KEYS = Set.of("product", "condition", "host_set", "path_set", "path_prefix_trim",
            "path_prefix_add", "query_delete", "query_rename", "query_add", "query_append", "last");
    private static final String[] NONE = new String[0];

    @Override
    public String name() {
        return "rewrite";
    }

    @Override
    public void init(ModuleContext context) {
        ModuleSettings settings = context.settings();
        List<RewriteRule> rules = new ArrayList<>();
        settings.rejectUnknownKeys(Set.of("rule", "after_route"));
        boolean afterRoute = settings.bool("after_route", false);
        for (ModuleSettings r : settings.tableArray("rule")) {
            rules.add(rule(r));
        }
        if (rules.isEmpty()) {
            settings.error("rule", "at least one [[" + settings.path() + ".rule]] is required");
        }
        RewriteRule[] table = rules.toArray(RewriteRule[]::new);
        context.register(afterRoute ? CallbackPoint.HANDLE_AFTER_LOCATION : CallbackPoint.HANDLE_FOUND_PRODUCT,
                request -> rewrite(table, request));
    }

    static Verdict rewrite(RewriteRule[] rules, Request request) {
        for (RewriteRule rule : rules) {
            if (!request.inProduct(rule.product()) || !request.matches(rule.condition())) {
                continue;
            }
            if (rule.hostSet() != null) {
                request.host(rule.hostSet());
            }
            String path = rule.path(request.path());
            String query = rule.query(request.query());
            // Always origin-form: an absolute-form target would keep naming the old host.
            request.target(query.isEmpty() ? path : path + "?" + query);
            if (rule.last()) {
                break;
            }
        }
        return Verdict.CONTINUE;
    }

    private static RewriteRule rule(ModuleSettings r) {
        r.rejectUnknownKeys(RULE_KEYS);
        Condition condition = r.condition("condition", "default_t()");
        String host = optional(r, "host_set");
        if (host != null && !Syntax.host(host)) {
            r.error("host_set", "expected a host name or address with an optional port, got \"" + host + "\"");
        }
        String pathSet = path(r, "path_set");
        String trim = path(r, "path_prefix_trim");
        String add = path(r, "path_prefix_add");
        String[] delete = keys(r, "query_delete");
        String[][] rename = pairs(r, "query_rename", true);
        String[][] queryAdd = pairs(r, "query_add", false);
        String[][] queryAppend = pairs(r, "query_append", false);
        String[] renameFrom = new String[rename.length];
        String[] renameTo = new String[rename.length];
        for (int i = 0; i < rename.length; i++) {
            renameFrom[i] = QueryEdits.decode(rename[i][0]);
            renameTo[i] = rename[i][1];
        }
        String[] addKeys = new String[queryAdd.length];
        for (int i = 0; i < addKeys.length; i++) {
            addKeys[i] = QueryEdits.decode(queryAdd[i][0]);
        }
        for (int i = 0; i < delete.length; i++) {
            delete[i] = QueryEdits.decode(delete[i]);
        }
        if (host == null && pathSet == null && trim == null && add == null && delete.length == 0
                && rename.length == 0 && queryAdd.length == 0 && queryAppend.length == 0) {
            r.error("condition", "the rule has no action (host_set, path_set, path_prefix_trim, path_prefix_add, "
                    + "query_delete, query_rename, query_add or query_append)");
        }
        return new RewriteRule(r.string("product", null), condition, host, pathSet, trim, add, delete, renameFrom, renameTo, joined(queryAdd),
                addKeys, joined(queryAppend), r.bool("last", false));
    }

    /** {@code key=value} for each pair, as it goes on the wire. */
    private static String[] joined(String[][] pairs) {
        String[] out = new String[pairs.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = pairs[i][0] + "=" + pairs[i][1];
        }
        return out;
    }

    private static String optional(ModuleSettings r, String key) {
        return r.has(key) ? r.string(key, null) : null;
    }

    private static String path(ModuleSettings r, String key) {
        String p = optional(r, key);
        if (p != null && !Syntax.path(p)) {
            r.error(key, "expected a path starting with / of visible ASCII characters without ? or #, got \"" + p + "\"");
            return null;
        }
        return p;
    }

    private static String[] keys(ModuleSettings r, String key) {
        List<String> keys = r.stringList(key, List.of());
        for (String k : keys) {
            if (k.isEmpty() || !Syntax.queryPart(k, false)) {
                r.error(key, "expected query keys of visible ASCII characters without = & # or space, got \"" + k + "\"");
                return NONE;
            }
        }
        return keys.toArray(NONE);
    }

    /**
     * A table of key to value ({@code { src = "edge" }}) or, for renames, of old key to new key
     * ({@code { q = "query" }}), in the order written.
     */
    private static String[][] pairs(ModuleSettings r, String key, boolean bothKeys) {
        Map<String, String> map = r.stringMap(key);
        List<String[]> out = new ArrayList<>(map.size());
        ModuleSettings table = map.isEmpty() ? r : r.table(key).orElse(r);
        for (Map.Entry<String, String> e : map.entrySet()) {
            String k = e.getKey();
            String v = e.getValue();
            if (k.isEmpty() || !Syntax.queryPart(k, false)) {
                table.error(k, "expected a query key of visible ASCII characters without = & # or space");
            } else if (bothKeys ? v.isEmpty() || !Syntax.queryPart(v, false) : !Syntax.queryPart(v, true)) {
                table.error(k, "expected " + (bothKeys ? "a new query key" : "a query value") + " of visible ASCII "
                        + "characters without " + (bothKeys ? "= " : "") + "& # or space, got \"" + v + "\"");
            } else {
                out.add(new String[] {k, v});
            }
        }
        return out.toArray(new String[0][]);
    }
}
