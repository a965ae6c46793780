package io.portico.route;

import java.util.Objects;

/** One route of a product: requests matching {@code condition} go to {@code cluster}. */
public record RouteRule(Condition condition, String cluster) {
    public RouteRule {
        Objects.requireNonNull(condition, "condition");
        Objects.requireNonNull(cluster, "cluster");
    }
}
