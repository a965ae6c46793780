package io.portico.balance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayDeque;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WeightedLeastConnectionsTest {

    private static WeightedLeastConnections<FakeEndpoint> seeded(List<FakeEndpoint> endpoints) {
        SplittableRandom random = new SplittableRandom(7);
        return WeightedLeastConnections.of(endpoints, 0, () -> random);
    }

    private static FakeEndpoint pick(WeightedLeastConnections<FakeEndpoint> balancer) {
        return balancer.pick().orElseThrow();
    }

    @Test
    void endpointWithFewestInFlightIsChosen() {
        List<FakeEndpoint> endpoints = FakeEndpoint.of(1, 1, 1);
        endpoints.get(0).inFlight.set(5);
        endpoints.get(1).inFlight.set(1);
        endpoints.get(2).inFlight.set(3);
        var balancer = seeded(endpoints);
        for (int i = 0; i < 10; i++) {
            assertThat(pick(balancer)).isSameAs(endpoints.get(1));
        }
    }

    @Test
    void loadIsComparedPerUnitOfWeight() {
        List<FakeEndpoint> endpoints = FakeEndpoint.of(4, 1);
        endpoints.get(0).inFlight.set(4);
        endpoints.get(1).inFlight.set(2);
        assertThat(pick(seeded(endpoints))).isSameAs(endpoints.get(0));
    }

    @Test
    void slowEndpointWithManyInFlightGetsNothing() {
        List<FakeEndpoint> endpoints = FakeEndpoint.of(1, 1, 1, 1);
        FakeEndpoint slow = endpoints.get(2);
        slow.inFlight.set(50);
        var balancer = seeded(endpoints);
        int slowPicks = 0;
        for (int i = 0; i < 1_000; i++) {
            FakeEndpoint chosen = pick(balancer);
            if (chosen == slow) {
                slowPicks++;
            }
        }
        assertThat(slowPicks).isZero();
    }

    @Test
    void equalLoadSpreadsInProportionToWeight() {
        List<FakeEndpoint> endpoints = FakeEndpoint.of(1, 1, 1, 3);
        var balancer = seeded(endpoints);
        int[] counts = new int[4];
        for (int i = 0; i < 600; i++) {
            counts[pick(balancer).name.charAt(0) - 'a']++;
        }
        assertThat(counts).containsExactly(100, 100, 100, 300);
    }

    @Test
    void unavailableDrainedAndExcludedEndpointsAreSkipped() {
        List<FakeEndpoint> endpoints = FakeEndpoint.of(1, 0, 1, 1);
        endpoints.get(0).available = false;
        FakeEndpoint c = endpoints.get(2);
        FakeEndpoint d = endpoints.get(3);
        d.inFlight.set(10);
        var balancer = seeded(endpoints);
        for (int i = 0; i < 50; i++) {
            assertThat(pick(balancer)).isSameAs(c);
            assertThat(balancer.pick(e -> e == c).orElseThrow()).isSameAs(d);
        }
        c.available = false;
        d.available = false;
        assertThat(balancer.pick()).isEmpty();
    }

    @Test
    void withThousandEndpointsAPickReadsTheLoadOfAtMostTwo() {
        List<FakeEndpoint> endpoints = FakeEndpoint.many(1_000, 1);
        var balancer = seeded(endpoints);
        for (int i = 0; i < 10_000; i++) {
            pick(balancer).inFlight.incrementAndGet();
        }
        int reads = endpoints.stream().mapToInt(e -> e.inFlightReads.get()).sum();
        assertThat(reads).isLessThanOrEqualTo(2 * 10_000);
    }

    @Test
    void withThousandIdleEndpointsSharesFollowWeightsExactly() {
        List<FakeEndpoint> endpoints = FakeEndpoint.many(1_000, 1);
        for (int i = 0; i < 1_000; i += 2) {
            endpoints.get(i).weight = 3;
        }
        var balancer = seeded(endpoints);
        int[] counts = new int[1_000];
        for (int i = 0; i < 2_000; i++) {
            counts[endpoints.indexOf(pick(balancer))]++;
        }
        for (int i = 0; i < 1_000; i++) {
            assertThat(counts[i]).as("endpoint %d", i).isEqualTo(i % 2 == 0 ? 3 : 1);
        }
    }

    @Test
    void withThousandEndpointsASlowOneIsAlmostNeverChosen() {
        List<FakeEndpoint> endpoints = FakeEndpoint.many(1_000, 1);
        FakeEndpoint slow = endpoints.get(123);
        slow.inFlight.set(1_000);
        var balancer = seeded(endpoints);
        int slowPicks = 0;
        for (int i = 0; i < 10_000; i++) {
            if (pick(balancer) == slow) {
                slowPicks++;
            }
        }
        // only when both candidates are the slow one: expected 10 * 1/1000 times
        assertThat(slowPicks).isLessThanOrEqualTo(1);
    }

    @Test
    void withThousandEndpointsLoadFollowsWeightsUnderTraffic() {
        List<FakeEndpoint> endpoints = FakeEndpoint.many(1_000, 1);
        for (int i = 0; i < 1_000; i += 2) {
            endpoints.get(i).weight = 3;
        }
        var balancer = seeded(endpoints);
        SplittableRandom latency = new SplittableRandom(11);
        ArrayDeque<FakeEndpoint> inFlight = new ArrayDeque<>();
        long heavy = 0;
        int picks = 100_000;
        for (int i = 0; i < picks; i++) {
            FakeEndpoint e = pick(balancer);
            e.inFlight.incrementAndGet();
            inFlight.addLast(e);
            if (e.weight == 3) {
                heavy++;
            }
            // at most 4,000 requests in flight; the oldest finish first, a random number per pick
            while (inFlight.size() > 4_000 || (!inFlight.isEmpty() && latency.nextInt(4) == 0)) {
                inFlight.pollFirst().inFlight.decrementAndGet();
            }
        }
        double heavyShare = (double) heavy / picks;
        System.out.printf("WLC 1,000 endpoints, weights 3 and 1: heavy half got %.4f of picks (weight share 0.75)%n",
                heavyShare);
        assertThat(heavyShare).isBetween(0.70, 0.80);
    }

    @Test
    void withThousandEndpointsUnavailableOnesAreSkipped() {
        List<FakeEndpoint> endpoints = FakeEndpoint.many(1_000, 1);
        for (int i = 0; i < 1_000; i++) {
            endpoints.get(i).available = i % 10 == 0;
        }
        var balancer = seeded(endpoints);
        for (int i = 0; i < 10_000; i++) {
            assertThat(pick(balancer).available).isTrue();
        }
        endpoints.forEach(e -> e.available = false);
        endpoints.get(999).available = true;
        assertThat(pick(balancer)).isSameAs(endpoints.get(999));
        endpoints.get(999).available = false;
        assertThat(balancer.pick()).isEmpty();
    }
}
