package io.portico.server.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.server.Wait;
import io.portico.server.io.BufferPool;
import io.portico.server.metrics.ServerMetrics;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The pool's limits, white-box: the connect-storm limiter and max_per_instance. */
class InstancePoolTest {
    private ServerSocket backend;
    /** Held so a GC cannot close them: the pool notices a backend's close and would rightly open anew. */
    private final java.util.List<java.net.Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
    private InstancePool pool;

    @BeforeEach
    void start() throws Exception {
        backend = new ServerSocket(0, 256, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    accepted.add(backend.accept());
                }
            } catch (Exception e) {
                // closed
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        backend.close();
        for (java.net.Socket s : accepted) {
            s.close();
        }
    }

    private InstancePool pool(int maxPerInstance) {
        return new InstancePool(new InetSocketAddress(InetAddress.getLoopbackAddress(), backend.getLocalPort()),
                new InstancePool.PoolSettings(8, maxPerInstance, TimeUnit.SECONDS.toNanos(60)),
                new BufferPool(2048, 16), new BufferPool(1024, 16), new ServerMetrics());
    }

    /** A borrow on its own thread, returned once that thread waits in the pool. */
    private CompletableFuture<BackendConnection> waitingBorrow() {
        CompletableFuture<BackendConnection> result = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                result.complete(pool.borrow(5000, false));
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        Wait.untilWaiting(t, "the borrow to wait");
        return result;
    }

    @Test
    void aBurstPastTheConnectLimitWaitsForAConnectionToComeBackInsteadOfOpeningMore() throws Exception {
        pool = pool(0);
        BackendConnection first = pool.borrow(1000, false);
        assertThat(pool.connectingPermits().tryAcquire(InstancePool.MAX_CONNECTING)).isTrue();
        CompletableFuture<BackendConnection> waiting = waitingBorrow();
        assertThat(waiting).isNotDone();
        first.release(true);
        assertThat(waiting.get(2, TimeUnit.SECONDS)).isSameAs(first);
        assertThat(pool.openConnections()).isEqualTo(1);
    }

    @Test
    void aBurstPastTheConnectLimitGivesUpAfterItsWait() throws Exception {
        pool = pool(0);
        assertThat(pool.connectingPermits().tryAcquire(InstancePool.MAX_CONNECTING)).isTrue();
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> pool.borrow(200, false))
                .isInstanceOf(InstancePool.PoolExhaustedException.class).hasMessageContaining("already in progress");
        assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(150L, 2000L);
        assertThat(pool.openConnections()).isZero();
    }

    @Test
    void maxPerInstanceHandsAReturnedConnectionToTheNextWaiter() throws Exception {
        pool = pool(1);
        BackendConnection only = pool.borrow(1000, false);
        CompletableFuture<BackendConnection> waiting = waitingBorrow();
        assertThat(waiting).isNotDone();
        only.release(true);
        assertThat(waiting.get(2, TimeUnit.SECONDS)).isSameAs(only);
        assertThatThrownBy(() -> pool.borrow(100, false))
                .isInstanceOf(InstancePool.PoolExhaustedException.class).hasMessageContaining("max_per_instance");
    }
}
