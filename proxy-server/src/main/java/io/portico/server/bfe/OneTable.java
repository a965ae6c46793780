package io.portico.server.bfe;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * BFE's first-match rule lists, per product, for a Portico module with one table (one product,
 * one condition, one set of settings: static, auth_basic): the product of the first rule that
 * converts, and those of its rules with the same settings, merged into one condition that matches
 * exactly where BFE's first matching rule would be one of them. Every other rule is a warning.
 */
final class OneTable {
    private OneTable() {
    }

    /** One BFE rule: where it is, its condition, and its converted settings (null when it does not convert; warned). */
    record Rule(String at, String cond, Object settings) {
    }

    /** The product, the merged condition and the settings Portico's table gets, and where the settings were taken from. */
    record Choice<S>(String product, String condition, S settings, String at) {
    }

    /**
     * @param products product → its rules in BFE's order
     * @param module   the Portico module, for warnings
     * @param what     what one table holds, for warnings ("root and default file", ...)
     */
    static <S> Optional<Choice<S>> choose(String file, Map<String, List<Rule>> products, Emitter emit, String module, String what) {
        return choose(file, products, emit, module, what, "");
    }

    /**
     * As {@link #choose(String, Map, Emitter, String, String)}, with {@code leftOut} added to the
     * warning of each rule left out: what that means for the requests it matches.
     */
    @SuppressWarnings("unchecked")
    static <S> Optional<Choice<S>> choose(String file, Map<String, List<Rule>> products, Emitter emit, String module, String what,
                                          String leftOut) {
        String product = null;
        Rule first = null;
        for (var e : products.entrySet()) {
            for (Rule r : e.getValue()) {
                if (r.settings() != null && first == null) {
                    product = e.getKey();
                    first = r;
                }
            }
        }
        if (first == null) {
            return Optional.empty();
        }
        List<String> terms = new ArrayList<>();
        List<String> others = new ArrayList<>();
        for (var e : products.entrySet()) {
            for (Rule r : e.getValue()) {
                if (!e.getKey().equals(product)) {
                    if (r.settings() != null) {
                        emit.warn(file, r.at(), "Portico's " + module + " takes the rules of one product (" + product
                                + "'s); rule left out" + leftOut);
                    }
                    continue;
                }
                if (Objects.equals(r.settings(), first.settings())) {
                    terms.add(others.isEmpty() ? r.cond()
                            : others.stream().map(c -> "!(" + c + ")").collect(Collectors.joining(" && ")) + " && (" + r.cond() + ")");
                } else {
                    if (r.settings() != null) {
                        emit.warn(file, r.at(), "Portico's " + module + " takes one " + what + " (those of " + first.at()
                                + "); rule left out, so the requests it would take first go on without it" + leftOut);
                    }
                    others.add(r.cond());
                }
            }
        }
        String condition = terms.size() == 1 ? terms.getFirst()
                : terms.stream().map(t -> "(" + t + ")").collect(Collectors.joining(" || "));
        return Optional.of(new Choice<>(product, condition, (S) first.settings(), first.at()));
    }

    /** Product → rules, in the order products are added. */
    static Map<String, List<Rule>> table() {
        return new LinkedHashMap<>();
    }
}
