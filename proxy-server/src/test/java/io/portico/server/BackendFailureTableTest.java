package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.server.metrics.ServerMetrics.ErrorKind;
import io.portico.server.upstream.BackendFailure;
import io.portico.server.upstream.Instance;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backend fault table: for each way a try can fail, what the client gets, whether the
 * request went to the other instance, what it does to the failing instance's health, and how
 * {@code /metrics} and the access log name it. Each drill runs a proxy over a faulty instance
 * (first in the balancer's order, so the first request meets it) and a good one, with
 * {@code fail_threshold = 2}.
 */
class BackendFailureTableTest {
    private static final String GET = "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
    private static final String POST = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello";

    @TempDir
    Path dir;
    private final List<AutoCloseable> closing = new ArrayList<>();
    private TestProxy proxy;
    private TestBackend good;
    private String faulty;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
    }

    /** Starts the proxy over {@code faulty} and, unless null, a good instance after it. */
    private void drill(String faultyAddress, TestBackend goodBackend, String clusterKeys) throws IOException {
        if (!clusterKeys.contains("response_header_timeout")) {
            clusterKeys = "response_header_timeout = \"300ms\"\n" + clusterKeys;
        }
        faulty = faultyAddress;
        good = goodBackend;
        List<TestProxy.HasAddress> instances = new ArrayList<>();
        instances.add(() -> faultyAddress);
        if (goodBackend != null) {
            closing.add(goodBackend);
            instances.add(goodBackend);
        }
        proxy = TestProxy.start("[admin]\naddress = \"127.0.0.1:0\"\n" + TestProxy.oneCluster("""
                connect_timeout = "300ms"
                %s
                [cluster.web.health_check]
                fail_threshold = 2
                interval = "10s"
                """.formatted(clusterKeys), instances.toArray(TestProxy.HasAddress[]::new))
                + "[modules]\nenabled = [\"access_log\"]\n[modules.access_log]\npath = '" + dir.resolve("access.log")
                + "'\nformat = \"$status $upstream_error $retry_num\"\n");
    }

    private void drill(TestBackend faultyBackend) throws IOException {
        closing.add(faultyBackend);
        drill(faultyBackend.address(), TestBackend.answering("good"), "");
    }

    private Instance faultyInstance() {
        return proxy.server().upstreams().all().get("web/dc1/" + faulty);
    }

    private long counted(BackendFailure kind) {
        return proxy.server().upstreams().stats("web").failures(kind);
    }

    private static int status(String response) {
        assertThat(response).startsWith("HTTP/1.1 ");
        return Integer.parseInt(response.substring(9, 12));
    }

    /** The access log's line {@code n} (from 1), once written. */
    private String logLine(int n) throws Exception {
        Path log = dir.resolve("access.log");
        Wait.until(() -> {
            try {
                return Files.exists(log) && Files.readAllLines(log, StandardCharsets.UTF_8).size() >= n;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, n + " lines in the access log");
        return Files.readAllLines(log, StandardCharsets.UTF_8).get(n - 1);
    }

    private String metrics() throws Exception {
        int port = proxy.server().adminAddress().orElseThrow().getPort();
        return proxy.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))).body();
    }

    /** The request that met the faulty instance first: what the client got, and whether the good instance saw it. */
    private record Hit(String response, int number, boolean retried) {
    }

    /**
     * Sends {@code request} until one meets the faulty instance (the balancer starts at a random
     * place): the requests before it went to the good instance alone.
     */
    private Hit firstHit(String request, BackendFailure kind) throws IOException {
        for (int n = 1; n <= 10; n++) {
            int before = good == null ? 0 : good.received().size();
            String r = proxy.exchange(request);
            if (counted(kind) > 0) {
                return new Hit(r, n, good != null && good.received().size() > before);
            }
        }
        throw new AssertionError("no request met the faulty instance");
    }

    /**
     * The first request that met the faulty instance: its outcome, whether it went on to the good
     * one, one failure counted against the faulty instance, the metric and the access log line.
     */
    private void assertRow(String request, int status, boolean retried, BackendFailure kind) throws Exception {
        assertRow(firstHit(request, kind), status, retried, kind);
    }

    private void assertRow(Hit hit, int status, boolean retried, BackendFailure kind) throws Exception {
        assertThat(status(hit.response())).isEqualTo(status);
        assertThat(hit.retried()).as("retried on the good instance").isEqualTo(retried);
        assertThat(faultyInstance().consecutiveFailures()).as("failures counted against the instance").isEqualTo(1);
        assertThat(faultyInstance().available()).isTrue();
        assertThat(counted(kind)).isEqualTo(1);
        assertThat(metrics()).contains("portico_cluster_backend_failures_total{cluster=\"web\",kind=\"" + kind.label() + "\"} 1\n");
        assertThat(logLine(hit.number())).isEqualTo(status + " " + kind.label() + " " + (retried ? 1 : 0));
    }

    /** More requests like the first until the faulty instance is CHECKING (fail_threshold 2); then traffic avoids it. */
    private void assertTakenOutOfRotation(String request) throws Exception {
        for (int i = 0; i < 10 && faultyInstance().available(); i++) {
            proxy.exchange(request);
        }
        assertThat(faultyInstance().available()).as("CHECKING after fail_threshold failures").isFalse();
        long failedBefore = faultyInstance().consecutiveFailures();
        if (good != null) {
            for (int i = 0; i < 3; i++) {
                assertThat(status(proxy.exchange(request))).isEqualTo(200);
            }
            assertThat(faultyInstance().consecutiveFailures()).isEqualTo(failedBefore);
        }
    }

    @Test
    void aRefusedConnectIsRetriedOnTheOtherInstanceAndCountsAgainstTheRefusingOne() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        drill("127.0.0.1:" + port, TestBackend.answering("good"), "");
        assertRow(GET, 200, true, BackendFailure.CONNECT_REFUSED);
        assertTakenOutOfRotation(GET);
    }

    @Test
    void aConnectThatTimesOutIsRetriedOnTheOtherInstance() throws Exception {
        // A listener that never accepts, its backlog filled: Linux drops further SYNs, so a
        // connect to it on loopback waits until connect_timeout.
        ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        closing.add(full);
        for (int i = 0; i < 16; i++) {
            Socket filler = new Socket();
            closing.add(filler);
            try {
                filler.connect(new InetSocketAddress("127.0.0.1", full.getLocalPort()), 200);
            } catch (SocketTimeoutException e) {
                break;
            }
        }
        drill("127.0.0.1:" + full.getLocalPort(), TestBackend.answering("good"), "");
        assertRow(GET, 200, true, BackendFailure.CONNECT_TIMEOUT);
        assertTakenOutOfRotation(GET);
    }

    @Test
    void aFailedTlsHandshakeIsAConnectFailure() throws Exception {
        // An https cluster whose instance speaks plain HTTP: the handshake fails.
        TestBackend plain = TestBackend.startRaw((s, in, out) -> {
            out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        });
        closing.add(plain);
        drill(plain.address(), null, "protocol = \"https\"\ntls = { insecure_skip_verify = true }");
        assertRow(GET, 502, false, BackendFailure.CONNECT_FAILED);
        assertThat(proxy.server().metrics().errors(ErrorKind.CONNECT_FAILED)).isEqualTo(1);
        assertTakenOutOfRotation(GET);
    }

    @Test
    void aPostResetAfterItWasSentIsA502NotRetriedAndNotAConnectFailure() throws Exception {
        drill(TestBackend.start((req, s, out) -> {
            s.setSoLinger(true, 0);
            s.close();
        }));
        assertRow(POST, 502, false, BackendFailure.RESET_AFTER_SEND);
        assertThat(proxy.server().metrics().errors(ErrorKind.UPSTREAM_RESET)).isEqualTo(1);
        assertThat(proxy.server().metrics().errors(ErrorKind.CONNECT_FAILED)).isZero();
        assertTakenOutOfRotation(POST);
    }

    @Test
    void aGarbageStatusLineIsRetriedForAGetAndCountsAgainstTheInstance() throws Exception {
        drill(TestBackend.start((req, s, out) -> {
            out.write("SPDY/9 what is this\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            s.close();
        }));
        assertRow(GET, 200, true, BackendFailure.BAD_RESPONSE);
        assertTakenOutOfRotation(GET);
    }

    @Test
    void aGarbageStatusLineToAPostIsA502NotRetried() throws Exception {
        drill(TestBackend.start((req, s, out) -> {
            out.write("SPDY/9 what is this\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            s.close();
        }));
        assertRow(POST, 502, false, BackendFailure.BAD_RESPONSE);
        assertThat(proxy.server().metrics().errors(ErrorKind.BAD_RESPONSE)).isEqualTo(1);
    }

    @Test
    void aHeadOverTheLimitsIsABadResponseAndRetried() throws Exception {
        drill(TestBackend.start((req, s, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nX-Big: " + "b".repeat(200 * 1024) + "\r\nContent-Length: 0\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            s.close();
        }));
        assertRow(GET, 200, true, BackendFailure.BAD_RESPONSE);
    }

    @Test
    void badChunkFramingBeforeTheHeadReachedTheClientIsAClean502AndBlamesTheInstance() throws Exception {
        drill(TestBackend.start((req, s, out) -> {
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz-not-hex\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            s.close();
        }));
        Hit hit = firstHit(GET, BackendFailure.BAD_RESPONSE);
        assertThat(hit.response()).doesNotContain("200 OK").contains("Connection: close");
        assertRow(hit, 502, false, BackendFailure.BAD_RESPONSE);
        assertTakenOutOfRotation(GET);
    }

    @Test
    void aBodyCutBeforeAnythingReachedTheClientIsAClean502AndBlamesTheInstance() throws Exception {
        drill(TestBackend.start((req, s, out) -> {
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            s.close();
        }));
        Hit hit = firstHit(GET, BackendFailure.BODY_CUT);
        assertThat(hit.response()).doesNotContain("200 OK").contains("Connection: close");
        assertRow(hit, 502, false, BackendFailure.BODY_CUT);
        assertThat(proxy.server().metrics().errors(ErrorKind.UPSTREAM_RESET)).isEqualTo(1);
    }

    @Test
    void aHeadLaterThanResponseHeaderTimeoutIs504NotRetriedAndCounted() throws Exception {
        drill(TestBackend.start((req, s, out) -> {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            TestBackend.ok(out, "late");
        }));
        assertRow(GET, 504, false, BackendFailure.HEADER_TIMEOUT);
        assertTakenOutOfRotation(GET);
    }

    @Test
    void aBodyCutAfterTheHeadReachedTheClientEndsTheConnectionAndCountsAgainstTheInstance() throws Exception {
        drill(TestBackend.start((req, s, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Length: 200000\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.write(new byte[64 * 1024]);
            out.flush();
            s.close();
        }));
        Hit hit = firstHit(GET, BackendFailure.BODY_CUT);
        assertThat(status(hit.response())).isEqualTo(200);
        assertThat(hit.response().length()).isLessThan(200_000);
        assertThat(hit.retried()).isFalse();
        assertThat(faultyInstance().consecutiveFailures()).isEqualTo(1);
        assertThat(counted(BackendFailure.BODY_CUT)).isEqualTo(1);
        assertThat(metrics()).contains("portico_cluster_backend_failures_total{cluster=\"web\",kind=\"body_cut\"} 1\n");
        // The access log line of a cut response belongs to "every request leaves a trace" (issue 16).
        assertTakenOutOfRotation(GET);
    }

    @Test
    void aFullPoolIs503AndDoesNotCountAgainstTheInstance() throws Exception {
        TestBackend slow = TestBackend.start((req, s, out) -> {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            TestBackend.ok(out, "slow");
        });
        closing.add(slow);
        drill(slow.address(), null, "response_header_timeout = \"5s\"\n[cluster.web.pool]\nmax_per_instance = 1\nmax_idle_per_instance = 1");
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            try {
                return proxy.exchange(GET);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Wait.until(() -> slow.received().size() == 1, "the first request at the backend");
        assertThat(status(proxy.exchange(GET))).isEqualTo(503);
        assertThat(counted(BackendFailure.POOL_EXHAUSTED)).isEqualTo(1);
        assertThat(faultyInstance().consecutiveFailures()).isZero();
        assertThat(logLine(1)).isEqualTo("503 pool_exhausted 0");
        assertThat(status(first.get())).isEqualTo(200);
        assertThat(logLine(2)).isEqualTo("200 - 0");
    }
}
