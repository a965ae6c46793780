package io.portico.route;

/** A compiled route condition: a matcher tree built once at config load, evaluated per request. */
@FunctionalInterface
public interface Condition {
    boolean test(RouteRequest request);
}
