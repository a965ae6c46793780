package io.portico.modules.redirect;

import io.portico.module.CallbackPoint;
import io.portico.module.ModuleContext;
import io.portico.module.ModuleSettings;
import io.portico.module.PorticoModule;
import io.portico.module.Request;
import io.portico.module.Verdict;
import io.portico.route.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Module {@code redirect}: answers requests with a redirect by condition. Runs at
 * HandleFoundProduct; the first rule whose condition matches and which yields a location
 * answers, the request never reaches a backend.
 *
 * <p>Keys of {@code [modules.redirect]}:
 * <ul>
 *   <li>{@code rule}: an array of tables, tried in order, each with a condition and exactly one
 *       of {@code url}, {@code from_query}, {@code path_prefix_add}, {@code scheme}:
 *     <ul>
 *       <li>{@code product}: the rule applies to requests of this product only; default any product</li>
 *       <li>{@code condition}: a condition expression; default {@code "default_t()"}</li>
 *       <li>{@code url}: redirect to this URL (absolute, or a path starting with {@code /})</li>
 *       <li>{@code from_query}: redirect to the URL in this query parameter (percent-decoded);
 *           only an absolute {@code http}/{@code https} URL is accepted, otherwise the rule does
 *           not redirect and the next rule is tried</li>
 *       <li>{@code path_prefix_add}: redirect to this prefix followed by the request's path and
 *           query; the prefix is a path ({@code "/v2"}) or an absolute URL
 *           ({@code "https://new.example.com"})</li>
 *       <li>{@code scheme}: {@code "http"} or {@code "https"}: the same host (without its port),
 *           path and query under this scheme</li>
 *       <li>{@code status}: 301, 302, 303, 307 or 308; default 302</li>
 *     </ul>
 *   </li>
 * </ul>
 *
 * <pre>
 * [[modules.redirect.rule]]
 * condition = '!req_proto_secure() &amp;&amp; req_host_in("www.example.com")'
 * scheme = "https"
 * status = 308
 * </pre>
 */
public final class RedirectModule implements PorticoModule {
    private static final Set<String> RULE_KEYS = Set.of("product", "condition", "url", "from_query", "path_prefix_add", "scheme",
            "status");
    private static final List<String> TARGETS = List.of("url", "from_query", "path_prefix_add", "scheme");

    /** One compiled rule; shared, immutable. */
    record Rule(String product, Condition condition, Target target, int status) {
        boolean appliesTo(Request request) {
            return request.inProduct(product) && request.matches(condition);
        }
    }

    @Override
    public String name() {
        return "redirect";
    }

    @Override
    public void init(ModuleContext context) {
        ModuleSettings settings = context.settings();
        List<Rule> rules = new ArrayList<>();
        for (ModuleSettings r : settings.requiredRules("rule")) {
            r.rejectUnknownKeys(RULE_KEYS);
            Condition condition = r.condition("condition", "default_t()");
            Target target = target(r);
            int status = (int) r.integer("status", 302);
            if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
                r.error("status", "expected 301, 302, 303, 307 or 308, got " + status);
                status = 302;
            }
            rules.add(new Rule(r.string("product", null), condition, target, status));
        }
        Rule[] table = rules.toArray(Rule[]::new);
        context.register(CallbackPoint.HANDLE_FOUND_PRODUCT, request -> redirect(table, request));
    }

    static Verdict redirect(Rule[] rules, Request request) {
        for (Rule rule : rules) {
            if (rule.appliesTo(request)) {
                String location = rule.target().location(request);
                if (location != null) {
                    return Verdict.redirect(rule.status(), location);
                }
            }
        }
        return Verdict.CONTINUE;
    }

    private static Target target(ModuleSettings r) {
        List<String> given = new ArrayList<>();
        for (String key : TARGETS) {
            if (r.has(key)) {
                given.add(key);
            }
        }
        if (given.size() != 1) {
            r.error(given.isEmpty() ? "url" : given.get(1), "a rule needs exactly one of url, from_query, "
                    + "path_prefix_add, scheme" + (given.isEmpty() ? "" : "; found " + String.join(" and ", given)));
            return new Target.Fixed("/");
        }
        String key = given.get(0);
        String value = r.string(key, "");
        boolean ok = switch (key) {
            case "url", "path_prefix_add" -> value.startsWith("/") ? Target.absoluteHttp("http://h" + value)
                    : Target.absoluteHttp(value);
            case "from_query" -> !value.isEmpty() && value.indexOf('&') < 0 && value.indexOf('=') < 0;
            default -> value.equals("http") || value.equals("https");
        };
        if (!ok) {
            r.error(key, switch (key) {
                case "from_query" -> "expected a query parameter name, got \"" + value + "\"";
                case "scheme" -> "expected \"http\" or \"https\", got \"" + value + "\"";
                default -> "expected an absolute http(s) URL or a path starting with /, got \"" + value + "\"";
            });
        }
        return switch (key) {
            case "url" -> new Target.Fixed(value.isEmpty() ? "/" : value);
            case "from_query" -> new Target.FromQuery(value);
            case "path_prefix_add" -> new Target.PrefixAdd(value);
            default -> new Target.SchemeSet(value);
        };
    }
}
