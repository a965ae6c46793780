package io.portico.balance;

import io.portico.balance.SubclusterChoice.Blackhole;
import io.portico.balance.SubclusterChoice.Chosen;
import io.portico.balance.SubclusterChoice.NoneAvailable;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntPredicate;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * GSLB: chooses a sub-cluster of a cluster by weight. Immutable; shared by all request threads.
 *
 * <p>Sub-clusters are addressed by their index in {@link #names()}, the order of the map given
 * to {@link #of}. The reserved name {@value #BLACKHOLE} is a sink: its share of requests is
 * dropped. Weight 0 drains a sub-cluster. The server says which sub-clusters have an available
 * instance through an {@link IntPredicate} over indices (never asked about BLACKHOLE or drained
 * ones); an unavailable sub-cluster is skipped and its share goes to the others in proportion to
 * their weights, BLACKHOLE included. When no real sub-cluster with a positive weight is
 * available the answer is {@link NoneAvailable}, never {@link Blackhole}.
 *
 * <p>{@link #pick} is a weighted random draw: a binary search over precomputed cumulative
 * weights; only when the drawn sub-cluster is unavailable does it redraw over the available ones
 * (O(k), one pass). {@link #pickSticky} is weighted rendezvous hashing over the sub-clusters'
 * names: each key goes to a fixed sub-cluster (BLACKHOLE included, as in BFE, so a key in
 * BLACKHOLE's share is dropped consistently), keys move only when their own sub-cluster becomes
 * unavailable or changes weight, and then go to their next choice in proportion to weight.
 * Retries ({@link #retry}, {@link #retrySticky}) never answer BLACKHOLE.
 */
public final class SubclusterBalancer {
    public static final String BLACKHOLE = "BLACKHOLE";
    private static final NoneAvailable NONE = new NoneAvailable();
    private static final Blackhole SINK = new Blackhole();
    private static final IntPredicate NOTHING_TRIED = i -> false;

    private final List<String> names;
    private final int[] weights;
    private final long[] cumulative;
    private final long[] nameHashes;
    private final Chosen[] chosen;
    private final int blackhole;
    private final boolean anyRealWeight;
    private final Supplier<? extends RandomGenerator> random;

    private SubclusterBalancer(List<String> names, int[] weights, Supplier<? extends RandomGenerator> random) {
        this.names = names;
        this.weights = weights;
        this.random = random;
        this.cumulative = new long[weights.length];
        this.nameHashes = new long[weights.length];
        this.chosen = new Chosen[weights.length];
        this.blackhole = names.indexOf(BLACKHOLE);
        long sum = 0;
        boolean real = false;
        for (int i = 0; i < weights.length; i++) {
            sum += weights[i];
            cumulative[i] = sum;
            nameHashes[i] = Hashing.hash64(names.get(i));
            chosen[i] = new Chosen(i);
            real |= i != blackhole && weights[i] > 0;
        }
        this.anyRealWeight = real;
    }

    /** A balancer over sub-cluster weights in iteration order; may contain {@value #BLACKHOLE}. */
    public static SubclusterBalancer of(SequencedMap<String, Integer> weights) {
        return of(weights, ThreadLocalRandom::current);
    }

    /** For tests: a given random source. */
    static SubclusterBalancer of(SequencedMap<String, Integer> weights, Supplier<? extends RandomGenerator> random) {
        List<String> names = List.copyOf(weights.sequencedKeySet());
        int[] w = new int[names.size()];
        int i = 0;
        for (Map.Entry<String, Integer> e : weights.entrySet()) {
            if (e.getValue() == null || e.getValue() < 0) {
                throw new IllegalArgumentException("sub-cluster " + e.getKey() + " has weight " + e.getValue()
                        + "; expected an integer >= 0");
            }
            w[i++] = e.getValue();
        }
        return new SubclusterBalancer(names, w, random);
    }

    /** Sub-cluster names; a {@link Chosen} index points into this list. */
    public List<String> names() {
        return names;
    }

    /** A sub-cluster for a new request, by weighted random choice. */
    public SubclusterChoice pick(IntPredicate available) {
        if (!anyRealWeight) {
            return NONE;
        }
        long r = random.get().nextLong(cumulative[cumulative.length - 1]);
        int i = ceilingAbove(r);
        if (i == blackhole) {
            return anyAvailable(available) ? SINK : NONE;
        }
        if (available.test(i)) {
            return chosen[i];
        }
        return redraw(available, NOTHING_TRIED, true);
    }

    /** A sub-cluster fixed for {@code keyHash} (from {@link Hashing#hash64}) while it is available. */
    public SubclusterChoice pickSticky(long keyHash, IntPredicate available) {
        return rendezvous(keyHash, available, NOTHING_TRIED, true);
    }

    /** For a retry: a random sub-cluster by weight, other than those {@code tried}; never BLACKHOLE. */
    public SubclusterChoice retry(IntPredicate available, IntPredicate tried) {
        return redraw(available, tried, false);
    }

    /** For a sticky retry: the key's next choice among those not {@code tried}; never BLACKHOLE. */
    public SubclusterChoice retrySticky(long keyHash, IntPredicate available, IntPredicate tried) {
        return rendezvous(keyHash, available, tried, false);
    }

    /** One-pass weighted draw over the candidates: each replaces the pick with chance w / total so far. */
    private SubclusterChoice redraw(IntPredicate available, IntPredicate tried, boolean withBlackhole) {
        RandomGenerator rnd = random.get();
        long total = 0;
        int pick = -1;
        boolean real = false;
        for (int i = 0; i < weights.length; i++) {
            int kind = candidate(i, available, tried, withBlackhole);
            if (kind == SKIP) {
                continue;
            }
            real |= kind == REAL;
            int w = weights[i];
            total += w;
            if (rnd.nextLong(total) < w) {
                pick = i;
            }
        }
        if (!real) {
            return NONE;
        }
        return pick == blackhole ? SINK : chosen[pick];
    }

    /** Weighted rendezvous hashing: the candidate with the highest {@code w / -ln(u)} wins. */
    private SubclusterChoice rendezvous(long keyHash, IntPredicate available, IntPredicate tried,
                                        boolean withBlackhole) {
        int best = -1;
        double bestScore = 0;
        boolean real = false;
        for (int i = 0; i < weights.length; i++) {
            int kind = candidate(i, available, tried, withBlackhole);
            if (kind == SKIP) {
                continue;
            }
            real |= kind == REAL;
            int w = weights[i];
            double u = ((Hashing.mix(keyHash ^ nameHashes[i]) >>> 11) + 0.5) * 0x1.0p-53;
            double score = w / -Math.log(u);
            if (best < 0 || score > bestScore) {
                best = i;
                bestScore = score;
            }
        }
        if (!real) {
            return NONE;
        }
        return best == blackhole ? SINK : chosen[best];
    }

    private static final int SKIP = 0;
    private static final int REAL = 1;
    private static final int SINK_CANDIDATE = 2;

    /** Whether sub-cluster {@code i} may be drawn: skipped, a real candidate, or the BLACKHOLE sink. */
    private int candidate(int i, IntPredicate available, IntPredicate tried, boolean withBlackhole) {
        if (weights[i] == 0) {
            return SKIP;
        }
        if (i == blackhole) {
            return withBlackhole ? SINK_CANDIDATE : SKIP;
        }
        return tried.test(i) || !available.test(i) ? SKIP : REAL;
    }

    private boolean anyAvailable(IntPredicate available) {
        for (int i = 0; i < weights.length; i++) {
            if (i != blackhole && weights[i] > 0 && available.test(i)) {
                return true;
            }
        }
        return false;
    }

    /** The first index whose cumulative weight exceeds {@code r}. */
    private int ceilingAbove(long r) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > r) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }
}
