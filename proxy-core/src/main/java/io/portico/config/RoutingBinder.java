package io.portico.config;

import io.portico.route.Condition;
import io.portico.route.ConditionException;
import io.portico.route.Conditions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Binds the host table and the products with their routes, checking the names they refer to. */
final class RoutingBinder {
    private static final Condition NEVER = request -> false;

    private RoutingBinder() {
    }

    /** Host keys are case-insensitive and stored in lower case. */
    static Map<String, String> hosts(Optional<Section> section, Set<String> products) {
        Map<String, String> out = new LinkedHashMap<>();
        if (section.isEmpty()) {
            return out;
        }
        Section h = section.get();
        Map<String, String> written = new LinkedHashMap<>();
        for (String key : h.keys()) {
            Optional<String> product = h.string(key);
            String host = key.toLowerCase(Locale.ROOT);
            if (key.equals("*")) {
                h.error(key, "a catch-all is not a host pattern; use server.default_product");
            } else if (!Addresses.isHostPattern(host)) {
                h.error(key, "not a host name, [IPv6] literal or *.suffix pattern (no port)");
            } else if (written.containsKey(host)) {
                h.error(key, "duplicate of " + h.keyPath(written.get(host)) + " (host names ignore case)");
            } else if (product.isPresent() && !products.contains(product.get())) {
                h.error(key, "product \"" + product.get() + "\" is not defined");
            } else if (product.isPresent()) {
                out.put(host, product.get());
            }
            written.putIfAbsent(host, key);
        }
        return out;
    }

    static Map<String, ProductConfig> products(Optional<Section> section, Set<String> clusters) {
        Map<String, ProductConfig> out = new LinkedHashMap<>();
        if (section.isEmpty()) {
            return out;
        }
        Section p = section.get();
        for (String name : p.keys()) {
            p.table(name).ifPresent(product -> out.put(name, product(name, product, clusters)));
        }
        return out;
    }

    private static ProductConfig product(String name, Section p, Set<String> clusters) {
        Optional<Tree.Val> raw = p.raw("route");
        List<Section> sections = p.tables("route");
        if (raw.isEmpty() || (raw.get().value() instanceof List<?> l && l.isEmpty())) {
            p.errors().add(p.file(), p.line(), p.path(), "needs at least one [[" + p.keyPath("route") + "]]");
        }
        p.finish();
        List<RouteConfig> routes = new ArrayList<>();
        for (Section r : sections) {
            routes.add(route(r, clusters));
        }
        return new ProductConfig(name, routes);
    }

    private static RouteConfig route(Section r, Set<String> clusters) {
        Optional<String> text = r.requiredString("condition");
        Condition condition = NEVER;
        if (text.isPresent()) {
            try {
                condition = Conditions.compile(text.get());
            } catch (ConditionException e) {
                r.error("condition", "does not compile at column " + (e.position() + 1) + ": " + e.getMessage());
            }
        }
        Optional<String> cluster = r.requiredString("cluster");
        if (cluster.isPresent() && !clusters.contains(cluster.get())) {
            r.error("cluster", "cluster \"" + cluster.get() + "\" is not defined");
        }
        r.finish();
        return new RouteConfig(text.orElse(""), condition, cluster.orElse(""));
    }
}
