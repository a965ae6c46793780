package io.portico.balance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConsistentHashTest {
    private static final int KEYS = 100_000;

    private static ConsistentHash<FakeEndpoint> ring(List<FakeEndpoint> endpoints) {
        return ConsistentHash.of(endpoints, e -> e.name);
    }

    private static long key(int i) {
        return Hashing.hash64("user-" + i);
    }

    private static String[] assign(ConsistentHash<FakeEndpoint> ring) {
        String[] owners = new String[KEYS];
        for (int i = 0; i < KEYS; i++) {
            owners[i] = ring.pick(key(i)).orElseThrow().name;
        }
        return owners;
    }

    @Test
    void aKeyMapsToTheSameEndpointAcrossRebuildsInAnyOrder() {
        List<FakeEndpoint> endpoints = FakeEndpoint.many(10, 1);
        String[] first = assign(ring(endpoints));
        List<FakeEndpoint> reordered = new ArrayList<>(FakeEndpoint.many(10, 1));
        Collections.shuffle(reordered, new Random(3));
        assertThat(assign(ring(reordered))).isEqualTo(first);
        assertThat(ring(endpoints).pick(key(7)).orElseThrow().name).isEqualTo(first[7]);
    }

    @Test
    void keysSpreadInProportionToWeight() {
        List<FakeEndpoint> endpoints = FakeEndpoint.of(1, 2, 3, 4);
        String[] owners = assign(ring(endpoints));
        for (FakeEndpoint e : endpoints) {
            long count = Arrays.stream(owners).filter(e.name::equals).count();
            double share = (double) count / KEYS;
            System.out.printf("ring weight %d: share %.4f (ideal %.2f)%n", e.weight, share, e.weight / 10.0);
            assertThat(share).as(e.name).isBetween(e.weight / 10.0 * 0.85, e.weight / 10.0 * 1.15);
        }
    }

    @Test
    void reweightingOneOfTenMovesAboutItsShareAndOnlyToIt() {
        List<FakeEndpoint> endpoints = FakeEndpoint.many(10, 1);
        String[] before = assign(ring(endpoints));
        FakeEndpoint changed = endpoints.get(3);
        changed.weight = 2;
        String[] after = assign(ring(endpoints));
        int moved = 0;
        for (int i = 0; i < KEYS; i++) {
            if (!before[i].equals(after[i])) {
                moved++;
                assertThat(after[i]).isEqualTo(changed.name);
            }
        }
        double fraction = (double) moved / KEYS;
        double share = 2.0 / 11 - 1.0 / 10;
        System.out.printf("ring reweight 1 -> 2 of 10: moved %.4f of keys (its share change %.4f)%n", fraction, share);
        assertThat(fraction).isGreaterThan(0.5 * share).isLessThan(1.5 * share);
    }

    @Test
    void removingOneOfTenMovesAboutATenthAndOnlyItsKeys() {
        List<FakeEndpoint> endpoints = FakeEndpoint.many(10, 1);
        String[] before = assign(ring(endpoints));
        FakeEndpoint removed = endpoints.remove(6);
        String[] after = assign(ring(endpoints));
        int moved = 0;
        for (int i = 0; i < KEYS; i++) {
            if (!before[i].equals(after[i])) {
                moved++;
                assertThat(before[i]).isEqualTo(removed.name);
            }
        }
        double fraction = (double) moved / KEYS;
        System.out.printf("ring remove 1 of 10: moved %.4f of keys (its share 0.1)%n", fraction);
        assertThat(fraction).isGreaterThan(0.05).isLessThan(0.15);
    }

    @Test
    void unavailableOrDrainedTargetFallsBackAndOtherKeysStay() {
        List<FakeEndpoint> endpoints = FakeEndpoint.many(10, 1);
        var ring = ring(endpoints);
        String[] before = assign(ring);
        FakeEndpoint down = endpoints.get(4);
        down.available = false;
        endpoints.get(5).weight = 0;
        String[] after = assign(ring);
        String drained = endpoints.get(5).name;
        int wrong = 0;
        for (int i = 0; i < KEYS; i++) {
            boolean wasOnOthers = !before[i].equals(down.name) && !before[i].equals(drained);
            if (after[i].equals(down.name) || after[i].equals(drained) || wasOnOthers && !after[i].equals(before[i])) {
                wrong++;
            }
        }
        assertThat(wrong).isZero();
        assertThat(assign(ring)).isEqualTo(after);
        down.available = true;
        endpoints.get(5).weight = 1;
        assertThat(assign(ring)).isEqualTo(before);
    }

    @Test
    void retryExcludesTheTriedEndpointConsistently() {
        List<FakeEndpoint> endpoints = FakeEndpoint.many(10, 1);
        var ring = ring(endpoints);
        for (int i = 0; i < 1_000; i++) {
            FakeEndpoint first = ring.pick(key(i)).orElseThrow();
            FakeEndpoint second = ring.pick(key(i), e -> e == first).orElseThrow();
            assertThat(second).isNotSameAs(first);
            assertThat(ring.pick(key(i), e -> e == first).orElseThrow()).isSameAs(second);
        }
    }

    @Test
    void anyAvailableEndpointIsFoundEvenWhenTheRingWalkIsLong() {
        List<FakeEndpoint> endpoints = FakeEndpoint.many(200, 1);
        endpoints.forEach(e -> e.available = false);
        FakeEndpoint last = endpoints.get(137);
        last.available = true;
        var ring = ring(endpoints);
        for (int i = 0; i < 1_000; i++) {
            assertThat(ring.pick(key(i)).orElseThrow()).isSameAs(last);
        }
        last.available = false;
        assertThat(ring.pick(key(1))).isEmpty();
        assertThat(ring(List.of()).pick(key(1))).isEmpty();
    }

    @Test
    void pointsAreBoundedForLargeWeights() {
        var ring = ring(FakeEndpoint.many(1_000, 10));
        assertThat(ring.pointCount()).isBetween(ConsistentHash.MAX_POINTS - 1_000, ConsistentHash.MAX_POINTS + 1_000);
        assertThat(ring(FakeEndpoint.of(1, 2, 0)).pointCount()).isEqualTo(3 * ConsistentHash.POINTS_PER_WEIGHT);
    }

    @Test
    void bucketedLookupFindsTheFirstPointAtOrAfterTheHash() {
        for (List<FakeEndpoint> endpoints : List.of(FakeEndpoint.of(1), FakeEndpoint.many(10, 1), FakeEndpoint.many(700, 3))) {
            var ring = ring(endpoints);
            int n = ring.pointCount();
            SplittableRandom random = new SplittableRandom(5);
            for (int i = 0; i < 5_000; i++) {
                long h = i < 3 ? new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 0}[i] : random.nextLong();
                int p = ring.ceiling(h);
                boolean wrapped = p == 0 && ring.position(n - 1) < h;
                assertThat(wrapped || ring.position(p) >= h).isTrue();
                assertThat(p == 0 || ring.position(p - 1) < h).isTrue();
            }
        }
    }

    @Test
    void duplicateIdentitiesAreRejected() {
        List<FakeEndpoint> endpoints = List.of(new FakeEndpoint("10.0.0.1:80", 1), new FakeEndpoint("10.0.0.1:80", 2));
        assertThatThrownBy(() -> ring(endpoints)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10.0.0.1:80");
    }
}
