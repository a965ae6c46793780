package io.portico.balance;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * nginx's smooth weighted round robin, precomputed. Shared by all request threads; lock-free.
 *
 * <p>At build the whole smooth cycle is computed once by running nginx's algorithm (each step
 * every endpoint's current weight grows by its weight, the first endpoint with the greatest
 * current weight is chosen and loses the total), over the weights divided by their gcd, so the
 * cycle is {@code sum / gcd} slots long. A pick is then one atomic increment of a cursor into the
 * cycle. Weights 5,1,1 give {@code a a b a c a a}.
 *
 * <p>The cycle is bounded by 2^16 ({@code MAX_CYCLE}) slots: when {@code sum / gcd} is
 * larger, every positive weight is scaled to {@code max(1, round(w * MAX_CYCLE / sum))} (then
 * divided by the new gcd): each share is rounded to the nearest of 2^16 slots, and no endpoint
 * disappears (a tiny weight keeps one slot). The cycle then holds at most {@code MAX_CYCLE + n}
 * slots (4 bytes each); building it costs O(slots × n) once, about 0.1 s for 1,000 endpoints
 * with unequal weights.
 *
 * <p>The cursor starts at a random point of the cycle, as BFE shuffles its instance lists, so
 * that many proxies do not send their first requests to the same instance in lockstep.
 *
 * <p>When the slot's endpoint is unavailable, drained or excluded, up to 8 random slots are tried (a random slot is a draw proportional to weight), then one O(n)
 * weighted draw over the usable endpoints: the share of a skipped endpoint goes to the others in
 * proportion to their weights.
 */
public final class SmoothWeightedRoundRobin<T extends Endpoint> implements InstanceBalancer<T> {
    static final int MAX_CYCLE = 1 << 16;
    private static final int RANDOM_TRIES = 8;

    private final List<T> endpoints;
    private final int[] weights;
    private final int[] cycle;
    private final AtomicLong cursor;
    private final Supplier<? extends RandomGenerator> random;

    private SmoothWeightedRoundRobin(List<T> endpoints, int[] weights, int[] cycle, long start,
                                     Supplier<? extends RandomGenerator> random) {
        this.endpoints = endpoints;
        this.weights = weights;
        this.cycle = cycle;
        this.cursor = new AtomicLong(start);
        this.random = random;
    }

    /** A balancer over {@code endpoints} (weights read now), starting at a random slot. */
    public static <T extends Endpoint> SmoothWeightedRoundRobin<T> of(List<T> endpoints) {
        List<T> copy = List.copyOf(endpoints);
        int[] weights = Weights.of(copy);
        int[] cycle = cycle(weights);
        long start = cycle.length == 0 ? 0 : ThreadLocalRandom.current().nextInt(cycle.length);
        return new SmoothWeightedRoundRobin<>(copy, weights, cycle, start, ThreadLocalRandom::current);
    }

    /** For tests: a fixed start slot and random source. */
    static <T extends Endpoint> SmoothWeightedRoundRobin<T> of(List<T> endpoints, long start,
                                                               Supplier<? extends RandomGenerator> random) {
        List<T> copy = List.copyOf(endpoints);
        int[] weights = Weights.of(copy);
        return new SmoothWeightedRoundRobin<>(copy, weights, cycle(weights), start, random);
    }

    @Override
    public Optional<T> pick(Predicate<? super T> excluded) {
        int i = nextIndex();
        if (i < 0) {
            return Optional.empty();
        }
        T e = endpoints.get(i);
        if (Weights.usable(e, excluded)) {
            return Optional.of(e);
        }
        i = fallback(excluded);
        return i < 0 ? Optional.empty() : Optional.of(endpoints.get(i));
    }

    @Override
    public List<T> endpoints() {
        return endpoints;
    }

    /** Length of the precomputed cycle. */
    int cycleLength() {
        return cycle.length;
    }

    /** Endpoint index of the next slot of the cycle, or -1 when every weight is 0. */
    int nextIndex() {
        if (cycle.length == 0) {
            return -1;
        }
        return cycle[(int) (cursor.getAndIncrement() % cycle.length)];
    }

    /** Endpoint index of a random slot: a draw proportional to weight. Cycle must not be empty. */
    int randomIndex() {
        return cycle[random.get().nextInt(cycle.length)];
    }

    int[] weights() {
        return weights;
    }

    /** A usable endpoint other than the cycle's choice, in proportion to weight, or -1. */
    int fallback(Predicate<? super T> excluded) {
        for (int k = 0; k < RANDOM_TRIES; k++) {
            int i = randomIndex();
            if (Weights.usable(endpoints.get(i), excluded)) {
                return i;
            }
        }
        return Weights.randomUsable(endpoints, weights, excluded, random.get());
    }

    /** The smooth cycle as endpoint indices; empty when no weight is positive. */
    static int[] cycle(int[] weights) {
        int[] w = reduced(weights);
        int length = 0;
        for (int x : w) {
            length += x;
        }
        int[] cycle = new int[length];
        long[] current = new long[w.length];
        for (int slot = 0; slot < length; slot++) {
            int best = -1;
            for (int i = 0; i < w.length; i++) {
                if (w[i] == 0) {
                    continue;
                }
                current[i] += w[i];
                if (best < 0 || current[i] > current[best]) {
                    best = i;
                }
            }
            current[best] -= length;
            cycle[slot] = best;
        }
        return cycle;
    }

    /** Weights divided by their gcd, scaled down first if the cycle would exceed MAX_CYCLE. */
    static int[] reduced(int[] weights) {
        long sum = 0;
        int g = 0;
        for (int w : weights) {
            sum += w;
            g = Weights.gcd(g, w);
        }
        int[] w = new int[weights.length];
        if (sum == 0) {
            return w;
        }
        if (sum / g > MAX_CYCLE) {
            g = 0;
            for (int i = 0; i < w.length; i++) {
                if (weights[i] > 0) {
                    w[i] = (int) Math.max(1, (weights[i] * (long) MAX_CYCLE + sum / 2) / sum);
                    g = Weights.gcd(g, w[i]);
                }
            }
        } else {
            System.arraycopy(weights, 0, w, 0, w.length);
        }
        for (int i = 0; i < w.length; i++) {
            w[i] /= g;
        }
        return w;
    }
}
