package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.server.snapshot.LoadedModules;
import io.portico.testing.Ports;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The {@code errors} module through a running proxy: backend errors and the proxy's own answers. */
class ErrorsModuleTest {
    private static final String PAGE = "<h1>sorry</h1>";
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

    /** A backend answering 503 (with Retry-After) under /down, 404 under /gone, else 200. */
    private void startBackend() throws Exception {
        backend = TestBackend.start((req, s, out) -> {
            String line = req.requestLine();
            if (line.contains(" /down")) {
                byte[] b = "backend says no".getBytes(StandardCharsets.US_ASCII);
                out.write(("HTTP/1.1 503 Service Unavailable\r\nRetry-After: 7\r\nX-Backend: b1\r\n"
                        + "Content-Type: text/plain\r\nContent-Length: " + b.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(b);
                out.flush();
            } else if (line.contains(" /gone")) {
                out.write("HTTP/1.1 404 Not Found\r\nContent-Length: 4\r\n\r\ngone".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } else {
                TestBackend.ok(out, "fine");
            }
        });
    }

    @Test
    void aBackendErrorGetsThePageUnderItsStatusAndSuccessPassesUntouched() throws Exception {
        startBackend();
        proxy = TestProxy.start(TestProxy.oneCluster("", backend) + """
                [modules]
                enabled = ["errors"]
                [[modules.errors.rule]]
                status = [502, 503, 504]
                body = "%s"
                """.formatted(PAGE));
        HttpResponse<String> down = proxy.get("/down");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.body()).isEqualTo(PAGE);
        assertThat(down.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        assertThat(down.headers().firstValue("Retry-After")).contains("7");
        assertThat(down.headers().firstValue("X-Backend")).isEmpty();
        HttpResponse<String> gone = proxy.get("/gone");
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.body()).isEqualTo("gone");
        assertThat(proxy.get("/ok").body()).isEqualTo("fine");
        // the connection to the client stays usable after a replaced response
        String two = proxy.exchange("GET /down HTTP/1.1\r\nHost: a\r\n\r\nGET /ok HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(two).startsWith("HTTP/1.1 503 ").contains(PAGE).endsWith("fine");
    }

    @Test
    void headGetsTheReplacementsLengthWithoutItsBody() throws Exception {
        startBackend();
        proxy = TestProxy.start(TestProxy.oneCluster("", backend) + """
                [modules]
                enabled = ["errors"]
                [[modules.errors.rule]]
                status = "5xx"
                body = "%s"
                """.formatted(PAGE));
        String head = proxy.exchange("HEAD /down HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(head).startsWith("HTTP/1.1 503 ").contains("Content-Length: " + PAGE.length() + "\r\n").endsWith("\r\n\r\n");
    }

    @Test
    void theProxysOwn502And404AreReplacedOrRedirected() throws Exception {
        proxy = TestProxy.start("""
                [server]
                default_product = "www"
                [[product.www.route]]
                condition = 'req_path_prefix_in("/app/", false)'
                cluster = "web"
                [[cluster.web.subcluster.dc1.instance]]
                address = "127.0.0.1:%d"
                [modules]
                enabled = ["errors"]
                [[modules.errors.rule]]
                status = "5xx"
                body = "%s"
                [[modules.errors.rule]]
                status = "404"
                redirect = "https://example.com/missing"
                redirect_status = 301
                """.formatted(Ports.deadPort(), PAGE));
        HttpResponse<String> bad = proxy.get("/app/x");
        assertThat(bad.statusCode()).isEqualTo(502);
        assertThat(bad.body()).isEqualTo(PAGE);
        String missing = proxy.exchange("GET /elsewhere HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(missing).startsWith("HTTP/1.1 301 ").contains("Location: https://example.com/missing\r\n")
                .contains("Content-Length: 0\r\n");
    }

    @Test
    void theBlackholes503KeepsItsRetryAfter() throws Exception {
        startBackend();
        proxy = TestProxy.start(TestProxy.oneCluster("subclusters = { dc1 = 1, BLACKHOLE = 99 }", backend) + """
                [modules]
                enabled = ["errors"]
                [[modules.errors.rule]]
                status = "503"
                body = "%s"
                """.formatted(PAGE));
        int dropped = 0;
        for (int i = 0; i < 10; i++) {
            HttpResponse<String> r = proxy.get("/ok");
            if (r.statusCode() == 503) {
                dropped++;
                assertThat(r.body()).isEqualTo(PAGE);
                assertThat(r.headers().firstValue("Retry-After")).contains("1");
            }
        }
        assertThat(dropped).isGreaterThan(5);
    }

    @Test
    void aConditionLimitsARuleAndAFileIsItsPage() throws Exception {
        startBackend();
        Path page = Files.createTempFile("portico-50x", ".html");
        try {
            Files.writeString(page, "<p>file page</p>");
            proxy = TestProxy.start(TestProxy.oneCluster("", backend) + """
                    [modules]
                    enabled = ["errors"]
                    [[modules.errors.rule]]
                    status = "5xx"
                    condition = 'req_host_in("shop.example")'
                    file = "%s"
                    """.formatted(page));
            String shop = proxy.exchange("GET /down HTTP/1.1\r\nHost: shop.example\r\nConnection: close\r\n\r\n");
            assertThat(shop).startsWith("HTTP/1.1 503 ").endsWith("\r\n\r\n<p>file page</p>");
            assertThat(proxy.get("/down").body()).isEqualTo("backend says no");
        } finally {
            Files.delete(page);
        }
    }

    @Test
    void aRelativeFileIsReadNextToTheConfigFile() throws Exception {
        startBackend();
        // TestProxy writes its portico.toml into a fresh directory under java.io.tmpdir; the page
        // lives in a sibling directory, so only resolving against the config file's directory finds it.
        Path pages = Files.createTempDirectory("portico-pages");
        Path page = Files.writeString(pages.resolve("50x.html"), "<p>relative page</p>");
        try {
            proxy = TestProxy.start(TestProxy.oneCluster("", backend) + """
                    [modules]
                    enabled = ["errors"]
                    [[modules.errors.rule]]
                    status = "502|503"
                    file = "../%s/50x.html"
                    """.formatted(pages.getFileName()));
            assertThat(proxy.get("/down").body()).isEqualTo("<p>relative page</p>");
        } finally {
            Files.delete(page);
            Files.delete(pages);
        }
    }

    @Test
    void badRulesRefuseTheConfigWithTheirLocation() throws Exception {
        startBackend();
        assertThatThrownBy(() -> TestProxy.start(TestProxy.oneCluster("", backend) + """
                [modules]
                enabled = ["errors"]
                [[modules.errors.rule]]
                status = "200"
                body = "x"
                [[modules.errors.rule]]
                status = [502, 302]
                body = "x"
                [[modules.errors.rule]]
                status = [502, "5xx"]
                body = "x"
                [[modules.errors.rule]]
                status = "5xx"
                file = "no-such-page.html"
                """))
                .isInstanceOf(LoadedModules.ModuleConfigException.class)
                .hasMessageMatching("(?s).*portico\\.toml:\\d+: modules\\.errors\\.rule\\[0\\]\\.status: 200 is not an error status \\(400\\.\\.599\\).*")
                .hasMessageContaining("modules.errors.rule[1].status: 302 is not an error status")
                .hasMessageContaining("modules.errors.rule[2].status: element 1: expected an integer, got the string \"5xx\"")
                .hasMessageMatching("(?s).*modules\\.errors\\.rule\\[3\\]\\.file: cannot read \"/\\S+/no-such-page\\.html\".*");
    }
}
