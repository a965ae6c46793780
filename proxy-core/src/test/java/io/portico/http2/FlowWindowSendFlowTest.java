package io.portico.http2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link SendFlow}: stream threads (virtual, here) waiting for credit that the connection thread grants. */
class FlowWindowSendFlowTest {

    private static CompletableFuture<Integer> acquireOnAVirtualThread(SendFlow flow, SendWindow stream, int max) {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                result.complete(flow.acquire(stream, max, 10, TimeUnit.SECONDS));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        return result;
    }

    private static void assertStillWaiting(CompletableFuture<?> f) {
        assertThatThrownBy(() -> f.get(50, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
    }

    @Test
    void acquireTakesFromTheStreamAndTheConnectionAtOnce() throws Exception {
        SendFlow flow = new SendFlow();
        SendWindow stream = flow.open(1, 1000);

        assertThat(flow.acquire(stream, 400, 0, TimeUnit.SECONDS)).isEqualTo(400);
        assertThat(flow.acquire(stream, 5000, 0, TimeUnit.SECONDS)).isEqualTo(600);
        assertThat(flow.available(stream)).isZero();
        assertThat(flow.connectionAvailable()).isEqualTo(65_535 - 1000);
    }

    @Test
    void acquireIsLimitedByTheSmallerOfTheTwoWindows() throws Exception {
        SendFlow flow = new SendFlow(100);
        SendWindow stream = flow.open(1, 65_535);

        assertThat(flow.acquire(stream, 16_384, 0, TimeUnit.SECONDS)).isEqualTo(100);
        assertThat(flow.available(stream)).isEqualTo(65_435);
    }

    @Test
    void acquireReturnsZeroWhenTheTimeoutPassesWithoutCredit() throws Exception {
        SendFlow flow = new SendFlow();
        SendWindow stream = flow.open(1, 0);

        assertThat(flow.acquire(stream, 10, 20, TimeUnit.MILLISECONDS)).isZero();
    }

    @Test
    void aWaitingStreamWakesWhenItsWindowIsUpdated() throws Exception {
        SendFlow flow = new SendFlow();
        SendWindow stream = flow.open(1, 0);
        CompletableFuture<Integer> granted = acquireOnAVirtualThread(flow, stream, 16_384);
        assertStillWaiting(granted);

        flow.expand(stream, 500);

        assertThat(granted.get(5, TimeUnit.SECONDS)).isEqualTo(500);
    }

    @Test
    void aWaitingStreamWakesWhenTheConnectionWindowIsUpdated() throws Exception {
        SendFlow flow = new SendFlow(0);
        SendWindow stream = flow.open(1, 65_535);
        CompletableFuture<Integer> granted = acquireOnAVirtualThread(flow, stream, 16_384);
        assertStillWaiting(granted);

        flow.expand(null, 1_000_000);

        assertThat(granted.get(5, TimeUnit.SECONDS)).isEqualTo(16_384);
        assertThat(flow.connectionAvailable()).isEqualTo(1_000_000 - 16_384);
    }

    @Test
    void aStreamWithANegativeWindowWaitsUntilUpdatesBringItAboveZero() throws Exception {
        SendFlow flow = new SendFlow();
        SendWindow stream = flow.open(1, 100);
        flow.adjust(List.of(stream), -300);
        CompletableFuture<Integer> granted = acquireOnAVirtualThread(flow, stream, 1000);

        flow.expand(stream, 200);
        assertStillWaiting(granted);
        flow.expand(stream, 50);

        assertThat(granted.get(5, TimeUnit.SECONDS)).isEqualTo(50);
    }

    @Test
    void aSettingsGrowthWakesEveryWaitingStream() throws Exception {
        SendFlow flow = new SendFlow();
        SendWindow a = flow.open(1, 0);
        SendWindow b = flow.open(3, 0);
        CompletableFuture<Integer> grantedA = acquireOnAVirtualThread(flow, a, 1000);
        CompletableFuture<Integer> grantedB = acquireOnAVirtualThread(flow, b, 1000);
        assertStillWaiting(grantedA);

        flow.adjust(List.of(a, b), 1000);

        assertThat(grantedA.get(5, TimeUnit.SECONDS)).isEqualTo(1000);
        assertThat(grantedB.get(5, TimeUnit.SECONDS)).isEqualTo(1000);
    }

    @Test
    void aResetStreamsWaiterGetsAnIoExceptionAndOthersWaitOn() throws Exception {
        SendFlow flow = new SendFlow();
        SendWindow reset = flow.open(1, 0);
        SendWindow other = flow.open(3, 0);
        CompletableFuture<Integer> waiter = acquireOnAVirtualThread(flow, reset, 10);
        CompletableFuture<Integer> otherWaiter = acquireOnAVirtualThread(flow, other, 10);
        assertStillWaiting(waiter);

        flow.close(reset);

        assertThatThrownBy(() -> waiter.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(IOException.class).hasMessageContaining("stream 1");
        assertStillWaiting(otherWaiter);
        flow.closeAll();
        assertThatThrownBy(() -> otherWaiter.get(5, TimeUnit.SECONDS)).cause().isInstanceOf(IOException.class);
        assertThatThrownBy(() -> flow.acquire(flow.open(5, 100), 1, 0, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
    }

    @Test
    void anUpdateThatOverflowsAStreamWindowIsAStreamErrorAndLeavesTheOthersAlone() {
        SendFlow flow = new SendFlow();
        SendWindow stream = flow.open(1, Integer.MAX_VALUE);

        Wire.assertStreamError(() -> flow.expand(stream, 1), ErrorCode.FLOW_CONTROL_ERROR, 1);
        Wire.assertConnectionError(() -> flow.expand(null, Integer.MAX_VALUE), ErrorCode.FLOW_CONTROL_ERROR, 0);
        Wire.assertConnectionError(() -> flow.adjust(List.of(stream), 1), ErrorCode.FLOW_CONTROL_ERROR, 1);
    }

    @Test
    void manyStreamsSharingTheConnectionWindowNeverTakeMoreThanItGrants() throws Exception {
        SendFlow flow = new SendFlow(0);
        AtomicInteger total = new AtomicInteger();
        int streams = 8;
        int perStream = 10_000;
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            SendWindow w = flow.open(2 * i + 1, perStream);
            threads.add(Thread.ofVirtual().start(() -> {
                int sent = 0;
                try {
                    while (sent < perStream) {
                        int n = flow.acquire(w, 1000, 10, TimeUnit.SECONDS);
                        assertThat(n).isPositive();
                        sent += n;
                        total.addAndGet(n);
                    }
                } catch (IOException | InterruptedException e) {
                    throw new AssertionError(e);
                }
            }));
        }
        for (int granted = 0; granted < streams * perStream; granted += 777) {
            flow.expand(null, Math.min(777, streams * perStream - granted));
            Thread.sleep(0, 1000);
        }
        for (Thread t : threads) {
            t.join(10_000);
        }

        assertThat(total.get()).isEqualTo(streams * perStream);
        assertThat(flow.connectionAvailable()).isZero();
    }
}
