package io.portico.server.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The I/O loop's two halves: the blocking platform thread only holds the selector while
 * nothing happens; whatever the loop runs (queued tasks, hence every wake-up) runs on the
 * polling virtual thread, so the threads it wakes join the carrier's own queue.
 */
class IoLoopTest {

    private static Thread runOn(IoLoop loop) throws Exception {
        CompletableFuture<Thread> ran = new CompletableFuture<>();
        loop.execute(() -> ran.complete(Thread.currentThread()));
        return ran.get(5, TimeUnit.SECONDS);
    }

    private static void assertPoller(Thread t) {
        assertThat(t.isVirtual()).as("%s is the virtual poller", t).isTrue();
        assertThat(t.getName()).matches("portico-io-\\d+");
    }

    @Test
    void aTaskQueuedWhileTheLoopIsQuietIsRunByThePollerNotTheBlockingThread() throws Exception {
        IoLoop loop = IoLoop.next();
        for (int i = 0; i < 20; i++) {
            // A quiet loop hands the selector to its blocking half after a few empty polls;
            // a pause far longer than that makes every task here find it blocking.
            Thread.sleep(30);
            assertPoller(runOn(loop));
        }
    }

    @Test
    void underAFloodOfTasksEachRunsOnceOnThePollerInTheOrderQueued() throws Exception {
        IoLoop loop = IoLoop.next();
        int producers = 4;
        int perProducer = 5_000;
        ConcurrentLinkedQueue<String> wrongThread = new ConcurrentLinkedQueue<>();
        List<List<Integer>> seen = new ArrayList<>();
        CountDownLatch all = new CountDownLatch(producers * perProducer);
        try (ExecutorService threads = Executors.newFixedThreadPool(producers)) {
            for (int p = 0; p < producers; p++) {
                List<Integer> mine = new ArrayList<>(); // written on the loop thread only
                seen.add(mine);
                threads.submit(() -> {
                    for (int i = 0; i < perProducer; i++) {
                        int n = i;
                        loop.execute(() -> {
                            Thread t = Thread.currentThread();
                            if (!t.isVirtual() || !t.getName().matches("portico-io-\\d+")) {
                                wrongThread.add(t.getName());
                            }
                            mine.add(n);
                            all.countDown();
                        });
                    }
                });
            }
            assertThat(all.await(30, TimeUnit.SECONDS)).isTrue();
        }
        CompletableFuture<Void> barrier = new CompletableFuture<>();
        loop.execute(() -> barrier.complete(null)); // the lists' last writes happen before this
        barrier.get(5, TimeUnit.SECONDS);
        assertThat(wrongThread).isEmpty();
        for (List<Integer> mine : seen) {
            assertThat(mine).hasSize(perProducer).isSorted();
        }
    }
}
