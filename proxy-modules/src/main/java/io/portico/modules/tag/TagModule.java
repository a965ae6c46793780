package io.portico.modules.tag;

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
 * Module {@code tag}: tags requests by condition, before routing, so that route conditions
 * ({@code req_tag_match(name, value)}), later modules and the access log ({@code $tag_NAME})
 * can use the tag. Runs at HandleFoundProduct.
 *
 * <p>Keys of {@code [modules.tag]}:
 * <ul>
 *   <li>{@code rule}: an array of tables, tried in order; every rule whose condition matches
 *       sets its tag (a later rule overwrites an earlier rule's value of the same name):
 *     <ul>
 *       <li>{@code condition}: a condition expression; default {@code "default_t()"}</li>
 *       <li>{@code tag_name}: required, non-empty</li>
 *       <li>{@code tag_value}: required (may be empty)</li>
 *       <li>{@code last}: when true and the rule matched, the rules after it are skipped; default false</li>
 *     </ul>
 *   </li>
 * </ul>
 * One tag per rule, as in BFE's mod_tag; write several rules for several tags.
 *
 * <pre>
 * [[modules.tag.rule]]
 * condition = 'req_header_value_in("X-Plan", "gold", false)'
 * tag_name = "tier"
 * tag_value = "gold"
 * last = true
 *
 * [[product.www.route]]
 * condition = 'req_tag_match("tier", "gold")'
 * cluster = "premium"
 * </pre>
 */
public final class TagModule implements PorticoModule {
    private static final Set<String> RULE_KEYS = Set.of("condition", "tag_name", "tag_value", "last");

    /** One compiled rule; shared, immutable. */
    record Rule(Condition condition, String name, String value, boolean last) {
    }

    @Override
    public String name() {
        return "tag";
    }

    @Override
    public void init(ModuleContext context) {
        ModuleSettings settings = context.settings();
        settings.rejectUnknownKeys(Set.of("rule"));
        List<Rule> rules = new ArrayList<>();
        for (ModuleSettings r : settings.tableArray("rule")) {
            r.rejectUnknownKeys(RULE_KEYS);
            Condition condition = r.condition("condition", "default_t()");
            String name = r.string("tag_name", "");
            if (name.isEmpty()) {
                r.error("tag_name", "required: a non-empty tag name");
            }
            if (!r.has("tag_value")) {
                r.error("tag_value", "required: the value to set (may be \"\")");
            }
            rules.add(new Rule(condition, name, r.string("tag_value", ""), r.bool("last", false)));
        }
        if (rules.isEmpty()) {
            settings.error("rule", "at least one [[modules.tag.rule]] is required");
        }
        Rule[] table = rules.toArray(Rule[]::new);
        context.register(CallbackPoint.HANDLE_FOUND_PRODUCT, request -> tag(table, request));
    }

    static Verdict tag(Rule[] rules, Request request) {
        for (Rule rule : rules) {
            if (request.matches(rule.condition())) {
                request.tag(rule.name(), rule.value());
                if (rule.last()) {
                    break;
                }
            }
        }
        return Verdict.CONTINUE;
    }
}
