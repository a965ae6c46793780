package io.portico.modules.tag;

import io.portico.module.CallbackPoint;
import io.portico.module.ModuleContext;
import io.portico.module.ModuleSettings;
import io.portico.module.PorticoModule;
import io.portico.module.Request;
import io.portico.module.Verdict;
import io.portico.route.Condition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Module {@code tag}: tags requests by condition, before routing, so that route conditions
 * ({@code req_tag_match(name, value)}), later modules and the access log ({@code $tag_NAME})
 * can use the tag. Runs at HandleFoundProduct.
 *
 * <p>Keys of {@code [modules.tag]}:
 * <ul>
 *   <li>{@code rule}: an array of tables, tried in order; every rule whose condition matches
 *       sets its tags (a later rule overwrites an earlier rule's value of the same name):
 *     <ul>
 *       <li>{@code product}: the rule applies to requests of this product only; default any product</li>
 *       <li>{@code condition}: a condition expression; default {@code "default_t()"}</li>
 *       <li>{@code tag}: a table of tag name to value, e.g. {@code { tier = "gold", zone = "eu" }};
 *           names are non-empty, values may be empty</li>
 *       <li>{@code tag_name}, {@code tag_value}: one more tag, written as in BFE's mod_tag; both
 *           or neither (the value may be empty)</li>
 *       <li>{@code last}: when true and the rule matched, the rules after it are skipped; default false</li>
 *     </ul>
 *     A rule needs at least one tag, from {@code tag} or {@code tag_name}.
 *   </li>
 * </ul>
 *
 * <pre>
 * [[modules.tag.rule]]
 * condition = 'req_header_value_in("X-Plan", "gold", false)'
 * tag = { tier = "gold" }
 * last = true
 *
 * [[modules.tag.rule]]
 * condition = 'req_path_prefix_in("/eu/", false)'
 * tag_name = "zone"
 * tag_value = "eu"
 *
 * [[product.www.route]]
 * condition = 'req_tag_match("tier", "gold")'
 * cluster = "premium"
 * </pre>
 */
public final class TagModule implements PorticoModule {
    private static final Set<String> RULE_KEYS = Set.of("product", "condition", "tag", "tag_name", "tag_value", "last");

    /** One compiled rule; shared, immutable. */
    record Rule(String product, Condition condition, String[] names, String[] values, boolean last) {
        boolean appliesTo(Request request) {
            return request.inProduct(product) && request.matches(condition);
        }
    }

    @Override
    public String name() {
        return "tag";
    }

    @Override
    public void init(ModuleContext context) {
        ModuleSettings settings = context.settings();
        List<Rule> rules = new ArrayList<>();
        for (ModuleSettings r : settings.requiredRules("rule")) {
            r.rejectUnknownKeys(RULE_KEYS);
            rules.add(rule(r));
        }
        Rule[] table = rules.toArray(Rule[]::new);
        context.register(CallbackPoint.HANDLE_FOUND_PRODUCT, request -> tag(table, request));
    }

    static Verdict tag(Rule[] rules, Request request) {
        for (Rule rule : rules) {
            if (rule.appliesTo(request)) {
                for (int i = 0; i < rule.names().length; i++) {
                    request.tag(rule.names()[i], rule.values()[i]);
                }
                if (rule.last()) {
                    break;
                }
            }
        }
        return Verdict.CONTINUE;
    }

    private static Rule rule(ModuleSettings r) {
        Condition condition = r.condition("condition", "default_t()");
        Map<String, String> tags = new LinkedHashMap<>();
        r.stringMap("tag").forEach((name, value) -> {
            if (name.isEmpty()) {
                r.error("tag", "a tag name must not be empty");
            } else {
                tags.put(name, value);
            }
        });
        if (r.has("tag_name") || r.has("tag_value")) {
            String name = r.string("tag_name", "");
            if (name.isEmpty()) {
                r.error("tag_name", "required with tag_value: a non-empty tag name");
            }
            if (!r.has("tag_value")) {
                r.error("tag_value", "required with tag_name: the value to set (may be \"\")");
            }
            tags.put(name, r.string("tag_value", ""));
        } else if (tags.isEmpty() && !r.has("tag")) {
            r.error("tag", "required: the tags to set, like tag = { tier = \"gold\" } (or tag_name and tag_value)");
        }
        return new Rule(r.string("product", null), condition, tags.keySet().toArray(String[]::new), tags.values().toArray(String[]::new),
                r.bool("last", false));
    }
}
