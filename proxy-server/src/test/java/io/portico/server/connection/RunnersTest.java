package io.portico.server.connection;

import static org.assertj.core.api.Assertions.assertThat;

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

    private static void awaitSpares(Runners runners, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (runners.spare() != n && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        assertThat(runners.spare()).isEqualTo(n);
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
        for (int i = 0; i < 5; i++) {
            runners.run("busy-" + i, holdUntil(started, release));
        }
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        release.countDown();

        awaitSpares(runners, 2);
        Thread.sleep(50);
        assertThat(runners.spare()).isEqualTo(2);
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
        runners.run("a", holdUntil(running, release));
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(runners.startsPending()).isFalse();
        release.countDown();
        awaitSpares(runners, 1);
        runners.run("b", () -> { });
        assertThat(runners.startsPending()).isFalse(); // a spare was handed the task: nothing started
    }
}
