package io.portico.route;

import java.util.List;

/** The ordered route rules of one product; the first rule whose condition matches wins. Immutable, shared. */
public final class RouteTable {
    private final RouteRule[] rules;

    public RouteTable(List<RouteRule> rules) {
        this.rules = rules.toArray(RouteRule[]::new);
    }

    /** The cluster of the first matching rule, or null when none matches. */
    public String cluster(RouteRequest request) {
        for (RouteRule rule : rules) {
            if (rule.condition().test(request)) {
                return rule.cluster();
            }
        }
        return null;
    }

    public List<RouteRule> rules() {
        return List.of(rules);
    }
}
