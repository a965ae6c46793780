package io.portico.server.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.server.Wait;
import io.portico.server.io.BufferPool;
import io.portico.server.metrics.ServerMetrics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Upstreams across a reload: what a new snapshot asks for again ({@link Upstreams#instance})
 * keeps its health, pool and counters; what {@link Upstreams#retain} leaves out is forgotten
 * and its connections closed, idle ones at once and busy ones when they come back.
 */
class UpstreamsTest {
    private static final InstancePool.PoolSettings POOL = new InstancePool.PoolSettings(8, 0, TimeUnit.SECONDS.toNanos(60));

    private ServerSocket backend;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    private Upstreams upstreams;

    @BeforeEach
    void start() throws IOException {
        backend = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    accepted.add(backend.accept());
                }
            } catch (IOException e) {
                // closed
            }
        });
        upstreams = new Upstreams(new BufferPool(1024, 16), new ServerMetrics());
    }

    @AfterEach
    void stop() throws IOException {
        upstreams.close();
        backend.close();
        for (Socket s : accepted) {
            s.close();
        }
    }

    private Instance instance(String subcluster) {
        return upstreams.instance("web", subcluster, "127.0.0.1", backend.getLocalPort(), 1, POOL);
    }

    private static String key(String subcluster, int port) {
        return "web/" + subcluster + "/127.0.0.1:" + port;
    }

    /** The backend's side of a connection the proxy closed reads the end of the stream. */
    private static boolean closedByProxy(Socket s) throws IOException {
        s.setSoTimeout(5_000);
        return s.getInputStream().read() == -1;
    }

    @Test
    void anInstanceThatStaysKeepsItsHealthPoolAndCounters() throws Exception {
        Instance before = instance("dc1");
        BackendConnection c = before.pool().borrow(1000, false);
        c.release(true);
        before.available(false);
        before.requestStarted();
        ClusterStats stats = upstreams.stats("web");
        stats.record(200, 1_000_000);

        // The reload: the new snapshot asks for the same instance (a new weight), then retains what it uses.
        Instance after = upstreams.instance("web", "dc1", "127.0.0.1", backend.getLocalPort(), 3, POOL);
        upstreams.retain(Set.of(key("dc1", backend.getLocalPort())));

        assertThat(after).isSameAs(before);
        assertThat(after.weight()).isEqualTo(3);
        assertThat(after.available()).isFalse();
        assertThat(after.inFlight()).isEqualTo(1);
        assertThat(after.pool().idleConnections()).isEqualTo(1);
        assertThat(after.pool().borrow(1000, false)).isSameAs(c); // the pooled connection is reused
        assertThat(upstreams.stats("web")).isSameAs(stats);
        assertThat(stats.responses(2)).isEqualTo(1);
        Wait.untilEquals(accepted::size, 1, "backend connections (one, reused)"); // the accept loop records it on its own thread
    }

    @Test
    void anInstanceThatGoesIsForgottenAndItsIdleConnectionsClosed() throws Exception {
        Instance gone = instance("dc1");
        Instance stays = instance("dc2");
        gone.pool().borrow(1000, false).release(true);
        stays.pool().borrow(1000, false).release(true);
        Wait.untilEquals(accepted::size, 2, "two backend connections");

        upstreams.retain(Set.of(key("dc2", backend.getLocalPort())));

        assertThat(upstreams.all()).containsOnlyKeys(key("dc2", backend.getLocalPort()));
        assertThat(gone.pool().openConnections()).isZero();
        assertThat(stays.pool().openConnections()).isEqualTo(1);
        assertThat(closedByProxy(accepted.get(0))).isTrue();
        // Asked for again later, it is a new instance: nothing of the old one carries over.
        assertThat(instance("dc1")).isNotSameAs(gone);
    }

    @Test
    void aConnectionBusyWhileItsInstanceGoesIsClosedWhenItComesBack() throws Exception {
        Instance gone = instance("dc1");
        BackendConnection busy = gone.pool().borrow(1000, false);
        Wait.untilEquals(accepted::size, 1, "the backend connection");

        upstreams.retain(Set.of());
        busy.release(true); // the request it served ends after the reload

        assertThat(gone.pool().idleConnections()).isZero();
        assertThat(gone.pool().openConnections()).as("no sweeper looks at a forgotten instance: pooled, it would leak").isZero();
        assertThat(gone.pool().idleConnections()).isZero();
        assertThat(closedByProxy(accepted.get(0))).isTrue();
    }
}
