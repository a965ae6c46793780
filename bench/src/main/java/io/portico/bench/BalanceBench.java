package io.portico.bench;

import io.portico.balance.ConsistentHash;
import io.portico.balance.Hashing;
import io.portico.balance.SmoothWeightedRoundRobin;
import io.portico.balance.SubclusterBalancer;
import io.portico.balance.SubclusterChoice;
import io.portico.balance.WeightedLeastConnections;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SequencedMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The two balancing steps: GSLB sub-cluster choice (three data centres and a BLACKHOLE share)
 * and instance choice among 1,000 instances with weights 1..10 and uneven in-flight counts.
 * The balancers are shared state in the server, so this state is Benchmark-scoped: run with
 * {@code -t 2} to see the cost of the shared round-robin cursor under contention. Picks return
 * the endpoint, not the Optional, so -prof gc shows whether the Optional is scalar-replaced.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class BalanceBench {
    static final int INSTANCES = 1_000;
    private static final IntPredicate ALL_AVAILABLE = i -> true;
    private static final IntPredicate SECOND_DOWN = i -> i != 1;

    private SubclusterBalancer gslb;
    private SmoothWeightedRoundRobin<BenchEndpoint> wrr;
    private WeightedLeastConnections<BenchEndpoint> wlc;
    private ConsistentHash<BenchEndpoint> ring;
    private String[] clientIps;

    /** Per-thread cursor over the sticky keys, so threads do not share a counter. */
    @State(Scope.Thread)
    public static class Keys {
        int next;
    }

    @Setup
    public void setUp() {
        SequencedMap<String, Integer> weights = new LinkedHashMap<>();
        weights.put("idc_a", 45);
        weights.put("idc_b", 35);
        weights.put("idc_c", 15);
        weights.put(SubclusterBalancer.BLACKHOLE, 5);
        gslb = SubclusterBalancer.of(weights);
        List<BenchEndpoint> endpoints = endpoints(INSTANCES);
        wrr = SmoothWeightedRoundRobin.of(endpoints);
        wlc = WeightedLeastConnections.of(endpoints);
        ring = ConsistentHash.of(endpoints, BenchEndpoint::address);
        clientIps = new String[1024];
        for (int i = 0; i < clientIps.length; i++) {
            clientIps[i] = "198.51." + (i >> 8) + "." + (i & 0xFF);
        }
    }

    /** {@code n} available instances on 10.x.y.z:8080, weight 1..10, in flight 0..31. */
    static List<BenchEndpoint> endpoints(int n) {
        List<BenchEndpoint> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(new BenchEndpoint("10.0." + (i >> 8) + "." + (i & 0xFF) + ":8080", i % 10 + 1, true, (i * 7) % 32));
        }
        return list;
    }

    @Benchmark
    public SubclusterChoice subclusterWeighted() {
        return gslb.pick(ALL_AVAILABLE);
    }

    /** One data centre without an available instance: its share is redrawn over the others. */
    @Benchmark
    public SubclusterChoice subclusterWeightedOneDown() {
        return gslb.pick(SECOND_DOWN);
    }

    /** Sticky GSLB: weighted rendezvous hashing of a client-IP key over the sub-clusters. */
    @Benchmark
    public SubclusterChoice subclusterSticky(Keys keys) {
        return gslb.pickSticky(Hashing.hash64(clientIps[keys.next++ & 1023]), ALL_AVAILABLE);
    }

    @Benchmark
    public BenchEndpoint instanceSmoothWrr() {
        return wrr.pick().orElseThrow();
    }

    @Benchmark
    public BenchEndpoint instanceWeightedLeastConnections() {
        return wlc.pick().orElseThrow();
    }

    /** Sticky instance: hash a client IP (as its text) and look it up on the ring. */
    @Benchmark
    public BenchEndpoint instanceConsistentHash(Keys keys) {
        return ring.pick(Hashing.hash64(clientIps[keys.next++ & 1023])).orElseThrow();
    }
}
