package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HeapReturnTest {
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger collections = new AtomicInteger();
    private final HeapReturn heap = new HeapReturn(open::get, collections::incrementAndGet);
    private long now = 1_000_000_000L;

    private boolean at(int connections, long afterSeconds) {
        now += TimeUnit.SECONDS.toNanos(afterSeconds);
        open.set(connections);
        return heap.sample(now);
    }

    @Test
    void collectsOnceWhenABurstHasFallenToHalfAndStayedThere() {
        at(100, 1);
        at(20_000, 1);
        assertThat(at(3_000, 1)).isFalse();
        assertThat(at(2_000, 5)).isFalse();
        assertThat(at(2_500, 5)).isTrue();
        assertThat(at(10, 1)).isFalse(); // the new peak is 2,500: a fall of less than 1,000
        assertThat(at(10, 30)).isFalse();
        assertThat(collections).hasValue(1);
    }

    @Test
    void aSmallFallOrARiseDoesNothing() {
        at(1_500, 1);
        assertThat(at(600, 20)).isFalse(); // a fall of 900: under the minimum
        at(10_000, 1);
        at(6_000, 20); // above half the peak
        assertThat(at(6_000, 20)).isFalse();
        assertThat(collections).hasValue(0);
    }

    @Test
    void theFallMustHoldForTheQuietPeriod() {
        at(10_000, 1);
        at(1_000, 1);
        at(1_000, 9);
        at(9_000, 0); // back up before the quiet period ended: starts again
        assertThat(at(1_000, 1)).isFalse();
        assertThat(at(1_000, 9)).isFalse();
        assertThat(at(1_000, 1)).isTrue();
    }

    @Test
    void atMostOnceAMinute() {
        at(10_000, 1);
        at(0, 1);
        assertThat(at(0, 10)).isTrue();
        at(5_000, 1);
        at(0, 1);
        assertThat(at(0, 10)).isFalse(); // 12 s after the first
        assertThat(at(0, 50)).isTrue();
        assertThat(collections).hasValue(2);
    }
}
