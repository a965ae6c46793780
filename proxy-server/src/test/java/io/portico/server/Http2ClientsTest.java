package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.testing.Sha256;
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
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real HTTP/2 clients against the proxy (curl, nghttp and h2load from nghttp2, installed by
 * .ci/run; the JDK's HttpClient): h2c by prior knowledge on an http listener, h2 by ALPN on an
 * https one, and the JDK's h2c upgrade attempt, which must end up served as HTTP/1.1.
 */
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Http2ClientsTest {
    private TestBackend backend;
    private TestProxy proxy;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
            proxy = null;
        }
        if (backend != null) {
            backend.close();
            backend = null;
        }
    }

    private void start(TestProxy.Transport transport) throws Exception {
        backend = TestBackend.start((req, s, out) -> TestBackend.ok(out, req.requestLine() + " " + req.body().length
                + " " + Sha256.hex(req.body()) + " " + req.header("X-Forwarded-Proto")));
        proxy = TestProxy.start(transport, TestProxy.oneCluster("", backend));
    }

    /** Runs a command, returns its output (stdout and stderr); fails unless it exits 0 within 60 s. */
    private static String run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("%s finished", command).isTrue();
        assertThat(p.exitValue()).as("%s exit status; output:\n%s", command, out).isZero();
        return out;
    }

    private String curl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--noproxy", "*", "--max-time", "30"));
        cmd.addAll(proxy.curlOptions());
        cmd.addAll(List.of(args));
        return run(cmd);
    }

    private static String sha(byte[] b) {
        return Sha256.hex(b);
    }

    @Test
    void curlWithPriorKnowledgeSpeaksH2cToAnHttpListener() throws Exception {
        start(TestProxy.Transport.PLAIN);
        String out = curl("--http2-prior-knowledge", "-w", "\n%{http_version} %{response_code}", proxy.namedUrl("/pk"));
        assertThat(out).isEqualTo("GET /pk HTTP/1.1 0 " + sha(new byte[0]) + " http\n2 200");
        assertThat(backend.last().header("Host")).isEqualTo(TestProxy.TLS_NAME + ":" + proxy.port());
        String http11 = curl("--http1.1", "-w", "\n%{http_version}", proxy.namedUrl("/one"));
        assertThat(http11).as("HTTP/1.1 on the same listener").endsWith(" http\n1.1");
    }

    @Test
    void curlNegotiatesH2OverTls() throws Exception {
        start(TestProxy.Transport.TLS);
        String out = curl("--http2", "-w", "\n%{http_version} %{response_code}", proxy.namedUrl("/tls"));
        assertThat(out).isEqualTo("GET /tls HTTP/1.1 0 " + sha(new byte[0]) + " https\n2 200");
    }

    @Test
    void curlUploadsOverH2(@TempDir Path dir) throws Exception {
        byte[] data = new byte[3 * 1024 * 1024];
        LargeBodyTest.fill(data, 0, data.length);
        Path file = Files.write(dir.resolve("upload.bin"), data);
        for (TestProxy.Transport t : TestProxy.Transport.values()) {
            start(t);
            String h2 = t == TestProxy.Transport.TLS ? "--http2" : "--http2-prior-knowledge";
            String up = curl(h2, "-w", "\n%{http_version}", "--data-binary", "@" + file, proxy.namedUrl("/up"));
            assertThat(up).isEqualTo("POST /up HTTP/1.1 " + data.length + " " + sha(data) + " " + t.scheme() + "\n2");
            stop();
        }
    }

    /**
     * Over TLS only: curl 7.88 fails every request after the first on a reused prior-knowledge h2c
     * connection ("Error in the HTTP2 framing layer"), against nghttpd as well as against us.
     */
    @Test
    void curlFetchesSeveralUrlsOnOneTlsConnection() throws Exception {
        start(TestProxy.Transport.TLS);
        String three = curl("--http2", "-v", proxy.namedUrl("/1"), proxy.namedUrl("/2"), proxy.namedUrl("/3"));
        assertThat(three).contains("GET /1 HTTP/1.1", "GET /2 HTTP/1.1", "GET /3 HTTP/1.1")
                .containsPattern("(?i)re-?using (existing )?connection");
        assertThat(backend.received()).hasSize(3);
    }

    @Test
    void nghttpSpeaksH2cToAnHttpListener() throws Exception {
        start(TestProxy.Transport.PLAIN);
        String out = run(List.of("nghttp", "-nv", "-t", "30", "http://127.0.0.1:" + proxy.port() + "/ng"));
        assertThat(out).contains("recv SETTINGS frame", "recv HEADERS frame", ":status: 200")
                .doesNotContain("recv RST_STREAM");
        assertThat(backend.last().requestLine()).isEqualTo("GET /ng HTTP/1.1");
    }

    @Test
    void nghttpSpeaksH2OverTls() throws Exception {
        start(TestProxy.Transport.TLS);
        String out = run(List.of("nghttp", "-nv", "-t", "30", "https://127.0.0.1:" + proxy.port() + "/ng"));
        assertThat(out).contains("recv SETTINGS frame", ":status: 200").doesNotContain("recv RST_STREAM");
    }

    @Test
    void h2loadCompletesTwoHundredRequestsOverFourH2cConnections() throws Exception {
        start(TestProxy.Transport.PLAIN);
        assertH2loadSucceeded(run(List.of("h2load", "-n", "200", "-c", "4", "-m", "10", "-T", "30",
                "http://127.0.0.1:" + proxy.port() + "/load")));
    }

    @Test
    void h2loadCompletesTwoHundredRequestsOverFourTlsConnections() throws Exception {
        start(TestProxy.Transport.TLS);
        String out = run(List.of("h2load", "-n", "200", "-c", "4", "-m", "10", "-T", "30",
                "https://127.0.0.1:" + proxy.port() + "/load"));
        assertThat(out).contains("Application protocol: h2");
        assertH2loadSucceeded(out);
    }

    private void assertH2loadSucceeded(String out) {
        assertThat(out).contains("200 succeeded, 0 failed, 0 errored").contains("status codes: 200 2xx");
        assertThat(backend.received()).hasSize(200);
    }

    @Test
    void theJdkClientNegotiatesHttp2OverTls() throws Exception {
        start(TestProxy.Transport.TLS);
        HttpClient client = HttpClient.newBuilder().sslContext(TestPki.trustingTestCa()).version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5)).build();
        // the default certificate names 127.0.0.1
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + proxy.port() + "/jdk"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("GET /jdk HTTP/1.1 0 ");
        byte[] data = new byte[200_000];
        LargeBodyTest.fill(data, 0, data.length);
        HttpResponse<String> post = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + proxy.port() + "/post"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(data)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.version()).isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(post.body()).isEqualTo("POST /post HTTP/1.1 " + data.length + " " + sha(data) + " https");
    }

    @Test
    void theJdkClientsH2cUpgradeIsServedAsHttp11AndNeverForwarded() throws Exception {
        start(TestProxy.Transport.PLAIN);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxy.port() + "/up"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).startsWith("GET /up HTTP/1.1 0 ");
        assertThat(backend.last().header("Upgrade")).isNull();
        assertThat(backend.last().header("HTTP2-Settings")).isNull();
    }
}
