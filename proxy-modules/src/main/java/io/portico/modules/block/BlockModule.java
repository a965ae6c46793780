package io.portico.modules.block;

import io.portico.module.CallbackPoint;
import io.portico.module.Counter;
import io.portico.module.ModuleContext;
import io.portico.module.ModuleSettings;
import io.portico.module.PorticoModule;
import io.portico.module.Request;
import io.portico.module.Session;
import io.portico.module.Verdict;
import io.portico.route.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code block}: refuses clients by address and requests by condition, as BFE's mod_block.
 *
 * <p>At HandleAccept a connection whose peer address lies in the blocklist is closed before
 * anything is read. At HandleFoundProduct the rules run in order; the first whose product (if
 * given) and condition match decides: it answers 403, closes the connection, or lets the request
 * through without looking at the rules after it (BFE's ALLOW, for exceptions written first).
 *
 * <table>
 * <caption>Keys of {@code [modules.block]}</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code blocklist}</td><td>{@code []}</td><td>CIDR blocks or addresses, IPv4 and IPv6</td></tr>
 * <tr><td>{@code blocklist_file}</td><td>none</td><td>a file with one CIDR block per line, {@code #} comments;
 *     a relative path is read from the directory of the configuration file</td></tr>
 * <tr><td>{@code [[modules.block.rule]]}</td><td>none</td><td>request rules, in order:</td></tr>
 * <tr><td>{@code rule.product}</td><td>any product</td><td>the rule applies to this product only</td></tr>
 * <tr><td>{@code rule.condition}</td><td>required</td><td>a condition expression</td></tr>
 * <tr><td>{@code rule.action}</td><td>{@code "403"}</td><td>{@code "403"} answers 403 Forbidden and keeps the
 *     connection; {@code "close"} closes it without an answer; {@code "allow"} passes the request and
 *     ends the search</td></tr>
 * </table>
 *
 * <pre>{@code
 * [modules.block]
 * blocklist = ["192.0.2.0/24", "2001:db8::/32"]
 * blocklist_file = "blocked.txt"        # next to this config file
 *
 * [[modules.block.rule]]
 * product = "www"
 * condition = 'req_path_prefix_in("/admin/", false) && !req_cip_trusted()'
 * action = "403"
 * }</pre>
 *
 * <p>Metric: {@code portico_block_total{at="accept"|"rule"}}.
 */
public final class BlockModule implements PorticoModule {

    /** What a matching rule does. */
    enum Action { FORBID, CLOSE, ALLOW }

    /** A request rule; {@code product} null means every product. */
    record Rule(String product, Condition condition, Action action) {
        boolean appliesTo(Request request) {
            return request.inProduct(product) && request.matches(condition);
        }
    }

    @Override
    public String name() {
        return "block";
    }

    @Override
    public void init(ModuleContext context) {
        ModuleSettings settings = context.settings();
        settings.rejectUnknownKeys(Set.of("blocklist", "blocklist_file", "rule"));
        CidrSet blocklist = CidrSet.fromSettings(settings, "blocklist", "blocklist_file");
        List<Rule> rules = rules(settings);
        if (!blocklist.isEmpty()) {
            Counter closed = context.metrics().counter("portico_block_total", "Connections and requests refused by block",
                    "at", "accept");
            context.register(CallbackPoint.HANDLE_ACCEPT, (Session session) -> {
                if (blocklist.contains(session.remoteAddress().getAddress())) {
                    closed.increment();
                    return Verdict.CLOSE;
                }
                return Verdict.CONTINUE;
            });
        }
        if (!rules.isEmpty()) {
            Counter refused = context.metrics().counter("portico_block_total", "Connections and requests refused by block",
                    "at", "rule");
            Rule[] table = rules.toArray(new Rule[0]);
            context.register(CallbackPoint.HANDLE_FOUND_PRODUCT, (Request request) -> {
                for (Rule rule : table) {
                    if (rule.appliesTo(request)) {
                        if (rule.action() == Action.ALLOW) {
                            return Verdict.CONTINUE;
                        }
                        refused.increment();
                        return rule.action() == Action.CLOSE ? Verdict.CLOSE : Verdict.respond(403, "Forbidden\n");
                    }
                }
                return Verdict.CONTINUE;
            });
        }
    }

    static List<Rule> rules(ModuleSettings settings) {
        List<Rule> rules = new ArrayList<>();
        for (ModuleSettings r : settings.tableArray("rule")) {
            r.rejectUnknownKeys(Set.of("product", "condition", "action"));
            if (!r.has("condition")) {
                r.error("condition", "required: the condition under which the rule blocks");
            }
            Condition condition = r.condition("condition", "default_t()");
            String action = r.string("action", "403");
            Action chosen = switch (action) {
                case "403" -> Action.FORBID;
                case "close" -> Action.CLOSE;
                case "allow" -> Action.ALLOW;
                default -> {
                    r.error("action", "expected \"403\", \"close\" or \"allow\", got \"" + action + "\"");
                    yield Action.FORBID;
                }
            };
            rules.add(new Rule(r.string("product", null), condition, chosen));
        }
        return rules;
    }
}
