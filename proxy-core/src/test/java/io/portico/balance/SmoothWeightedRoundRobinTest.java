package io.portico.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class SmoothWeightedRoundRobinTest {

    private static SmoothWeightedRoundRobin<FakeEndpoint> fromSlotZero(List<FakeEndpoint> endpoints) {
        SplittableRandom random = new SplittableRandom(42);
        return SmoothWeightedRoundRobin.of(endpoints, 0, () -> random);
    }

    private static String picks(InstanceBalancer<FakeEndpoint> balancer, int count) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < count; i++) {
            out.append(balancer.pick().orElseThrow().name);
        }
        return out.toString();
    }

    @Test
    void weightsFiveOneOneGiveNginxSequence() {
        assertThat(picks(fromSlotZero(FakeEndpoint.of(5, 1, 1)), 14)).isEqualTo("aabacaa" + "aabacaa");
    }

    @Test
    void weightsOneOneAlternate() {
        assertThat(picks(fromSlotZero(FakeEndpoint.of(1, 1)), 6)).isEqualTo("ababab");
    }

    @Test
    void weightsTwoThreeGiveNginxSequence() {
        assertThat(picks(fromSlotZero(FakeEndpoint.of(2, 3)), 10)).isEqualTo("babab" + "babab");
    }

    @Test
    void publicBalancerStartsSomewhereInTheSameCycle() {
        String seven = picks(SmoothWeightedRoundRobin.of(FakeEndpoint.of(5, 1, 1)), 7);
        assertThat("aabacaa" + "aabacaa").contains(seven);
    }

    @Test
    void sharesAreExactOverOneCycleAndDrainedIsNeverChosen() {
        List<FakeEndpoint> endpoints = FakeEndpoint.of(3, 7, 10, 0);
        for (long start = 0; start < 20; start++) {
            var balancer = SmoothWeightedRoundRobin.of(endpoints, start, SplittableRandom::new);
            assertThat(balancer.cycleLength()).isEqualTo(20);
            int[] counts = new int[4];
            for (int i = 0; i < 20; i++) {
                counts[balancer.pick().orElseThrow().name.charAt(0) - 'a']++;
            }
            assertThat(counts).containsExactly(3, 7, 10, 0);
        }
    }

    @Test
    void weightsAreDividedByTheirGcd() {
        assertThat(fromSlotZero(FakeEndpoint.of(10, 10)).cycleLength()).isEqualTo(2);
        assertThat(fromSlotZero(FakeEndpoint.of(50, 10, 10)).cycleLength()).isEqualTo(7);
        assertThat(picks(fromSlotZero(FakeEndpoint.of(50, 10, 10)), 7)).isEqualTo("aabacaa");
    }

    @Test
    void hugeCycleIsScaledDownKeepingProportionsAndEveryEndpoint() {
        var balancer = fromSlotZero(FakeEndpoint.of(1_000_000, 999_999, 1));
        int length = balancer.cycleLength();
        assertThat(length).isBetween(SmoothWeightedRoundRobin.MAX_CYCLE - 3, SmoothWeightedRoundRobin.MAX_CYCLE + 3);
        int[] counts = new int[3];
        for (int i = 0; i < length; i++) {
            counts[balancer.pick().orElseThrow().name.charAt(0) - 'a']++;
        }
        double sum = 2_000_000;
        assertThat((double) counts[0]).isCloseTo(length * (1_000_000 / sum), offset(1.0));
        assertThat((double) counts[1]).isCloseTo(length * (999_999 / sum), offset(1.0));
        assertThat(counts[2]).isEqualTo(1);
    }

    @Test
    void unavailableEndpointIsSkippedAndItsShareGoesToTheOthers() {
        List<FakeEndpoint> endpoints = FakeEndpoint.of(5, 1, 1);
        endpoints.get(1).available = false;
        var balancer = fromSlotZero(endpoints);
        int[] counts = new int[3];
        for (int i = 0; i < 7_000; i++) {
            counts[balancer.pick().orElseThrow().name.charAt(0) - 'a']++;
        }
        assertThat(counts[1]).isZero();
        // c keeps its own 1,000 slots and wins about 1/6 of b's 1,000 slots
        assertThat(counts[2]).isBetween(1_000 + 100, 1_000 + 250);
        assertThat(counts[0] + counts[2]).isEqualTo(7_000);
    }

    @Test
    void endpointDrainedAfterBuildIsNeverChosen() {
        List<FakeEndpoint> endpoints = FakeEndpoint.of(1, 1, 1);
        var balancer = fromSlotZero(endpoints);
        endpoints.get(0).weight = 0;
        assertThat(picks(balancer, 300)).doesNotContain("a").contains("b", "c");
    }

    @Test
    void noUsableEndpointGivesEmpty() {
        List<FakeEndpoint> endpoints = FakeEndpoint.of(2, 3);
        var balancer = fromSlotZero(endpoints);
        endpoints.forEach(e -> e.available = false);
        assertThat(balancer.pick()).isEmpty();
        assertThat(fromSlotZero(FakeEndpoint.of(0, 0)).pick()).isEmpty();
        assertThat(fromSlotZero(List.of()).pick()).isEmpty();
    }

    @Test
    void retryExcludesTriedEndpoints() {
        List<FakeEndpoint> endpoints = FakeEndpoint.of(5, 1, 1);
        var balancer = fromSlotZero(endpoints);
        FakeEndpoint a = endpoints.get(0);
        for (int i = 0; i < 100; i++) {
            assertThat(balancer.pick(e -> e == a).orElseThrow()).isNotSameAs(a);
        }
        assertThat(balancer.pick(e -> true)).isEmpty();
    }

    @Test
    void negativeWeightIsRejected() {
        assertThatThrownBy(() -> SmoothWeightedRoundRobin.of(FakeEndpoint.of(1, -1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fourThreadsPickingConcurrentlyGetExactShares() throws InterruptedException {
        var balancer = SmoothWeightedRoundRobin.of(FakeEndpoint.of(5, 1, 1), 0, ThreadLocalRandom::current);
        int threads = 4;
        int perThread = 10_000;
        int[][] counts = new int[threads][3];
        AtomicReference<Throwable> failure = new AtomicReference<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int[] mine = counts[t];
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    for (int i = 0; i < perThread; i++) {
                        mine[balancer.pick().orElseThrow().name.charAt(0) - 'a']++;
                    }
                } catch (Throwable e) {
                    failure.set(e);
                }
            }));
        }
        go.countDown();
        for (Thread worker : workers) {
            worker.join(10_000);
        }
        assertThat(failure.get()).isNull();
        int[] total = new int[3];
        for (int[] c : counts) {
            for (int i = 0; i < 3; i++) {
                total[i] += c[i];
            }
        }
        // 40,000 = 5,714 whole cycles of aabacaa plus its first two slots (a, a)
        assertThat(total).containsExactly(5_714 * 5 + 2, 5_714, 5_714);
    }
}
