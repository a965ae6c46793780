package io.portico.modules.header;

import io.portico.module.CallbackPoint;
import io.portico.module.ModuleContext;
import io.portico.module.ModuleSettings;
import io.portico.module.PorticoModule;
import io.portico.module.Request;
import io.portico.module.Response;
import io.portico.module.Verdict;
import io.portico.route.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Module {@code header}: edits request headers on their way to the backend and response headers
 * on their way to the client, by condition. Request edits run at HandleAfterLocation, so routing
 * sees the request as the client sent it and the backend sees the edits; response edits run at
 * HandleReadResponse (responses relayed from a backend; the proxy's own answers are not edited).
 *
 * <p>Keys of {@code [modules.header]}:
 * <ul>
 *   <li>{@code rule}: an array of tables, tried in order; every rule whose condition matches applies
 *       its edits. The condition is evaluated separately for the request side and for the response
 *       side (against the request as it is then).
 *     <ul>
 *       <li>{@code product}: the rule applies to requests of this product only; default any product</li>
 *       <li>{@code condition}: a condition expression; default {@code "default_t()"}</li>
 *       <li>{@code request_rename}, {@code response_rename}: a table of old name to new name,
 *           e.g. {@code { "X-Token" = "Authorization" }}; every field of the old name moves to the new name</li>
 *       <li>{@code request_delete}, {@code response_delete}: an array of header names; every field of
 *           each name is removed</li>
 *       <li>{@code request_set}, {@code response_set}: a table of name to value, e.g.
 *           {@code { "X-Scheme" = "%scheme" }}; replaces every field of the name with one</li>
 *       <li>{@code request_add}, {@code response_add}: a table of name to value, or to an array of
 *           values for several fields of one name, e.g. {@code { "Link" = ["<a>; rel=x", "<b>; rel=y"] }};
 *           appends the fields</li>
 *       <li>{@code last}: when true and the rule matched, the rules after it are skipped, on each side
 *           where this rule has edits; default false</li>
 *     </ul>
 *     Within a rule the edits apply in the order rename, delete, set, add; within one table in the
 *     order written. Header names in a table are TOML keys: quote them ({@code "X-A" = "v"}) or
 *     write them bare when they only use letters, digits, {@code -} and {@code _}.
 *   </li>
 * </ul>
 *
 * <p>Values may use variables: {@code %client_ip}, {@code %client_port}, {@code %request_id}
 * (the {@code request_id} module's id, else the log id), {@code %log_id}, {@code %host} (without
 * port), {@code %path}, {@code %scheme} ({@code http} or {@code https}), {@code %tls_protocol}
 * (empty without TLS), {@code %server_addr}, {@code %server_port}. A name runs over
 * {@code [a-z0-9_]}; write {@code %{name}} when letters follow, {@code %%} for a percent sign.
 *
 * <p>The framing and hop-by-hop fields (Content-Length, Transfer-Encoding, Connection,
 * Keep-Alive, Proxy-Connection, TE, Trailer, Upgrade) cannot be edited: the proxy owns them.
 *
 * <pre>
 * [[modules.header.rule]]
 * condition = 'req_path_prefix_in("/api/", false)'
 * request_set = { "X-Client-Ip" = "%client_ip", "X-Scheme" = "%scheme" }
 * request_delete = ["Cookie"]
 * request_rename = { "X-Token" = "Authorization" }
 * response_add = { "Cache-Control" = "no-store" }
 * response_delete = ["Server"]
 * </pre>
 */
public final class HeaderModule implements PorticoModule {
    private static final Set<String> RULE_KEYS = Set.of("product", "condition", "last", "request_rename", "request_delete",
            "request_set", "request_add", "response_rename", "response_delete", "response_set", "response_add");
    /** Fields the proxy owns (framing and hop-by-hop), lower case: no rule may edit them. */
    public static final Set<String> OWNED_BY_PROXY = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "proxy-connection", "te", "trailer", "upgrade");

    /** One compiled rule; shared, immutable. */
    record Rule(String product, Condition condition, HeaderActions request, HeaderActions response, boolean last) {
        boolean appliesTo(Request request) {
            return request.inProduct(product) && request.matches(condition);
        }
    }

    @Override
    public String name() {
        return "header";
    }

    @Override
    public void init(ModuleContext context) {
        ModuleSettings settings = context.settings();
        List<Rule> requestRules = new ArrayList<>();
        List<Rule> responseRules = new ArrayList<>();
        for (ModuleSettings r : settings.requiredRules("rule")) {
            r.rejectUnknownKeys(RULE_KEYS);
            Rule rule = new Rule(r.string("product", null), r.condition("condition", "default_t()"), actions(r, "request_"), actions(r, "response_"),
                    r.bool("last", false));
            if (rule.request().isEmpty() && rule.response().isEmpty()) {
                r.error("condition", "the rule has no edit (request_* or response_* set, add, delete, rename)");
            }
            if (!rule.request().isEmpty()) {
                requestRules.add(rule);
            }
            if (!rule.response().isEmpty()) {
                responseRules.add(rule);
            }
        }
        Rule[] onRequest = requestRules.toArray(Rule[]::new);
        Rule[] onResponse = responseRules.toArray(Rule[]::new);
        if (onRequest.length > 0) {
            context.register(CallbackPoint.HANDLE_AFTER_LOCATION, request -> editRequest(onRequest, request));
        }
        if (onResponse.length > 0) {
            context.register(CallbackPoint.HANDLE_READ_RESPONSE,
                    (request, response) -> editResponse(onResponse, request, response));
        }
    }

    static Verdict editRequest(Rule[] rules, Request request) {
        for (Rule rule : rules) {
            if (rule.appliesTo(request)) {
                rule.request().apply(request.head().fields(), request);
                if (rule.last()) {
                    break;
                }
            }
        }
        return Verdict.CONTINUE;
    }

    static Verdict editResponse(Rule[] rules, Request request, Response response) {
        for (Rule rule : rules) {
            if (rule.appliesTo(request)) {
                rule.response().apply(response.head().fields(), request);
                if (rule.last()) {
                    break;
                }
            }
        }
        return Verdict.CONTINUE;
    }

    private static HeaderActions actions(ModuleSettings r, String side) {
        List<String[]> rename = renames(r, side + "rename");
        String[] delete = names(r, side + "delete");
        List<Field> set = fields(r, side + "set", false);
        List<Field> add = fields(r, side + "add", true);
        if (rename.isEmpty() && delete.length == 0 && set.isEmpty() && add.isEmpty()) {
            return HeaderActions.NONE;
        }
        return new HeaderActions(column(rename, 0), column(rename, 1), delete,
                set.stream().map(Field::name).toArray(String[]::new), set.stream().map(Field::value).toArray(ValueTemplate[]::new),
                add.stream().map(Field::name).toArray(String[]::new), add.stream().map(Field::value).toArray(ValueTemplate[]::new));
    }

    private static String[] names(ModuleSettings r, String key) {
        List<String> names = r.stringList(key, List.of());
        for (String n : names) {
            if (!checkName(r, key, n)) {
                return new String[0];
            }
        }
        return names.toArray(String[]::new);
    }

    /** {@code { "X-Old" = "X-New" }}: pairs of names, in the order written. */
    private static List<String[]> renames(ModuleSettings r, String key) {
        List<String[]> out = new ArrayList<>();
        ModuleSettings table = r.table(key).orElse(null);
        if (table == null) {
            return out;
        }
        for (String from : table.keys()) {
            String to = table.string(from, null);
            if (to != null && checkName(table, from, from) && checkName(table, from, to)) {
                out.add(new String[] {from, to});
            }
        }
        return out;
    }

    /** A field to set or add, its value compiled. */
    private record Field(String name, ValueTemplate value) {
    }

    /**
     * {@code { "Name" = "value" }} in the order written; with {@code many} a value may also be
     * a list, each element giving a field of its own.
     */
    private static List<Field> fields(ModuleSettings r, String key, boolean many) {
        List<Field> out = new ArrayList<>();
        ModuleSettings table = r.table(key).orElse(null);
        if (table == null) {
            return out;
        }
        for (String name : table.keys()) {
            String single = many ? null : table.string(name, null);
            List<String> values = many ? table.stringOrList(name, List.of()) : single == null ? List.of() : List.of(single);
            if (many && table.isArray(name) && values.isEmpty()) {
                table.error(name, "expected at least one value");
            }
            if (values.isEmpty() || !checkName(table, name, name)) {
                continue;
            }
            for (String value : values) {
                if (!fieldValue(value)) {
                    table.error(name, "the value has a control character");
                    continue;
                }
                try {
                    out.add(new Field(name, ValueTemplate.compile(value)));
                } catch (IllegalArgumentException e) {
                    table.error(name, e.getMessage());
                }
            }
        }
        return out;
    }

    private static boolean checkName(ModuleSettings r, String key, String name) {
        if (!token(name)) {
            r.error(key, "\"" + name + "\" is not a header name (letters, digits and !#$%&'*+-.^_`|~)");
            return false;
        }
        if (OWNED_BY_PROXY.contains(name.toLowerCase(Locale.ROOT))) {
            r.error(key, name + " is a framing or hop-by-hop field the proxy owns; it cannot be edited");
            return false;
        }
        return true;
    }

    private static String[] column(List<String[]> pairs, int i) {
        String[] out = new String[pairs.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = pairs.get(k)[i];
        }
        return out;
    }

    static boolean token(String s) {
        return io.portico.http.Tokens.isToken(s);
    }

    private static boolean fieldValue(String v) {
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
