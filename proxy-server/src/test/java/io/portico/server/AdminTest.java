package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.testing.Ports;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AdminTest {
    private TestBackend one;
    private TestBackend two;
    private TestProxy proxy;

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        one.close();
        if (two != null) {
            two.close();
        }
    }

    private static String config(String token, TestBackend backend) {
        return """
                [admin]
                address = "127.0.0.1:0"
                token = "%s"
                """.formatted(token) + TestProxy.oneCluster("", backend);
    }

    private HttpResponse<String> admin(String method, String path, String... headers) throws Exception {
        int port = proxy.server().adminAddress().orElseThrow().getPort();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return proxy.send(b);
    }

    @Test
    void healthReadinessMetricsAndStatusAnswer() throws Exception {
        one = TestBackend.answering("one");
        proxy = TestProxy.start(config("", one));
        proxy.get("/");
        assertThat(admin("GET", "/healthz").statusCode()).isEqualTo(200);
        assertThat(admin("GET", "/readyz").body()).isEqualTo("ready\n");
        String metrics = admin("GET", "/metrics").body();
        assertThat(metrics).contains("# TYPE portico_requests_total counter\nportico_requests_total 1\n")
                .contains("portico_responses_total{class=\"2xx\"} 1")
                .contains("portico_backend_up{cluster=\"web\",subcluster=\"dc1\",instance=\"" + one.address() + "\"} 1")
                .contains("portico_cluster_responses_total{cluster=\"web\",class=\"2xx\"} 1")
                .contains("portico_cluster_request_duration_seconds_bucket{cluster=\"web\",le=\"+Inf\"} 1")
                .contains("portico_cluster_request_duration_seconds_count{cluster=\"web\"} 1");
        String status = admin("GET", "/status").body();
        assertThat(status).contains("\"config_version\" : 1").contains("\"state\" : \"NORMAL\"")
                .contains("\"address\" : \"" + one.address() + "\"");
        assertThat(admin("POST", "/healthz").statusCode()).isEqualTo(405);
        assertThat(admin("GET", "/nothing").statusCode()).isEqualTo(404);
    }

    @Test
    void reloadSwapsTheConfigAndABadOneIsRefusedWhileTheOldKeepsServing() throws Exception {
        one = TestBackend.answering("one");
        two = TestBackend.answering("two");
        proxy = TestProxy.start(config("", one));
        assertThat(proxy.get("/").body()).isEqualTo("one");

        proxy.rewrite(config("", two));
        HttpResponse<String> ok = admin("POST", "/reload");
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).contains("config version ");
        assertThat(proxy.get("/").body()).isEqualTo("two");
        long good = proxy.server().snapshot().version();

        proxy.rewrite(config("", two).replace("default_t()", "no_such_primitive()"));
        HttpResponse<String> bad = admin("POST", "/reload");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("product.www.route[0].condition");
        assertThat(proxy.get("/").body()).isEqualTo("two");
        assertThat(proxy.server().snapshot().version()).isEqualTo(good);
    }

    @Test
    void aChangedConfigFileIsReloadedWithoutBeingAsked() throws Exception {
        one = TestBackend.answering("one");
        two = TestBackend.answering("two");
        proxy = TestProxy.start(config("", one));
        assertThat(proxy.get("/").body()).isEqualTo("one");
        proxy.rewrite(config("", two));
        Wait.until(() -> proxy.server().snapshot().version() != 1, "the changed file to be reloaded");
        assertThat(proxy.get("/").body()).isEqualTo("two");
        assertThat(admin("GET", "/metrics").body()).contains("portico_config_reloads_total 1");
    }

    @Test
    void aTokenProtectsReload() throws Exception {
        one = TestBackend.answering("one");
        proxy = TestProxy.start(config("s3cret", one));
        assertThat(admin("POST", "/reload").statusCode()).isEqualTo(401);
        assertThat(admin("POST", "/reload", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        assertThat(admin("POST", "/reload", "Authorization", "Bearer s3cret").statusCode()).isEqualTo(200);
        assertThat(admin("GET", "/healthz").statusCode()).isEqualTo(200);
    }

    private String metric(String line) throws Exception {
        String body = admin("GET", "/metrics").body();
        return body.lines().filter(l -> l.startsWith(line + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + line + " in\n" + body)).substring(line.length() + 1);
    }

    @Test
    void readinessIs503WhileDrainingAndHealthStaysOk() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        one = TestBackend.start((req, s, out) -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            TestBackend.ok(out, "late");
        });
        proxy = TestProxy.start(config("", one));
        var busy = proxy.client().sendAsync(java.net.http.HttpRequest.newBuilder(proxy.uri("/")).build(),
                HttpResponse.BodyHandlers.ofString());
        Wait.until(() -> one.received().size() == 1, "the busy request to reach the backend");
        var stopped = java.util.concurrent.CompletableFuture.runAsync(() -> proxy.server().shutdown());
        Wait.until(() -> proxy.server().stopping(), "the drain to start");
        HttpResponse<String> ready = admin("GET", "/readyz");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.body()).isEqualTo("draining\n");
        assertThat(admin("GET", "/healthz").statusCode()).isEqualTo(200);
        release.countDown();
        assertThat(busy.get(10, java.util.concurrent.TimeUnit.SECONDS).body()).isEqualTo("late");
        stopped.get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @Test
    void headAnswersWithTheHeadersOfGetAndNoBody() throws Exception {
        one = TestBackend.answering("one");
        proxy = TestProxy.start(config("", one));
        for (String path : new String[] {"/healthz", "/readyz", "/metrics", "/status"}) {
            HttpResponse<String> get = admin("GET", path);
            HttpResponse<String> head = admin("HEAD", path);
            assertThat(head.statusCode()).as(path).isEqualTo(200);
            assertThat(head.body()).as(path).isEmpty();
            assertThat(head.headers().firstValue("Content-Type")).as(path).isEqualTo(get.headers().firstValue("Content-Type"));
            assertThat(head.headers().firstValue("Cache-Control")).as(path).hasValue("no-store");
        }
    }

    @Test
    void aWrongMethodIs405WithAllow() throws Exception {
        one = TestBackend.answering("one");
        proxy = TestProxy.start(config("", one));
        HttpResponse<String> getReload = admin("GET", "/reload");
        assertThat(getReload.statusCode()).isEqualTo(405);
        assertThat(getReload.headers().firstValue("Allow")).hasValue("POST");
        HttpResponse<String> postMetrics = admin("POST", "/metrics");
        assertThat(postMetrics.statusCode()).isEqualTo(405);
        assertThat(postMetrics.headers().firstValue("Allow")).hasValue("GET, HEAD");
        assertThat(proxy.server().snapshot().version()).isEqualTo(1); // GET /reload did not reload
    }

    @Test
    void anUnauthorizedReloadIs401WithWwwAuthenticateAndDoesNotReload() throws Exception {
        one = TestBackend.answering("one");
        proxy = TestProxy.start(config("s3cret", one));
        HttpResponse<String> refused = admin("POST", "/reload", "Authorization", "Bearer wrong");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(proxy.server().snapshot().version()).isEqualTo(1);
    }

    @Test
    void aReloadWhoseModuleFailsIsRefusedAndTheOldConfigKeepsServing() throws Exception {
        one = TestBackend.answering("one");
        two = TestBackend.answering("two");
        proxy = TestProxy.start(config("", one));
        proxy.rewrite(config("", two) + "[modules]\nenabled = [\"block\"]\n[modules.block]\nblocklist = [\"10.0.0.0/40\"]\n");
        HttpResponse<String> bad = admin("POST", "/reload");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("modules.block.blocklist: element 0: \"10.0.0.0/40\": prefix length must be 0..32");
        assertThat(proxy.server().snapshot().version()).isEqualTo(1);
        assertThat(proxy.get("/").body()).isEqualTo("one");
        assertThat(metric("portico_config_reloads_total")).isEqualTo("0");
        assertThat(metric("portico_config_reloads_failed_total")).isEqualTo("1");
    }

    @Test
    void anUnreadableConfigIsARefusedReloadAndTheOldConfigKeepsServing() throws Exception {
        one = TestBackend.answering("one");
        proxy = TestProxy.start(config("", one));
        java.nio.file.Path file = proxy.configFile();
        java.nio.file.Files.delete(file);
        java.nio.file.Files.createDirectory(file); // a directory where the file was
        HttpResponse<String> failed = admin("POST", "/reload");
        assertThat(failed.statusCode()).isEqualTo(400);
        assertThat(failed.body()).contains("portico.toml: cannot read");
        assertThat(proxy.server().snapshot().version()).isEqualTo(1);
        assertThat(proxy.get("/").body()).isEqualTo("one");
    }

    @Test
    void errorRetryAndReuseCountersCountWhatHappened() throws Exception {
        one = TestBackend.answering("one");
        int dead = Ports.deadPort();
        // Dead first by weight: each request tries it, fails to connect, and is retried on one.
        proxy = TestProxy.start(config("", one).replace("address = \"" + one.address() + "\"\n",
                "address = \"127.0.0.1:" + dead + "\"\nweight = 100\n[[cluster.web.subcluster.dc1.instance]]\naddress = \""
                        + one.address() + "\"\n"));
        for (int i = 0; i < 3; i++) {
            assertThat(proxy.get("/").body()).isEqualTo("one");
        }
        // The balancer starts at a random slot of its 101-slot cycle, where the live instance has one
        // slot: three consecutive picks meet it at most once, so two or three requests were retried.
        assertThat(metric("portico_retries_total")).isIn("2", "3");
        assertThat(metric("portico_errors_total{kind=\"connect_failed\"}")).isEqualTo("0"); // every retry succeeded
        assertThat(metric("portico_backend_connections_opened_total")).isEqualTo("1");
        assertThat(metric("portico_backend_connections_reused_total")).isEqualTo("2");
        assertThat(one.connections()).isEqualTo(1);
    }

    @Test
    void aFailedConnectTheProxyAnswersItselfIsCountedAsAnError() throws Exception {
        one = TestBackend.answering("one");
        proxy = TestProxy.start(config("", one).replace(one.address(), "127.0.0.1:" + Ports.deadPort()));
        assertThat(proxy.get("/").statusCode()).isEqualTo(502);
        assertThat(metric("portico_errors_total{kind=\"connect_failed\"}")).isEqualTo("1");
        assertThat(metric("portico_responses_total{class=\"5xx\"}")).isEqualTo("1");
    }

    @Test
    void theTokenFollowsAReloadAndTheBearerSchemeIsCaseInsensitive() throws Exception {
        one = TestBackend.answering("one");
        proxy = TestProxy.start(config("", one));
        proxy.rewrite(config("s3cret", one));
        assertThat(admin("POST", "/reload").statusCode()).as("no token yet").isEqualTo(200);
        assertThat(admin("POST", "/reload").statusCode()).as("the reloaded token is asked for at once").isEqualTo(401);
        assertThat(admin("POST", "/reload", "Authorization", "bearer s3cret").statusCode()).isEqualTo(200);
        assertThat(admin("POST", "/reload", "Authorization", "BEARER   s3cret").statusCode()).isEqualTo(200);
        assertThat(admin("POST", "/reload", "Authorization", "Bearers3cret").statusCode()).isEqualTo(401);
        assertThat(admin("POST", "/reload", "Authorization", "Basic s3cret").statusCode()).isEqualTo(401);
        proxy.rewrite(config("other", one));
        assertThat(admin("POST", "/reload", "Authorization", "Bearer s3cret").statusCode()).isEqualTo(200);
        assertThat(admin("POST", "/reload", "Authorization", "Bearer s3cret").statusCode()).as("the old token").isEqualTo(401);
        assertThat(admin("POST", "/reload", "Authorization", "Bearer other").statusCode()).isEqualTo(200);
    }

    private java.net.Socket adminSocket() throws Exception {
        java.net.Socket s = new java.net.Socket("127.0.0.1", proxy.server().adminAddress().orElseThrow().getPort());
        s.setSoTimeout(10_000);
        return s;
    }

    private static final String SHORT_LIMITS = """
            [server.timeouts]
            client_header = "1s"
            client_idle = "1s"
            client_body = "1s"
            [server.limits]
            max_header_bytes = "2KiB"
            """;

    /** Reads until the admin port closes the connection; fails if it does not within 10 s. */
    private static String untilClosed(java.net.Socket s) throws Exception {
        try {
            return new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (java.net.SocketException reset) {
            return "";
        }
    }

    @Test
    void aSlowlorisOnTheAdminPortIsAnswered408AndClosedAtClientHeader() throws Exception {
        one = TestBackend.answering("one");
        proxy = TestProxy.start(config("", one) + SHORT_LIMITS);
        try (java.net.Socket s = adminSocket()) {
            long start = System.nanoTime();
            java.io.OutputStream out = s.getOutputStream();
            out.write("GET /healthz HTTP/1.1\r\nHost: admin\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            String got = null;
            // A header byte every 100 ms: each arrives well within any per-read timeout, the head never ends.
            for (int i = 0; i < 50 && got == null; i++) {
                try {
                    out.write('X');
                    out.flush();
                } catch (java.net.SocketException closed) {
                    got = untilClosed(s);
                    break;
                }
                Thread.sleep(100);
                if (s.getInputStream().available() > 0) {
                    got = untilClosed(s);
                }
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(got).as("closed within 5 s").isNotNull().startsWith("HTTP/1.1 408 ").contains("Connection: close");
            assertThat(millis).isBetween(900L, 4000L);
        }
        assertThat(admin("GET", "/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void anIdleAdminConnectionIsClosedAtClientIdleAndASilentOneAtClientHeader() throws Exception {
        one = TestBackend.answering("one");
        proxy = TestProxy.start(config("", one) + SHORT_LIMITS);
        try (java.net.Socket silent = adminSocket(); java.net.Socket idle = adminSocket()) {
            idle.getOutputStream().write("GET /healthz HTTP/1.1\r\nHost: admin\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            long start = System.nanoTime();
            assertThat(untilClosed(idle)).startsWith("HTTP/1.1 200 ").endsWith("ok\n");
            assertThat(untilClosed(silent)).startsWith("HTTP/1.1 408 ");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(4000L);
        }
    }

    @Test
    void garbageOnTheAdminPortGets400AndClose() throws Exception {
        one = TestBackend.answering("one");
        proxy = TestProxy.start(config("", one) + SHORT_LIMITS);
        try (java.net.Socket s = adminSocket()) {
            s.getOutputStream().write(new byte[] {0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, '\r', '\n', '\r', '\n'});
            assertThat(untilClosed(s)).startsWith("HTTP/1.1 400 ").contains("Connection: close");
        }
        try (java.net.Socket s = adminSocket()) {
            s.getOutputStream().write(("GET /healthz HTTP/1.1\r\nHost: admin\r\nX-Big: " + "a".repeat(4096) + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            assertThat(untilClosed(s)).startsWith("HTTP/1.1 431 ");
        }
        assertThat(admin("GET", "/healthz").statusCode()).isEqualTo(200);
    }

    @Test
    void anOversizeBodyToReloadIsRefusedWith413AndDoesNotReload() throws Exception {
        one = TestBackend.answering("one");
        proxy = TestProxy.start(config("", one) + SHORT_LIMITS);
        try (java.net.Socket s = adminSocket()) {
            s.getOutputStream().write("POST /reload HTTP/1.1\r\nHost: admin\r\nContent-Length: 10000000\r\n\r\nabc"
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            assertThat(untilClosed(s)).startsWith("HTTP/1.1 413 ").contains("Connection: close");
        }
        try (java.net.Socket s = adminSocket()) {
            java.io.OutputStream out = s.getOutputStream();
            out.write("POST /reload HTTP/1.1\r\nHost: admin\r\nTransfer-Encoding: chunked\r\n\r\n"
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            byte[] chunk = ("8000\r\n" + "a".repeat(0x8000) + "\r\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
            try {
                for (int i = 0; i < 4; i++) {
                    out.write(chunk);
                }
            } catch (java.net.SocketException closed) {
                // refused while sending
            }
            assertThat(untilClosed(s)).startsWith("HTTP/1.1 413 ");
        }
        try (java.net.Socket s = adminSocket()) {
            s.getOutputStream().write("POST /reload HTTP/1.1\r\nHost: admin\r\nContent-Length: 100\r\n\r\nabc"
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            assertThat(untilClosed(s)).as("a stalled body").startsWith("HTTP/1.1 408 ");
        }
        assertThat(proxy.server().snapshot().version()).isEqualTo(1);
        try (java.net.Socket s = adminSocket()) {
            s.getOutputStream().write("POST /reload HTTP/1.1\r\nHost: admin\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"
                    .getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
            assertThat(untilClosed(s)).as("a small body is read and dropped").startsWith("HTTP/1.1 200 ");
        }
    }
}
