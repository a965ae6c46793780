package io.portico.config;

import io.portico.route.Condition;

/** One {@code [[product.NAME.route]]}: the condition as written, compiled once, and the cluster it sends to. */
public record RouteConfig(String conditionText, Condition condition, String cluster) {
}
