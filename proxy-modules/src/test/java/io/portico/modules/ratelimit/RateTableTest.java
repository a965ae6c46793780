package io.portico.modules.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.module.Counter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateTableTest {
    private static final long S = 1_000_000_000L;

    @Test
    void requestsUpToTheThresholdPassAndTheNextIsJailedForTheStay() {
        RateTable t = new RateTable(3, S, 10 * S, 100);
        assertThat(t.hit("a", 0)).isZero();
        assertThat(t.hit("a", 1)).isZero();
        assertThat(t.hit("a", 2)).isZero();
        assertThat(t.hit("a", 3)).isEqualTo(10 * S);
        assertThat(t.hit("b", 4)).as("other keys are counted apart").isZero();
    }

    @Test
    void aJailedKeyIsRefusedUntilTheStayEndsThenStartsAfresh() {
        RateTable t = new RateTable(1, S, 5 * S, 100);
        t.hit("a", 0);
        assertThat(t.hit("a", 100)).isEqualTo(5 * S);
        assertThat(t.hit("a", 2 * S)).isEqualTo(5 * S + 100 - 2 * S);
        assertThat(t.hit("a", 5 * S + 99)).isEqualTo(1);
        assertThat(t.hit("a", 5 * S + 100)).as("released: a fresh window").isZero();
        assertThat(t.hit("a", 5 * S + 101)).as("and the second request of it is over the threshold again").isPositive();
    }

    @Test
    void refusedRequestsDoNotExtendTheStay() {
        RateTable t = new RateTable(1, S, 3 * S, 100);
        t.hit("a", 0);
        t.hit("a", 0);
        for (long now = 1; now < 3 * S; now += S / 2) {
            assertThat(t.hit("a", now)).isEqualTo(3 * S - now);
        }
        assertThat(t.hit("a", 3 * S)).isZero();
    }

    @Test
    void theCountResetsWhenThePeriodEnds() {
        RateTable t = new RateTable(2, S, 60 * S, 100);
        assertThat(t.hit("a", 0)).isZero();
        assertThat(t.hit("a", S - 1)).isZero();
        assertThat(t.hit("a", S)).as("a new window").isZero();
        assertThat(t.hit("a", S + 1)).isZero();
        assertThat(t.hit("a", S + 2)).isPositive();
    }

    @Test
    void memoryStaysBoundedWithManyKeysAndTheLeastRecentlySeenAreForgotten() {
        Tally evicted = new Tally();
        RateTable t = new RateTable(1, 60 * S, 60 * S, 1000, evicted, new Tally());
        assertThat(t.capacity()).isLessThanOrEqualTo(1000);
        t.hit("hot", 0);
        assertThat(t.hit("hot", 1)).as("hot is jailed").isPositive();
        for (int i = 0; i < 200_000; i++) {
            t.hit("k" + i, 2 + i);
        }
        assertThat(t.size()).isLessThanOrEqualTo(1000).isGreaterThan(900);
        assertThat(evicted.value()).isGreaterThan(198_000);
        assertThat(t.hit("hot", 300_000)).as("a flood of other keys does not free a jailed key").isPositive();
        assertThat(t.hit("k0", 300_000)).as("k0 was forgotten, so it starts afresh").isZero();
    }

    @Test
    void aTinyTableStillHoldsAtLeastOneKey() {
        RateTable t = new RateTable(1, S, S, 1);
        t.hit("a", 0);
        assertThat(t.hit("a", 1)).isPositive();
        t.hit("b", 2);
        assertThat(t.size()).isEqualTo(1);
    }

    @Test
    void aTableFullOfJailedKeysRefusesNewKeysUntilTheFirstStayEnds() {
        Tally evicted = new Tally();
        Tally full = new Tally();
        RateTable t = new RateTable(1, 60 * S, 10 * S, 1, evicted, full);
        t.hit("a", 0);
        assertThat(t.hit("a", S)).as("a is jailed until 11 s").isEqualTo(10 * S);
        assertThat(t.hit("b", 2 * S)).as("no room: b waits for a's release").isEqualTo(9 * S);
        assertThat(t.hit("c", 3 * S)).isEqualTo(8 * S);
        assertThat(full.value()).isEqualTo(2);
        assertThat(evicted.value()).isZero();
        assertThat(t.hit("a", 5 * S)).as("a is still jailed").isEqualTo(6 * S);
        assertThat(t.hit("b", 11 * S)).as("a's stay is over: b takes its place").isZero();
        assertThat(t.hit("a", 11 * S)).as("b is counting, so a forgets b: a starts afresh").isZero();
        assertThat(evicted.value()).isEqualTo(1);
    }

    @Test
    void aCountingKeyIsEvictedBeforeAJailedOneHoweverLongAgoItWasSeen() {
        Tally evicted = new Tally();
        RateTable t = new RateTable(1, 60 * S, 10 * S, 128, evicted, new Tally()); // 64 stripes of 2 keys
        List<String> keys = sameStripe(3);
        String jailed = keys.get(0);
        String counting = keys.get(1);
        String newcomer = keys.get(2);
        t.hit(jailed, 0);
        assertThat(t.hit(jailed, 1)).isPositive();
        t.hit(counting, 2); // seen after the jailed key: an LRU over both would evict the jailed one
        assertThat(t.hit(newcomer, 3)).isZero();
        assertThat(evicted.value()).isEqualTo(1);
        assertThat(t.hit(jailed, 4)).as("still jailed").isPositive();
        assertThat(t.hit(counting, 5)).as("forgotten: a fresh window").isZero();
    }

    /** Keys that fall in one stripe of a 64-stripe table (the table's own spreading of hashCode). */
    private static List<String> sameStripe(int n) {
        List<String> out = new ArrayList<>();
        int stripe = -1;
        for (int i = 0; out.size() < n; i++) {
            String k = "key" + i;
            int h = k.hashCode();
            int s = (h ^ (h >>> 16) ^ (h >>> 7)) & 63;
            if (stripe < 0) {
                stripe = s;
            }
            if (s == stripe) {
                out.add(k);
            }
        }
        return out;
    }

    /** A Counter for tests. */
    static final class Tally implements Counter {
        private long n;

        @Override
        public void add(long delta) {
            n += delta;
        }

        @Override
        public long value() {
            return n;
        }
    }

    @Test
    void concurrentHitsOnOneKeyAreCountedExactly() throws Exception {
        RateTable t = new RateTable(1000, 3600 * S, 3600 * S, 100);
        AtomicLong passed = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                for (int j = 0; j < 500; j++) {
                    if (t.hit("shared", 1) == 0) {
                        passed.incrementAndGet();
                    }
                }
            }));
        }
        for (Thread th : threads) {
            th.join();
        }
        assertThat(passed.get()).isEqualTo(1000);
    }

    @Test
    void nonPositiveSettingsAreRejected() {
        assertThatThrownBy(() -> new RateTable(0, S, S, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateTable(1, S, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateTable(1, S, S, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
