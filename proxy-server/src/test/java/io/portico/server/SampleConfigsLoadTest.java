package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.config.ConfigException;
import io.portico.config.ConfigLoader;
import io.portico.config.ProxyConfig;
import io.portico.module.SimpleMetricsRegistry;
import io.portico.server.snapshot.LoadedModules;
import io.portico.server.snapshot.ModuleJars;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every top-level sample under config-samples/ loads, and so do its modules' settings (the
 * config loader alone does not read them); the modules sample also runs.
 */
class SampleConfigsLoadTest {
    private static final Path SAMPLES = Path.of("..", "config-samples").toAbsolutePath().normalize();

    /**
     * The samples no other sample includes. A file is known to be included when a sample that
     * loads lists it among its files; one that loads on its own is top-level unless included.
     */
    static List<Path> topLevelSamples() throws IOException {
        Set<Path> all = new TreeSet<>();
        try (Stream<Path> files = Files.walk(SAMPLES)) {
            files.filter(f -> f.toString().endsWith(".toml")).forEach(f -> all.add(f.normalize()));
        }
        Set<Path> included = new TreeSet<>();
        for (Path file : all) {
            try {
                ConfigLoader.load(file).files().stream().map(Path::normalize).filter(f -> !f.equals(file))
                        .forEach(included::add);
            } catch (ConfigException notOnItsOwn) {
                // An included fragment (no listener, say); the test below fails for it unless it is included.
            }
        }
        all.removeAll(included);
        return List.copyOf(all);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topLevelSamples")
    void sampleAndItsModuleSettingsLoad(Path sample) {
        ProxyConfig config = ConfigLoader.load(sample);
        assertThat(config.listeners()).isNotEmpty();
        LoadedModules.load(config.modules(), new ModuleJars(getClass().getClassLoader()).catalog(config.modules()),
                new SimpleMetricsRegistry()).close();
    }

    @Test
    void theModulesSampleIsATopLevelSampleThatEnablesTheCommonModules() throws IOException {
        assertThat(topLevelSamples()).contains(SAMPLES.resolve("modules.toml"), SAMPLES.resolve("quickstart.toml"),
                SAMPLES.resolve("full.toml")).doesNotContain(SAMPLES.resolve("clusters/static.toml"));
        assertThat(ConfigLoader.load(SAMPLES.resolve("modules.toml")).modules().enabled()).contains("request_id",
                "trust_client_ip", "access_log", "header", "rewrite", "redirect", "cors", "rate_limit", "compress",
                "errors", "block", "static");
    }

    @Test
    void theModulesSampleRunsWithItsRelativeFilesAndModules(@TempDir Path dir) throws Exception {
        // A copy of the samples, so the relative static root and error page resolve as they do in
        // place, with the listener on an ephemeral port and the app instances on test backends.
        try (Stream<Path> files = Files.walk(SAMPLES)) {
            for (Path from : files.sorted(Comparator.naturalOrder()).toList()) {
                Path to = dir.resolve(SAMPLES.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        try (TestBackend app = TestBackend.answering("from the app");
                TestBackend app2 = TestBackend.answering("from the app")) {
            Path sample = dir.resolve("modules.toml");
            String text = Files.readString(sample);
            assertThat(text).contains("address = \"127.0.0.1:8080\"", "address = \"127.0.0.1:9001\"",
                    "address = \"127.0.0.1:9002\"");
            Files.writeString(sample, text.replace("127.0.0.1:8080", "127.0.0.1:0")
                    .replace("127.0.0.1:9001", app.address()).replace("127.0.0.1:9002", app2.address()));
            try (PorticoServer server = PorticoServer.start(ConfigLoader.load(sample))) {
                int port = server.listenerAddresses().get(0).getPort();
                HttpClient client = HttpClient.newHttpClient();
                // Both instances answer alike; the request goes to one of them.
                HttpResponse<String> page = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/items?debug=1&x=2")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(page.statusCode()).isEqualTo(200);
                assertThat(page.body()).isEqualTo("from the app");
                TestBackend.Received got = (app.received().isEmpty() ? app2 : app).last();
                assertThat(page.headers().firstValue("X-Request-Id")).hasValueSatisfying(id -> assertThat(id)
                        .matches("[0-9a-f]{32}").isEqualTo(got.header("X-Request-Id")));
                assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
                assertThat(got.requestLine()).isEqualTo("GET /v2/items?x=2&src=edge HTTP/1.1");
                assertThat(got.header("X-Forwarded-Proto")).isEqualTo("http");

                HttpResponse<String> asset = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/assets/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(asset.statusCode()).isEqualTo(200);
                assertThat(asset.body()).isEqualTo(Files.readString(SAMPLES.resolve("static/index.html")));
                assertThat(app.received().size() + app2.received().size()).isEqualTo(1);
            }
        }
    }
}
