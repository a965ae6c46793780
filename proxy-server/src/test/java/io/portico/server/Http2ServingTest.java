package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.testing.Sha256;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTP/2 from real clients: curl (h2c by prior knowledge and h2 over TLS), h2load, the JDK client. */
class Http2ServingTest {
    @TempDir
    Path dir;
    private TestBackend backend;
    private TestProxy proxy;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private void start(boolean tls) throws IOException {
        backend = TestBackend.start((req, s, out) -> {
            if (req.requestLine().startsWith("POST")) {
                TestBackend.ok(out, Sha256.hex(req.body()));
            } else {
                TestBackend.ok(out, req.requestLine() + " host=" + req.header("Host") + " proto="
                        + req.header("X-Forwarded-Proto") + " cookie=" + req.header("Cookie"));
            }
        });
        proxy = tls ? TestProxy.startTls(TestProxy.oneCluster("", backend)) : TestProxy.start(TestProxy.oneCluster("", backend));
    }

    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void curlWithPriorKnowledgeSpeaksH2cToAnHttpListenerAndTheBackendGetsHttp11() throws Exception {
        start(false);
        String out = run(List.of("curl", "-sS", "--noproxy", "*", "--http2-prior-knowledge", "-H", "Cookie: a=1",
                "-H", "Cookie: b=2", "-w", " v%{http_version}", "http://127.0.0.1:" + proxy.port() + "/x?y=1"));
        assertThat(out).isEqualTo("GET /x?y=1 HTTP/1.1 host=127.0.0.1:" + proxy.port() + " proto=http cookie=a=1; b=2 v2");
        assertThat(proxy.server().metrics().http2Connections.sum()).isEqualTo(1);
    }

    @Test
    void curlOverTlsNegotiatesH2AndUploadsABodyThroughFlowControl() throws Exception {
        start(true);
        byte[] body = new byte[3 << 20];
        new Random(3).nextBytes(body);
        Path file = dir.resolve("up.bin");
        Files.write(file, body);
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--noproxy", "*", "--http2", "-w", " v%{http_version}",
                "--data-binary", "@" + file));
        cmd.addAll(proxy.curlOptions());
        cmd.add(proxy.namedUrl("/up"));
        assertThat(run(cmd)).isEqualTo(Sha256.hex(body) + " v2");
    }

    @Test
    void h2loadManyStreamsOnFewConnectionsAllSucceed() throws Exception {
        start(false);
        String out = run(List.of("h2load", "-n", "400", "-c", "4", "-m", "20", "http://127.0.0.1:" + proxy.port() + "/load"));
        assertThat(out).contains("400 succeeded, 0 failed, 0 errored");
        assertThat(backend.received()).hasSize(400);
    }

    @Test
    void theJdkClientMultiplexesConcurrentRequestsOverOneTlsConnection() throws Exception {
        start(true);
        HttpClient client = HttpClient.newBuilder().sslContext(TestPki.trustingTestCa()).version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5)).build();
        // The first request makes the connection; requests racing before it would each open one.
        assertThat(client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + proxy.port() + "/first")).build(),
                HttpResponse.BodyHandlers.ofString()).version()).isEqualTo(HttpClient.Version.HTTP_2);
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            answers.add(client.sendAsync(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + proxy.port() + "/r" + i))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < 30; i++) {
            HttpResponse<String> r = answers.get(i).get(15, TimeUnit.SECONDS);
            assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(r.body()).startsWith("GET /r" + i + " HTTP/1.1 ").contains("proto=https");
        }
        assertThat(proxy.server().metrics().http2Connections.sum()).isEqualTo(1);
        assertThat(proxy.server().metrics().http2Streams.sum()).isEqualTo(31);
    }

    @Test
    void aConnectionServesAgainAfterIdlingThreadlessWithItsBuffersLetGo() throws Exception {
        start(true);
        HttpClient client = HttpClient.newBuilder().sslContext(TestPki.trustingTestCa()).version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5)).build();
        for (int i = 0; i < 4; i++) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + proxy.port() + "/again" + i))
                    .header("Cookie", "visit=" + "v".repeat(40 * i) + i).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
            assertThat(r.body()).startsWith("GET /again" + i + " HTTP/1.1 ").endsWith("cookie=visit=" + "v".repeat(40 * i) + i);
            Thread.sleep(200); // past the 50 ms linger: the connection idles with no thread, no buffer, no scratch
        }
        assertThat(proxy.server().metrics().http2Connections.sum()).isEqualTo(1);
    }

    @Test
    void theProxysOwnAnswersReachAnHttp2Client() throws Exception {
        proxy = TestProxy.start(TestProxy.oneCluster("", () -> "127.0.0.1:" + io.portico.testing.Ports.deadPort()));
        String out = run(List.of("curl", "-sS", "--noproxy", "*", "--http2-prior-knowledge", "-o", "/dev/null", "-w",
                "%{http_code} v%{http_version}", "http://127.0.0.1:" + proxy.port() + "/"));
        assertThat(out).isEqualTo("502 v2");
    }
}
