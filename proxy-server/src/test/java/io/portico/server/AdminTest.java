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
}
