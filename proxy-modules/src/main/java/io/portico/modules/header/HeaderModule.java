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
 *       <li>{@code condition}: a condition expression; default {@code "default_t()"}</li>
 *       <li>{@code request_rename}, {@code response_rename}: {@code "Old-Name: New-Name"} strings;
 *           every field of the old name moves to the new name</li>
 *       <li>{@code request_delete}, {@code response_delete}: header names; every field of the name is removed</li>
 *       <li>{@code request_set}, {@code response_set}: {@code "Name: value"} strings; replaces every
 *           field of the name with one</li>
 *       <li>{@code request_add}, {@code response_add}: {@code "Name: value"} strings; appends a field</li>
 *       <li>{@code last}: when true and the rule matched, the rules after it are skipped, on each side
 *           where this rule has edits; default false</li>
 *     </ul>
 *     Within a rule the edits apply in the order rename, delete, set, add.
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
 * request_set = ["X-Client-Ip: %client_ip", "X-Scheme: %scheme"]
 * request_delete = ["Cookie"]
 * request_rename = ["X-Token: Authorization"]
 * response_add = ["Cache-Control: no-store"]
 * response_delete = ["Server"]
 * </pre>
 */
public final class HeaderModule implements PorticoModule {
    private static final Set<String> RULE_KEYS = Set.of("condition", "last", "request_rename", "request_delete",
            "request_set", "request_add", "response_rename", "response_delete", "response_set", "response_add");
    private static final Set<String> OWNED_BY_PROXY = Set.of("content-length", "transfer-encoding", "connection",
            "keep-alive", "proxy-connection", "te", "trailer", "upgrade");

    /** One compiled rule; shared, immutable. */
    record Rule(Condition condition, HeaderActions request, HeaderActions response, boolean last) {
    }

    @Override
    public String name() {
        return "header";
    }

    @Override
    public void init(ModuleContext context) {
        ModuleSettings settings = context.settings();
        settings.rejectUnknownKeys(Set.of("rule"));
        List<Rule> requestRules = new ArrayList<>();
        List<Rule> responseRules = new ArrayList<>();
        List<ModuleSettings> rules = settings.tableArray("rule");
        for (ModuleSettings r : rules) {
            r.rejectUnknownKeys(RULE_KEYS);
            Rule rule = new Rule(r.condition("condition", "default_t()"), actions(r, "request_"), actions(r, "response_"),
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
        if (rules.isEmpty()) {
            settings.error("rule", "at least one [[modules.header.rule]] is required");
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
            if (request.matches(rule.condition())) {
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
            if (request.matches(rule.condition())) {
                rule.response().apply(response.head().fields(), request);
                if (rule.last()) {
                    break;
                }
            }
        }
        return Verdict.CONTINUE;
    }

    private static HeaderActions actions(ModuleSettings r, String side) {
        String[][] rename = pairs(r, side + "rename", false);
        String[] delete = names(r, side + "delete");
        String[][] set = pairs(r, side + "set", true);
        String[][] add = pairs(r, side + "add", true);
        if (rename.length == 0 && delete.length == 0 && set.length == 0 && add.length == 0) {
            return HeaderActions.NONE;
        }
        return new HeaderActions(column(rename, 0), column(rename, 1), delete, column(set, 0),
                templates(r, side + "set", set), column(add, 0), templates(r, side + "add", add));
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

    /** {@code "Name: value"} strings; for renames ({@code values} false) the value is a name too. */
    private static String[][] pairs(ModuleSettings r, String key, boolean values) {
        List<String> list = r.stringList(key, List.of());
        String[][] out = new String[list.size()][];
        for (int i = 0; i < out.length; i++) {
            String s = list.get(i);
            int colon = s.indexOf(':');
            if (colon < 0) {
                r.error(key, "expected \"" + (values ? "Name: value" : "Old-Name: New-Name") + "\", got \"" + s + "\"");
                return new String[0][];
            }
            String name = s.substring(0, colon);
            String value = s.substring(colon + 1).strip();
            if (!checkName(r, key, name) || (!values && !checkName(r, key, value))) {
                return new String[0][];
            }
            if (values && !fieldValue(value)) {
                r.error(key, "the value of " + name + " has a control character");
                return new String[0][];
            }
            out[i] = new String[] {name, value};
        }
        return out;
    }

    private static ValueTemplate[] templates(ModuleSettings r, String key, String[][] pairs) {
        ValueTemplate[] out = new ValueTemplate[pairs.length];
        for (int i = 0; i < out.length; i++) {
            try {
                out[i] = ValueTemplate.compile(pairs[i][1]);
            } catch (IllegalArgumentException e) {
                r.error(key, pairs[i][0] + ": " + e.getMessage());
                out[i] = ValueTemplate.compile("");
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

    private static String[] column(String[][] pairs, int i) {
        String[] out = new String[pairs.length];
        for (int k = 0; k < out.length; k++) {
            out[k] = pairs[k][i];
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
