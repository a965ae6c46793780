package io.portico.balance;

import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Weighted least connections: the usable endpoint with the least {@code inFlight / weight}
 * (compared as {@code inFlight_a * weight_b < inFlight_b * weight_a}, no division). Shared by all
 * request threads; lock-free.
 *
 * <p>Up to 16 endpoints every pick scans them all, starting at the endpoint the
 * smooth weighted round robin of the same weights would choose; the first least loaded one from
 * there wins. Ties therefore go round robin in proportion to weight, and with equal load (for
 * example all idle) the choice is exactly smooth WRR.
 *
 * <p>Above that, a pick is O(1) by weighted power of two choices: one candidate is the smooth
 * WRR's next choice, the other a random draw proportional to weight, and the less loaded wins
 * (the WRR one on a tie). Sampling in proportion to weight is what lets a heavy endpoint reach
 * its share at all (uniform sampling caps any endpoint near 2/n of the picks); comparing
 * {@code inFlight / weight} then pulls every endpoint toward the same load per weight, which is
 * the balance point where each endpoint wins about half of its appearances, i.e. its weight's
 * share. An unusable candidate is replaced by another random draw a few times; if that fails the
 * pick falls back to the full scan.
 */
public final class WeightedLeastConnections<T extends Endpoint> implements InstanceBalancer<T> {
    static final int SCAN_LIMIT = 16;
    private static final int REDRAWS = 4;

    private final List<T> endpoints;
    private final int[] weights;
    private final SmoothWeightedRoundRobin<T> order;

    private WeightedLeastConnections(SmoothWeightedRoundRobin<T> order) {
        this.endpoints = order.endpoints();
        this.weights = order.weights();
        this.order = order;
    }

    /** A balancer over {@code endpoints} (weights read now). */
    public static <T extends Endpoint> WeightedLeastConnections<T> of(List<T> endpoints) {
        return new WeightedLeastConnections<>(SmoothWeightedRoundRobin.of(endpoints));
    }

    /** For tests: a fixed start of the round-robin order and random source. */
    static <T extends Endpoint> WeightedLeastConnections<T> of(List<T> endpoints, long start,
                                                               Supplier<? extends RandomGenerator> random) {
        return new WeightedLeastConnections<>(SmoothWeightedRoundRobin.of(endpoints, start, random));
    }

    @Override
    public Optional<T> pick(Predicate<? super T> excluded) {
        int first = order.nextIndex();
        if (first < 0) {
            return Optional.empty();
        }
        int i = endpoints.size() <= SCAN_LIMIT ? scan(first, excluded) : twoChoices(first, excluded);
        return i < 0 ? Optional.empty() : Optional.of(endpoints.get(i));
    }

    @Override
    public List<T> endpoints() {
        return endpoints;
    }

    private int twoChoices(int a, Predicate<? super T> excluded) {
        int b = order.randomIndex();
        boolean okA = Weights.usable(endpoints.get(a), excluded);
        boolean okB = b == a ? okA : Weights.usable(endpoints.get(b), excluded);
        for (int k = 0; k < REDRAWS && !(okA && okB); k++) {
            if (!okA) {
                a = order.randomIndex();
                okA = Weights.usable(endpoints.get(a), excluded);
            } else {
                b = order.randomIndex();
                okB = Weights.usable(endpoints.get(b), excluded);
            }
        }
        if (okA && okB) {
            return a == b || !lessLoaded(b, a) ? a : b;
        }
        if (okA) {
            return a;
        }
        if (okB) {
            return b;
        }
        return scan(a, excluded);
    }

    /** The least loaded usable endpoint, the first one from {@code start} on a tie; or -1. */
    private int scan(int start, Predicate<? super T> excluded) {
        int n = endpoints.size();
        int best = -1;
        long bestInFlight = 0;
        long bestWeight = 1;
        for (int k = 0; k < n; k++) {
            int i = start + k < n ? start + k : start + k - n;
            T e = endpoints.get(i);
            if (weights[i] == 0 || !Weights.usable(e, excluded)) {
                continue;
            }
            long inFlight = e.inFlight();
            if (best < 0 || inFlight * bestWeight < bestInFlight * weights[i]) {
                best = i;
                bestInFlight = inFlight;
                bestWeight = weights[i];
            }
        }
        return best;
    }

    /** Whether endpoint {@code x} carries strictly less load per weight than {@code y}. */
    private boolean lessLoaded(int x, int y) {
        return (long) endpoints.get(x).inFlight() * weights[y] < (long) endpoints.get(y).inFlight() * weights[x];
    }
}
