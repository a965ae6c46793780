package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portico.server.snapshot.LoadedModules;
import io.portico.testing.Configs;
import io.portico.testing.Ports;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogModuleTest {
    private TestBackend backend;
    private TestProxy proxy;
    @TempDir
    Path dir;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private Path start(String modules, String settings) throws Exception {
        Path log = dir.resolve("access.log");
        backend = TestBackend.answering("hello");
        proxy = TestProxy.start(TestProxy.oneCluster("", backend) + "[modules]\nenabled = [" + modules + "]\n"
                + "[modules.access_log]\npath = '" + log + "'\n" + settings);
        return log;
    }

    /** The log's lines once it has {@code n} of them (the writer is asynchronous). */
    private static List<String> lines(Path log, int n) throws Exception {
        Wait.until(() -> {
            try {
                return Files.exists(log) && Files.readAllLines(log, StandardCharsets.UTF_8).size() >= n;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, n + " lines in the access log");
        return Files.readAllLines(log, StandardCharsets.UTF_8);
    }

    @Test
    void combinedIsTheDefaultFormat() throws Exception {
        Path log = start("\"access_log\"", "");
        proxy.exchange("GET /a?b=1 HTTP/1.1\r\nHost: x\r\nReferer: https://r.example/\r\nUser-Agent: t/1\r\n"
                + "Connection: close\r\n\r\n");
        assertThat(lines(log, 1).get(0)).matches(
                "127\\.0\\.0\\.1 - - \\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d [+-]\\d{4}] \"GET /a\\?b=1 HTTP/1\\.1\" "
                        + "200 5 \"https://r\\.example/\" \"t/1\"");
    }

    @Test
    void templatesReadRoutingTimingAndTheRequestId() throws Exception {
        Path log = start("\"request_id\", \"access_log\"", """
                format = "$status $product $cluster $subcluster $backend $retry_num $request_time $upstream_response_time $request_id $http_x_custom"
                """);
        HttpResponse<String> r = proxy.send(java.net.http.HttpRequest.newBuilder(proxy.uri("/p")).header("X-Custom", "c v"));
        String id = r.headers().firstValue("X-Request-Id").orElseThrow();
        List<String> lines = lines(log, 1);
        assertThat(lines.get(0)).matches("200 www web dc1 " + backend.address().replace(".", "\\.")
                + " 0 \\d+\\.\\d{3} \\d+\\.\\d{3} " + id + " c v");
    }

    @Test
    void proxyAnswersAreLoggedWithTheirStatusAndDashesForWhatIsMissing() throws Exception {
        backend = TestBackend.answering("x");
        Path log = dir.resolve("err.log");
        proxy = TestProxy.start(Configs.oneCluster("", "127.0.0.1:" + Ports.deadPort()) + """
                [modules]
                enabled = ["access_log"]
                [modules.access_log]
                path = '%s'
                format = "$status $cluster $upstream_response_time $error"
                """.formatted(log));
        proxy.get("/");
        assertThat(lines(log, 1).get(0)).startsWith("502 web -");
    }

    @Test
    void aRelativePathIsResolvedAgainstTheConfigFilesDirectory() throws Exception {
        backend = TestBackend.answering("hello");
        // TestProxy writes its config into a sibling of this temp directory.
        proxy = TestProxy.start(TestProxy.oneCluster("", backend) + """
                [modules]
                enabled = ["access_log"]
                [modules.access_log]
                path = "../%s/relative.log"
                format = "$status $uri"
                """.formatted(dir.getFileName()));
        proxy.get("/rel");
        assertThat(lines(dir.resolve("relative.log"), 1)).containsExactly("200 /rel");
    }

    @Test
    void jsonLinesParseEvenWithHostileHeaders() throws Exception {
        Path log = start("\"access_log\"", "format = \"json\"\n");
        proxy.exchange("GET /j HTTP/1.1\r\nHost: x\r\nUser-Agent: a\"b\\c\u00e9}{\r\nConnection: close\r\n\r\n");
        JsonNode json = new ObjectMapper().readTree(lines(log, 1).get(0));
        assertThat(json.get("status").asInt()).isEqualTo(200);
        assertThat(json.get("uri").asText()).isEqualTo("/j");
        assertThat(json.get("user_agent").asText()).isEqualTo("a\"b\\c\u00e9}{");
        assertThat(json.get("cluster").asText()).isEqualTo("web");
        assertThat(json.get("error").isNull()).isTrue();
        assertThat(json.get("request_time").isNumber()).isTrue();
    }

    @Test
    void textLinesEscapeHostileHeaders() throws Exception {
        Path log = start("\"access_log\"", "format = 'ua=\"$user_agent\"'\n");
        proxy.exchange("GET / HTTP/1.1\r\nHost: x\r\nUser-Agent: x\" 200 \"forged\r\nConnection: close\r\n\r\n");
        assertThat(lines(log, 1)).containsExactly("ua=\"x\\x22 200 \\x22forged\"");
    }

    @Test
    void everyRequestIsLoggedAndQueuedLinesAreWrittenOnClose() throws Exception {
        Path log = start("\"access_log\"", "format = \"$uri\"\n");
        for (int i = 0; i < 30; i++) {
            proxy.get("/" + i);
        }
        proxy.close();
        proxy = null;
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).hasSize(30).contains("/0", "/29");
    }

    @Test
    void stdoutIsTheDefaultPath() throws Exception {
        PrintStream before = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            backend = TestBackend.answering("x");
            proxy = TestProxy.start(TestProxy.oneCluster("", backend)
                    + "[modules]\nenabled = [\"access_log\"]\n[modules.access_log]\nformat = \"line $uri\"\n");
            proxy.get("/to-stdout");
            Wait.until(() -> captured.toString(StandardCharsets.UTF_8).contains("line /to-stdout\n"), "the line on stdout");
        } finally {
            System.setOut(before);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("line /to-stdout\n");
    }

    @Test
    void badSettingsAreLocatedConfigErrors() {
        assertThatThrownBy(() -> start("\"access_log\"", """
                format = "$remote_addr $nope"
                escape = "xml"
                queue_size = 0
                """))
                .isInstanceOf(LoadedModules.ModuleConfigException.class)
                .hasMessageMatching("(?s).*portico\\.toml:\\d+: modules\\.access_log\\.format: unknown variable \\$nope.*")
                .hasMessageContaining("modules.access_log.escape: expected \"default\" or \"json\", got \"xml\"")
                .hasMessageContaining("modules.access_log.queue_size: expected an integer in 1..1048576, got 0");
        assertThatThrownBy(() -> TestProxy.start(TestProxy.oneCluster("", backend)
                + "[modules]\nenabled = [\"access_log\"]\n[modules.access_log]\npath = '" + dir.resolve("no/such/dir/a.log")
                + "'\nqueue_size = 0\n"))
                .isInstanceOf(LoadedModules.ModuleConfigException.class)
                .hasMessageContaining("modules.access_log.queue_size: expected an integer in 1..1048576, got 0")
                .hasMessageContaining("modules.access_log.path: cannot open");
    }
}
