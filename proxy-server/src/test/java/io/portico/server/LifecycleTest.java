package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.server.metrics.ServerMetrics;
import io.portico.testing.RawResponse;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

class LifecycleTest {
    private TestBackend backend;
    private TestProxy proxy;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        backend.close();
    }

    @Test
    void connectionsPastMaxConnectionsAreRefused() throws Exception {
        backend = TestBackend.answering("x");
        proxy = TestProxy.start("[server.limits]\nmax_connections = 2\n" + TestProxy.oneCluster("", backend));
        try (Socket a = proxy.socket(); Socket b = proxy.socket()) {
            a.getOutputStream().write("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            b.getOutputStream().write("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            RawResponse.read(a.getInputStream());
            RawResponse.read(b.getInputStream());
            try (Socket c = proxy.socket()) {
                assertThat(c.getInputStream().read()).isEqualTo(-1);
            }
            assertThat(proxy.server().metrics().connectionsRefused.sum()).isEqualTo(1);
        }
        // Once the first two closed, a new connection is served again.
        Wait.untilEquals(proxy.server().metrics().connectionsOpen::get, 0, "open connections");
        assertThat(proxy.get("/").statusCode()).isEqualTo(200);
    }

    @Test
    @Tag("heavy") // 1,600 connections
    void clientsThatResetTheirConnectionsRightAfterTheRequestLeaveNothingBehind() throws Exception {
        // The churn of the harness's connection-per-request case, with resets: once it wedged the
        // I/O loop (a reset socket whose close had not reached the selector kept it busy forever).
        backend = TestBackend.answering("x");
        proxy = TestProxy.start(TestProxy.oneCluster("", backend));
        byte[] request = "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        java.util.List<CompletableFuture<Void>> clients = new java.util.ArrayList<>();
        for (int t = 0; t < 16; t++) {
            clients.add(CompletableFuture.runAsync(() -> {
                for (int i = 0; i < 100; i++) {
                    try (Socket s = proxy.socket()) {
                        s.setSoTimeout(5_000);
                        s.setSoLinger(true, 0); // close sends RST
                        s.getOutputStream().write(request);
                        if (i % 2 == 0) {
                            s.getInputStream().read();
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }));
        }
        CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        Wait.untilEquals(proxy.server().metrics().connectionsOpen::get, 0, "open connections");
        assertThat(proxy.get("/").statusCode()).isEqualTo(200);
    }

    @Test
    void shutdownClosesIdleConnectionsAndLetsABusyRequestFinish() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        backend = TestBackend.start((req, s, out) -> {
            if (req.requestLine().contains("/slow")) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            TestBackend.ok(out, "done");
        });
        proxy = TestProxy.start(TestProxy.oneCluster("", backend));
        try (Socket idle = proxy.socket(); Socket busy = proxy.socket()) {
            idle.getOutputStream().write("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            RawResponse.read(idle.getInputStream());
            busy.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Wait.until(() -> backend.received().size() == 2, "the busy request to reach the backend");
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> proxy.server().shutdown());
            assertThat(idle.getInputStream().read()).isEqualTo(-1);
            assertThat(stopped).as("shutdown waits for the busy request").isNotDone();
            release.countDown();
            String answer = RawResponse.read(busy.getInputStream());
            assertThat(answer).startsWith("HTTP/1.1 200 ").contains("Connection: close").endsWith("done");
            stopped.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    @Tag("heavy") // a 256 MiB response
    void aClientThatStopsReadingLosesItsConnectionAfterClientWrite() throws Exception {
        backend = TestBackend.start((req, s, out) -> {
            if (req.requestLine().contains("/small")) {
                TestBackend.ok(out, "small");
                return;
            }
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 268435456\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            LargeBodyTest.writePattern(out, 268_435_456L);
        });
        proxy = TestProxy.start("[server.timeouts]\nclient_write = \"500ms\"\n" + TestProxy.oneCluster("", backend));
        try (Socket stalled = proxy.socket()) {
            stalled.setReceiveBufferSize(4096);
            stalled.getOutputStream().write("GET /big HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            Wait.until(() -> proxy.server().metrics().errors(ServerMetrics.ErrorKind.CLIENT_WRITE_TIMEOUT) > 0,
                    "a client write timeout");
            assertThat(proxy.server().metrics().errors(ServerMetrics.ErrorKind.CLIENT_WRITE_TIMEOUT)).isEqualTo(1);
            Wait.untilEquals(proxy.server().metrics().connectionsOpen::get, 0, "open connections");
        }
        assertThat(proxy.get("/small").statusCode()).isEqualTo(200);
    }

    @Test
    void aBackendCaBundleThatCannotBeReadRefusesTheStartNamingIt() throws Exception {
        backend = TestBackend.answering("x");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TestProxy.start(TestProxy.oneCluster("protocol = \"https\"", backend)
                        + "[cluster.web.tls]\nca = \"" + TlsTerminationTest.pki("ca-key.pem") + "\"\n"))
                .isInstanceOf(io.portico.config.ConfigException.class)
                .hasMessageContaining("cluster.web.tls: " + TlsTerminationTest.pki("ca-key.pem") + ": no PEM CERTIFICATE in it");
    }
}
