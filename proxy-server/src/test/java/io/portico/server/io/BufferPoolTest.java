package io.portico.server.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BufferPoolTest {

    @Test
    void anEmptyPoolHandsOutFreshArraysOfItsSize() {
        BufferPool pool = new BufferPool(128, 4);
        byte[] a = pool.take();
        byte[] b = pool.take();
        assertThat(a).hasSize(128);
        assertThat(b).hasSize(128).isNotSameAs(a);
        assertThat(pool.bufferSize()).isEqualTo(128);
    }

    @Test
    void theArrayGivenBackLastIsHandedOutFirst() {
        BufferPool pool = new BufferPool(16, 4);
        byte[] a = pool.take();
        byte[] b = pool.take();
        pool.give(a);
        pool.give(b);
        assertThat(pool.take()).isSameAs(b);
        assertThat(pool.take()).isSameAs(a);
        assertThat(pool.take()).isNotSameAs(a).isNotSameAs(b);
    }

    @Test
    void noMoreThanMaxPooledArraysAreKept() {
        BufferPool pool = new BufferPool(16, 2);
        List<byte[]> given = List.of(pool.take(), pool.take(), pool.take());
        given.forEach(pool::give);
        byte[] first = pool.take();
        byte[] second = pool.take();
        byte[] third = pool.take();
        assertThat(first).isSameAs(given.get(1)); // the third was dropped: two kept, last in first out
        assertThat(second).isSameAs(given.get(0));
        assertThat(given).noneMatch(g -> g == third); // arrays compare by identity here
        // Dropping one did not leak a slot: two are kept again.
        pool.give(first);
        pool.give(second);
        pool.give(third);
        assertThat(pool.take()).isSameAs(second);
        assertThat(pool.take()).isSameAs(first);
    }

    @Test
    void arraysOfAnotherSizeAndNullAreNotTaken() {
        BufferPool pool = new BufferPool(16, 4);
        pool.give(new byte[15]);
        pool.give(null);
        byte[] a = pool.take();
        assertThat(a).hasSize(16);
        pool.give(a);
        assertThat(pool.take()).isSameAs(a);
    }

    @Test
    void concurrentTakesNeverHandOutOneArrayTwice() throws Exception {
        BufferPool pool = new BufferPool(8, 64);
        List<byte[]> seed = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            seed.add(pool.take());
        }
        seed.forEach(pool::give);
        Set<byte[]> out = ConcurrentHashMap.newKeySet();
        CountDownLatch go = new CountDownLatch(1);
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                done.add(threads.submit(() -> {
                    go.await();
                    for (int i = 0; i < 16; i++) {
                        out.add(pool.take());
                    }
                    return null;
                }));
            }
            go.countDown();
            for (var f : done) {
                f.get(10, TimeUnit.SECONDS);
            }
        }
        // 64 takes from 64 pooled arrays: all distinct, and all of them the pooled ones.
        assertThat(out).hasSize(64); // an identity set: byte[] does not override equals
        assertThat(seed).allMatch(out::contains);
    }

    @Test
    void aTrimDropsTheSparesNoTakeNeededSinceTheLastOneOldestFirst() {
        BufferPool pool = new BufferPool(16, 64);
        List<byte[]> burst = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            burst.add(pool.take());
        }
        burst.forEach(pool::give); // the burst's high-water mark: 10 spares
        assertThat(pool.trim()).isZero(); // the burst emptied the pool during this period
        byte[] a = pool.take(); // a quiet period: two in use at most, eight never needed
        byte[] b = pool.take();
        pool.give(b);
        pool.give(a);
        assertThat(pool.trim()).isEqualTo(8);
        assertThat(pool.pooled()).isEqualTo(2);
        assertThat(pool.take()).isSameAs(a); // the recently used ones stay, the last given first
        assertThat(pool.take()).isSameAs(b);
        assertThat(pool.pooled()).isZero();
    }

    /** A pool of {@code size}-byte buffers holding {@code spares} given back after a burst. */
    private static BufferPool afterABurst(int size, int spares) {
        BufferPool pool = new BufferPool(size, 64);
        List<byte[]> burst = new ArrayList<>();
        for (int i = 0; i < spares; i++) {
            burst.add(pool.take());
        }
        burst.forEach(pool::give);
        return pool;
    }

    @Test
    void anUnusedPoolEmptiesWithinTwoTrims() {
        BufferPool pool = afterABurst(16, 5);
        pool.trim();
        assertThat(pool.trim()).isEqualTo(5);
        assertThat(pool.pooled()).isZero();
        assertThat(pool.trim()).isZero();
    }

    @Test
    void droppingAllSparesEmptiesThePoolAndCountsTheBytes() {
        BufferPool pool = afterABurst(1024, 5);
        assertThat(SparePool.dropAllSpares()).isGreaterThanOrEqualTo(5 * 1024L);
        assertThat(pool.pooled()).isZero();
        assertThat(pool.take()).hasSize(1024);
    }
}
