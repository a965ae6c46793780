package io.portico.route;

/**
 * Compiles BFE condition expressions into {@link Condition} matcher trees.
 *
 * <p>The language is BFE's: primitives such as {@code req_path_prefix_in("/api/|/static/", false)}
 * joined by {@code &&}, {@code ||}, {@code !} and parentheses, with C precedence ({@code !} binds
 * tighter than {@code &&}, {@code &&} tighter than {@code ||}) and short-circuit evaluation.
 * Literals are strings ({@code "..."} with the escapes {@code \"} and {@code \\}, or back-quoted
 * raw {@code `...`}), {@code true} and {@code false}. A list is one string with items separated by
 * {@code |}; a trailing bool {@code case_insensitive} selects case-insensitive matching. Every
 * argument is prepared here, once: lists become hash sets or arrays, regexes are compiled (Java
 * syntax, unanchored search like Go's {@code MatchString}), IPs, ports, hash buckets and times
 * parsed. Evaluating a condition allocates little and parses nothing of the configuration.
 */
public final class Conditions {
    private Conditions() {
    }

    /**
     * Compiles an expression once, at config load.
     *
     * @throws ConditionException with the 0-based position of the offending token and a message
     *                            naming the primitive and what was expected
     */
    public static Condition compile(String expression) {
        if (expression == null) {
            throw new ConditionException(0, "empty condition: expected a primitive such as default_t()");
        }
        return ConditionParser.parse(expression);
    }
}
