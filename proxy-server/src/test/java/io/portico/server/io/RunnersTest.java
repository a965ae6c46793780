package io.portico.server.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.server.Wait;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RunnersTest {

    private static Thread runAndWait(Runners runners, String name) throws Exception {
        CompletableFuture<Thread> ran = new CompletableFuture<>();
        runners.run(name, () -> ran.complete(Thread.currentThread()));
        Thread t = ran.get(5, TimeUnit.SECONDS);
        assertThat(t.isVirtual()).isTrue();
        return t;
    }

    /** A task that counts {@code started} down, then holds its thread until {@code release}. */
    private static Runnable holdUntil(CountDownLatch started, CountDownLatch release) {
        return () -> {
            started.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    private static void awaitSpares(Runners runners, int n) {
        Wait.untilEquals(runners::spare, n, "parked spares");
    }

    @Test
    void aThreadThatFinishedItsTaskParksAndRunsTheNextOneUnderTheNextName() throws Exception {
        Runners runners = new Runners(4, TimeUnit.SECONDS.toNanos(60));
        Thread first = runAndWait(runners, "conn-1");
        awaitSpares(runners, 1);
        assertThat(first.getName()).isEqualTo("spare");

        CompletableFuture<String> name = new CompletableFuture<>();
        runners.run("conn-2", () -> name.complete(Thread.currentThread().getName()));

        assertThat(name.get(5, TimeUnit.SECONDS)).isEqualTo("conn-2");
        awaitSpares(runners, 1);
        assertThat(runAndWait(runners, "conn-3")).isSameAs(first);
    }

    @Test
    void noMoreThanTheMaximumOfThreadsStayParked() throws Exception {
        Runners runners = new Runners(2, TimeUnit.SECONDS.toNanos(60));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch started = new CountDownLatch(5);
        List<Thread> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 5; i++) {
            Runnable hold = holdUntil(started, release);
            runners.run("busy-" + i, () -> {
                threads.add(Thread.currentThread());
                hold.run();
            });
        }
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        release.countDown();

        // Every thread either parks among the spares or ends: wait for all five to have done so.
        Wait.until(() -> threads.stream().filter(Thread::isAlive).count() == runners.spare()
                && runners.spare() + threads.stream().filter(t -> !t.isAlive()).count() == 5, "all five to park or end");
        assertThat(runners.spare()).isEqualTo(2);
        assertThat(threads).filteredOn(Thread::isAlive).hasSize(2);
    }

    @Test
    void aTaskThatThrowsDoesNotCostTheThread() throws Exception {
        Runners runners = new Runners(4, TimeUnit.SECONDS.toNanos(60));
        Thread first = runAndWait(runners, "a");
        awaitSpares(runners, 1);
        runners.run("b", () -> {
            throw new IllegalStateException("a module bug past every barrier");
        });
        awaitSpares(runners, 1);

        assertThat(runAndWait(runners, "c")).isSameAs(first);
    }

    @Test
    void sparesParkedLongerThanTheirTimeEnd() throws Exception {
        Runners runners = new Runners(4, TimeUnit.MILLISECONDS.toNanos(50));
        Thread first = runAndWait(runners, "a");
        awaitSpares(runners, 1);

        first.join(5_000);

        assertThat(first.isAlive()).isFalse();
        assertThat(runners.spare()).isZero();
        assertThat(runAndWait(runners, "b")).isNotSameAs(first);
    }

    @Test
    void aStartedThreadCountsAsStartingUntilItRuns() throws Exception {
        Runners runners = new Runners(4, TimeUnit.SECONDS.toNanos(60));
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (CarriersHeld held = CarriersHeld.all()) {
            runners.run("a", holdUntil(running, release)); // no spare: a thread is started, and no carrier can run it
            assertThat(running.getCount()).isOne();
            assertThat(runners.startsPending()).isTrue();
        }
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(runners.startsPending()).as("running its task, the thread no longer counts as starting").isFalse();
        release.countDown();
        awaitSpares(runners, 1);
        runners.run("b", () -> { });
        assertThat(runners.startsPending()).isFalse(); // a spare was handed the task: nothing started
    }

    /**
     * Virtual threads that spin, one per carrier of the default scheduler, so that a virtual
     * thread started meanwhile stays queued: virtual threads are not preempted, and a spinning
     * one neither parks nor blocks (so the scheduler adds no carrier). Closing releases them.
     */
    private static final class CarriersHeld implements AutoCloseable {
        private final java.util.concurrent.atomic.AtomicBoolean release = new java.util.concurrent.atomic.AtomicBoolean();
        private final List<Thread> spinners = new ArrayList<>();

        static CarriersHeld all() throws InterruptedException {
            int carriers = Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
                    Runtime.getRuntime().availableProcessors());
            CarriersHeld held = new CarriersHeld();
            CountDownLatch spinning = new CountDownLatch(carriers);
            for (int i = 0; i < carriers; i++) {
                held.spinners.add(Thread.ofVirtual().name("carrier-holder-" + i).start(() -> {
                    spinning.countDown();
                    while (!held.release.get()) {
                        Thread.onSpinWait();
                    }
                }));
            }
            assertThat(spinning.await(5, TimeUnit.SECONDS)).as("every carrier held").isTrue();
            return held;
        }

        @Override
        public void close() throws InterruptedException {
            release.set(true);
            for (Thread t : spinners) {
                t.join(5_000);
            }
        }
    }
}
