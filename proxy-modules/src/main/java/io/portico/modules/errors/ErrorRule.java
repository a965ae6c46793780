package io.portico.modules.errors;

import io.portico.http.HttpFields;
import io.portico.module.Request;
import io.portico.module.Response;
import io.portico.module.Verdict;
import io.portico.route.Condition;

/**
 * One {@code [[modules.errors.rule]]}: which error responses it takes (statuses and an optional
 * condition) and what it answers instead — a fixed body under the original status, or a
 * redirect. Immutable; shared by all request threads.
 */
record ErrorRule(StatusSet statuses, String product, Condition condition, Action action) {

    /** Fields of the original answer that stay meaningful with a replaced body (RFC 9110 10.2.3, 11.6.1, 11.7.1). */
    private static final String[] KEPT = {"Retry-After", "Allow", "WWW-Authenticate", "Proxy-Authenticate"};

    /** What the rule answers. */
    sealed interface Action {
    }

    /** This body under {@code status}, or under the original status when it is 0. */
    record Body(String contentType, byte[] bytes, int status) implements Action {
    }

    /** A redirect to {@code location} with this status (301, 302, 303, 307 or 308). */
    record Redirect(int status, String location) implements Action {
    }

    /** Whether this rule takes the response; {@code product} and {@code condition} are null when the rule has none. */
    boolean takes(Request request, int status) {
        return statuses.contains(status) && (product == null || request.inProduct(product))
                && (condition == null || request.matches(condition));
    }

    Verdict answer(Response response) {
        return switch (action) {
            case Body b -> {
                HttpFields fields = new HttpFields(4).add("Content-Type", b.contentType());
                HttpFields original = response.head().fields();
                for (String name : KEPT) {
                    if (original.contains(name)) {
                        original.all(name).forEach(value -> fields.add(name, value));
                    }
                }
                yield new Verdict.Respond(b.status() == 0 ? response.status() : b.status(), fields, b.bytes());
            }
            case Redirect r -> new Verdict.Respond(r.status(), new HttpFields(2).add("Location", r.location()), null);
        };
    }
}
