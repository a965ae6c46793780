package io.portico.balance;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Sticky sessions at instance level: a consistent-hash ring with weight-proportional virtual
 * nodes. Immutable; shared by all request threads.
 *
 * <p>Each endpoint owns 160 points per unit of weight on a 64-bit ring.
 * Point positions derive only from the endpoint's identity (for example its address) and the
 * point's number, so the ring is the same on every proxy, across restarts and rebuilds, whatever
 * the order of the endpoint list. A key goes to the owner of the first point at or after its
 * (re-mixed) hash. Adding, removing or re-weighting one endpoint adds or removes only that
 * endpoint's points, so only about its share of keys moves, unlike BFE's {@code hash % n}.
 * Lookup is a binary search within a bucket of a precomputed index: O(1) expected, O(log
 * points) at worst.
 *
 * <p>The ring holds at most about 2^17 = 131,072 points: when the weights would need more,
 * each endpoint gets {@code max(1, round(weight * MAX_POINTS / sum))} points instead (still
 * about 130 points per endpoint with 1,000 equal endpoints). Only in that regime does a change
 * of one weight also rescale the others.
 *
 * <p>When the owner is unavailable, drained or excluded, the walk continues clockwise to the next
 * point with a usable owner, so that endpoint's keys spread over the others in proportion to
 * their points and return when it comes back; after 64 points the key falls
 * back to a deterministic scan of the endpoints. Empty only when no endpoint is usable.
 */
public final class ConsistentHash<T extends Endpoint> {
    static final int POINTS_PER_WEIGHT = 160;
    static final int MAX_POINTS = 1 << 17;
    private static final int WALK_LIMIT = 64;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final List<T> endpoints;
    private final long[] positions;
    private final int[] owners;
    /** bucketStart[b] = first point whose top {@code bucketBits} bits (as unsigned) are >= b. */
    private final int[] bucketStart;
    private final int bucketBits;

    private ConsistentHash(List<T> endpoints, long[] positions, int[] owners) {
        this.endpoints = endpoints;
        this.positions = positions;
        this.owners = owners;
        this.bucketBits = Math.max(1, 31 - Integer.numberOfLeadingZeros(Math.max(1, positions.length / 4)));
        this.bucketStart = new int[(1 << bucketBits) + 1];
        int p = 0;
        for (int b = 0; b < bucketStart.length; b++) {
            while (p < positions.length && bucket(positions[p]) < b) {
                p++;
            }
            bucketStart[b] = p;
        }
    }

    /**
     * A ring over {@code endpoints} (weights read now); {@code identity} names each endpoint
     * stably, e.g. its {@code host:port}. Identities must be distinct.
     */
    public static <T extends Endpoint> ConsistentHash<T> of(List<T> endpoints,
                                                           Function<? super T, ? extends CharSequence> identity) {
        List<T> copy = List.copyOf(endpoints);
        int[] weights = Weights.of(copy);
        int[] points = pointCounts(weights);
        int total = 0;
        for (int p : points) {
            total += p;
        }
        long[] keys = new long[total];
        int[] keyOwners = new int[total];
        Set<String> seen = new HashSet<>();
        int k = 0;
        for (int i = 0; i < copy.size(); i++) {
            String id = identity.apply(copy.get(i)).toString();
            if (!seen.add(id)) {
                throw new IllegalArgumentException("two endpoints share the identity " + id);
            }
            long base = Hashing.hash64(id);
            for (int j = 0; j < points[i]; j++, k++) {
                keys[k] = Hashing.mix(base + (j + 1) * GOLDEN);
                keyOwners[k] = i;
            }
        }
        return sorted(copy, keys, keyOwners);
    }

    /** The endpoint for a key hash (from {@link Hashing#hash64}), or the next usable one. */
    public Optional<T> pick(long keyHash) {
        return pick(keyHash, Weights.NONE_EXCLUDED);
    }

    /** As {@link #pick(long)}, skipping what {@code excluded} rejects (the instances already tried). */
    public Optional<T> pick(long keyHash, Predicate<? super T> excluded) {
        int n = positions.length;
        if (n == 0) {
            return Optional.empty();
        }
        long h = Hashing.mix(keyHash);
        int p = ceiling(h);
        int limit = Math.min(n, WALK_LIMIT);
        for (int k = 0; k < limit; k++, p = p + 1 == n ? 0 : p + 1) {
            T e = endpoints.get(owners[p]);
            if (Weights.usable(e, excluded)) {
                return Optional.of(e);
            }
        }
        int size = endpoints.size();
        int start = (int) Long.remainderUnsigned(h, size);
        for (int k = 0; k < size; k++) {
            T e = endpoints.get(start + k < size ? start + k : start + k - size);
            if (Weights.usable(e, excluded)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    public List<T> endpoints() {
        return endpoints;
    }

    int pointCount() {
        return positions.length;
    }

    long position(int point) {
        return positions[point];
    }

    /** Which bucket a position falls in: its top bits, in the ring's (signed) order. */
    private int bucket(long position) {
        return (int) ((position ^ Long.MIN_VALUE) >>> (64 - bucketBits));
    }

    /**
     * Index of the first point at or after {@code h} in ring order, wrapping to 0: a binary
     * search within h's bucket (about four points, as positions are uniform), which ends at the
     * next bucket's first point when none in the bucket is at or after {@code h}.
     */
    int ceiling(long h) {
        int b = bucket(h);
        int lo = bucketStart[b];
        int hi = bucketStart[b + 1];
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (positions[mid] < h) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo == positions.length ? 0 : lo;
    }

    static int[] pointCounts(int[] weights) {
        long sum = 0;
        for (int w : weights) {
            sum += w;
        }
        int[] points = new int[weights.length];
        boolean scaled = sum * POINTS_PER_WEIGHT > MAX_POINTS;
        for (int i = 0; i < weights.length; i++) {
            if (weights[i] > 0) {
                points[i] = scaled
                        ? (int) Math.max(1, (weights[i] * (long) MAX_POINTS + sum / 2) / sum)
                        : weights[i] * POINTS_PER_WEIGHT;
            }
        }
        return points;
    }

    /** Sorts points by position, equal positions by owner index, so lookups are deterministic. */
    private static <T extends Endpoint> ConsistentHash<T> sorted(List<T> endpoints, long[] keys, int[] owners) {
        Integer[] order = new Integer[keys.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> keys[a] != keys[b] ? Long.compare(keys[a], keys[b]) : Integer.compare(owners[a], owners[b]));
        long[] positions = new long[keys.length];
        int[] sortedOwners = new int[keys.length];
        for (int i = 0; i < order.length; i++) {
            positions[i] = keys[order[i]];
            sortedOwners[i] = owners[order[i]];
        }
        return new ConsistentHash<>(endpoints, positions, sortedOwners);
    }
}
