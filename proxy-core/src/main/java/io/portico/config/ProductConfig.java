package io.portico.config;

import java.util.List;

/** One product and its ordered routes (first match wins); at least one route. */
public record ProductConfig(String name, List<RouteConfig> routes) {
    public ProductConfig {
        routes = List.copyOf(routes);
    }
}
