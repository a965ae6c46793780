package io.portico.balance;

import java.util.List;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/** Small shared helpers for the balancers: eligibility, gcd, weighted random fallback. */
final class Weights {
    static final Predicate<Object> NONE_EXCLUDED = e -> false;

    private Weights() {
    }

    static <T extends Endpoint> boolean usable(T e, Predicate<? super T> excluded) {
        return e.available() && e.weight() > 0 && !excluded.test(e);
    }

    static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** Build-time weights of the endpoints, rejecting negative ones. */
    static int[] of(List<? extends Endpoint> endpoints) {
        int[] weights = new int[endpoints.size()];
        for (int i = 0; i < weights.length; i++) {
            int w = endpoints.get(i).weight();
            if (w < 0) {
                throw new IllegalArgumentException("endpoint " + i + " has negative weight " + w);
            }
            weights[i] = w;
        }
        return weights;
    }

    /**
     * Index of a usable endpoint drawn in proportion to its build-time weight, or -1. O(n), two
     * passes; if availability changes between them, the last usable endpoint of the second pass
     * is taken.
     */
    static <T extends Endpoint> int randomUsable(List<T> endpoints, int[] weights,
                                                 Predicate<? super T> excluded, RandomGenerator random) {
        long total = 0;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] > 0 && usable(endpoints.get(i), excluded)) {
                total += weights[i];
            }
        }
        if (total == 0) {
            return -1;
        }
        long r = random.nextLong(total);
        int last = -1;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] > 0 && usable(endpoints.get(i), excluded)) {
                last = i;
                r -= weights[i];
                if (r < 0) {
                    return i;
                }
            }
        }
        return last;
    }
}
