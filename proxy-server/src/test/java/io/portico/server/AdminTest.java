package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

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
}
