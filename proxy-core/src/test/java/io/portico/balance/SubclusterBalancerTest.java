package io.portico.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.balance.SubclusterChoice.Blackhole;
import io.portico.balance.SubclusterChoice.Chosen;
import io.portico.balance.SubclusterChoice.NoneAvailable;
import java.util.LinkedHashMap;
import java.util.SequencedMap;
import java.util.SplittableRandom;
import java.util.function.IntFunction;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

class SubclusterBalancerTest {
    private static final int PICKS = 10_000;
    private static final IntPredicate ALL = i -> true;
    private static final IntPredicate NONE = i -> false;

    private static SequencedMap<String, Integer> weights(Object... nameWeight) {
        SequencedMap<String, Integer> map = new LinkedHashMap<>();
        for (int i = 0; i < nameWeight.length; i += 2) {
            map.put((String) nameWeight[i], (Integer) nameWeight[i + 1]);
        }
        return map;
    }

    private static SubclusterBalancer seeded(SequencedMap<String, Integer> weights) {
        SplittableRandom random = new SplittableRandom(2024);
        return SubclusterBalancer.of(weights, () -> random);
    }

    /** Shares of picks per name, BLACKHOLE and NONE included, in percent. */
    private static SequencedMap<String, Double> shares(SubclusterBalancer balancer, int count,
                                                       IntFunction<SubclusterChoice> pick) {
        SequencedMap<String, Double> shares = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            shares.merge(name(balancer, pick.apply(i)), 100.0 / count, Double::sum);
        }
        return shares;
    }

    @Test
    void picksFollowWeightsWithBlackholeWithinTwoPoints() {
        var balancer = seeded(weights("idc_a", 45, "idc_b", 45, "BLACKHOLE", 10));
        var shares = shares(balancer, PICKS, i -> balancer.pick(ALL));
        System.out.println("GSLB 45/45/10 shares %: " + shares);
        assertThat(shares.get("idc_a")).isBetween(43.0, 47.0);
        assertThat(shares.get("idc_b")).isBetween(43.0, 47.0);
        assertThat(shares.get("BLACKHOLE")).isBetween(8.0, 12.0);
        assertThat(shares).doesNotContainKey("NONE");
    }

    @Test
    void unavailableSubclusterShareIsRedistributedInProportionBlackholeIncluded() {
        var balancer = seeded(weights("idc_a", 45, "idc_b", 45, "BLACKHOLE", 10));
        var shares = shares(balancer, PICKS, i -> balancer.pick(index -> index != 1));
        System.out.println("GSLB 45/45/10 with idc_b unavailable, shares %: " + shares);
        assertThat(shares).doesNotContainKeys("idc_b", "NONE");
        assertThat(shares.get("idc_a")).isBetween(100.0 * 45 / 55 - 2, 100.0 * 45 / 55 + 2);
        assertThat(shares.get("BLACKHOLE")).isBetween(100.0 * 10 / 55 - 2, 100.0 * 10 / 55 + 2);
    }

    @Test
    void drainedSubclusterGetsNothingAndIsNeverAskedAbout() {
        var balancer = seeded(weights("idc_a", 30, "idc_b", 0, "idc_c", 70));
        IntPredicate available = i -> {
            assertThat(i).isNotEqualTo(1);
            return true;
        };
        var shares = shares(balancer, PICKS, i -> balancer.pick(available));
        assertThat(shares).containsOnlyKeys("idc_a", "idc_c");
        assertThat(shares.get("idc_a")).isBetween(28.0, 32.0);
        assertThat(shares(balancer, 1_000, i -> balancer.pickSticky(Hashing.hash64("k" + i), available)))
                .containsOnlyKeys("idc_a", "idc_c");
        assertThat(shares(balancer, 1_000, i -> balancer.retry(available, t -> t == 0))).containsOnlyKeys("idc_c");
    }

    @Test
    void noAvailableRealSubclusterIsNoneAvailableNeverBlackhole() {
        var balancer = seeded(weights("idc_a", 45, "idc_b", 45, "BLACKHOLE", 10));
        for (int i = 0; i < 1_000; i++) {
            assertThat(balancer.pick(NONE)).isInstanceOf(NoneAvailable.class);
            assertThat(balancer.pickSticky(Hashing.hash64("key" + i), NONE)).isInstanceOf(NoneAvailable.class);
        }
        var onlySinkWeighted = seeded(weights("idc_a", 0, "BLACKHOLE", 10));
        assertThat(onlySinkWeighted.pick(ALL)).isInstanceOf(NoneAvailable.class);
        assertThat(seeded(weights()).pick(ALL)).isInstanceOf(NoneAvailable.class);
    }

    @Test
    void withoutBlackholeEveryPickIsChosen() {
        var balancer = seeded(weights("only", 1));
        for (int i = 0; i < 100; i++) {
            assertThat(balancer.pick(ALL)).isEqualTo(new Chosen(0));
        }
    }

    @Test
    void retryPicksAnotherSubclusterAndNeverBlackhole() {
        var balancer = seeded(weights("idc_a", 45, "idc_b", 45, "BLACKHOLE", 10));
        for (int i = 0; i < 1_000; i++) {
            assertThat(balancer.retry(ALL, t -> t == 0)).isEqualTo(new Chosen(1));
            assertThat(balancer.retrySticky(Hashing.hash64("k" + i), ALL, t -> t == 1)).isEqualTo(new Chosen(0));
        }
        assertThat(balancer.retry(ALL, t -> t <= 1)).isInstanceOf(NoneAvailable.class);
        assertThat(balancer.retry(i -> i == 0, t -> t == 0)).isInstanceOf(NoneAvailable.class);
        var three = seeded(weights("x", 1, "BLACKHOLE", 97, "y", 1, "z", 1));
        var shares = shares(three, PICKS, i -> three.retry(ALL, t -> t == 0));
        assertThat(shares).containsOnlyKeys("y", "z");
        assertThat(shares.get("y")).isBetween(48.0, 52.0);
    }

    @Test
    void stickyKeyKeepsItsSubclusterAcrossCallsAndRebuilds() {
        var balancer = seeded(weights("idc_a", 45, "idc_b", 45, "BLACKHOLE", 10));
        var rebuilt = SubclusterBalancer.of(weights("BLACKHOLE", 10, "idc_b", 45, "idc_a", 45));
        for (int i = 0; i < 1_000; i++) {
            long key = Hashing.hash64("10.2.0." + i);
            SubclusterChoice first = balancer.pickSticky(key, ALL);
            assertThat(balancer.pickSticky(key, ALL)).isEqualTo(first);
            assertThat(name(rebuilt, rebuilt.pickSticky(key, ALL))).isEqualTo(name(balancer, first));
        }
    }

    @Test
    void stickyKeysSpreadByWeightAndOnlyTheUnavailableOnesMove() {
        var balancer = seeded(weights("idc_a", 45, "idc_b", 45, "BLACKHOLE", 10));
        String[] before = new String[PICKS];
        String[] after = new String[PICKS];
        for (int i = 0; i < PICKS; i++) {
            long key = Hashing.hash64("user-" + i);
            before[i] = name(balancer, balancer.pickSticky(key, ALL));
            after[i] = name(balancer, balancer.pickSticky(key, index -> index != 1));
        }
        var beforeShares = shares(balancer, PICKS, i -> balancer.pickSticky(Hashing.hash64("user-" + i), ALL));
        System.out.println("GSLB sticky 45/45/10 key shares %: " + beforeShares);
        assertThat(beforeShares.get("idc_a")).isBetween(43.0, 47.0);
        assertThat(beforeShares.get("BLACKHOLE")).isBetween(8.0, 12.0);
        int movedToSink = 0;
        int moved = 0;
        for (int i = 0; i < PICKS; i++) {
            if (!before[i].equals("idc_b")) {
                assertThat(after[i]).isEqualTo(before[i]);
            } else {
                moved++;
                movedToSink += after[i].equals("BLACKHOLE") ? 1 : 0;
            }
        }
        double sinkShare = 100.0 * movedToSink / moved;
        assertThat(sinkShare).isBetween(100.0 * 10 / 55 - 3, 100.0 * 10 / 55 + 3);
    }

    @Test
    void negativeOrMissingWeightIsRejected() {
        assertThatThrownBy(() -> SubclusterBalancer.of(weights("idc_a", -1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("idc_a");
        assertThatThrownBy(() -> SubclusterBalancer.of(weights("idc_a", null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String name(SubclusterBalancer balancer, SubclusterChoice choice) {
        return switch (choice) {
            case Chosen(int index) -> balancer.names().get(index);
            case Blackhole b -> "BLACKHOLE";
            case NoneAvailable n -> "NONE";
        };
    }
}
