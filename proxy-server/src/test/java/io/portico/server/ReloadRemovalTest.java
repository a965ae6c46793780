package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.server.upstream.Instance;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A reload that removes an instance while requests use its connections: they finish, and each
 * connection closes as it comes back instead of going into a pool nobody uses any more (where it
 * would stay open for good, in CLOSE_WAIT once the backend gave up on it).
 */
class ReloadRemovalTest {
    private static final int CLIENTS = 4;
    private static final int REQUESTS_EACH = 30;

    private TestBackend removed;
    private TestBackend kept;
    private TestProxy proxy;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (removed != null) {
            removed.close();
        }
        if (kept != null) {
            kept.close();
        }
    }

    private static TestBackend slow(String text) throws IOException {
        return TestBackend.start((req, s, out) -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            TestBackend.ok(out, text);
        });
    }

    @Test
    void connectionsToAnInstanceReloadedAwayUnderLoadCloseAsTheirRequestsEnd() throws Exception {
        removed = slow("removed");
        kept = slow("kept");
        proxy = TestProxy.start(TestProxy.oneCluster("", removed, kept));
        Instance keptBefore = proxy.server().upstreams().all().get("web/dc1/" + kept.address());

        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> running = new java.util.ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            running.add(clients.submit(() -> {
                for (int i = 0; i < REQUESTS_EACH; i++) {
                    try {
                        (proxy.get("/").statusCode() == 200 ? ok : failed).incrementAndGet();
                    } catch (IOException | InterruptedException e) {
                        failed.incrementAndGet();
                    }
                }
            }));
        }
        Wait.until(() -> removed.received().size() >= 10 && removed.openConnections() >= 2,
                "requests in flight on the instance about to go");
        proxy.rewrite(TestProxy.oneCluster("", kept));
        proxy.server().reload();
        int atReload = removed.received().size();
        for (Future<?> f : running) {
            f.get(30, TimeUnit.SECONDS);
        }
        clients.shutdown();

        assertThat(failed.get()).isZero();
        assertThat(ok.get()).isEqualTo(CLIENTS * REQUESTS_EACH);
        Wait.until(() -> removed.openConnections() == 0 && proxySockets(removed.port()) == 0, Duration.ofSeconds(1),
                "no connection left to the removed instance");
        assertThat(removed.received().size()).as("no new request after the reload's requests drained")
                .isLessThanOrEqualTo(atReload + CLIENTS);

        // The instance that stays keeps its state and its pooled connections.
        assertThat(proxy.server().upstreams().all().get("web/dc1/" + kept.address())).isSameAs(keptBefore);
        assertThat(keptBefore.pool().idleConnections()).isPositive();
        assertThat(kept.openConnections()).isEqualTo(keptBefore.pool().openConnections());
        int keptConnections = kept.connections();
        assertThat(proxy.get("/").body()).isEqualTo("kept");
        assertThat(kept.connections()).as("a pooled connection is reused").isEqualTo(keptConnections);
    }

    /**
     * Open TCP sockets on loopback whose remote port is {@code port} (the proxy's side of its
     * connections to the backend): ESTABLISHED or CLOSE_WAIT in /proc/net/tcp; 0 where there is no /proc.
     */
    private static int proxySockets(int port) {
        Path tcp = Path.of("/proc/net/tcp");
        if (!Files.isReadable(tcp)) {
            return 0;
        }
        String remote = String.format(Locale.ROOT, "0100007F:%04X", port);
        try {
            int n = 0;
            for (String line : Files.readAllLines(tcp)) {
                String[] f = line.trim().split("\\s+");
                if (f.length > 3 && f[2].equals(remote) && (f[3].equals("01") || f[3].equals("08"))) {
                    n++;
                }
            }
            return n;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
