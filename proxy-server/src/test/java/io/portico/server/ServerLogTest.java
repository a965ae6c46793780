package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portico.config.ConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** [log]: the server log goes to stdout, one line per event, as text or JSON lines, and reload changes it. */
class ServerLogTest {
    private static final String BASE = """
            [[listener]]
            name = "edge"
            address = "127.0.0.1:0"
            [[cluster.web.subcluster.a.instance]]
            address = "127.0.0.1:9"
            """;

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private PrintStream stdout;

    @BeforeEach
    void captureStdout() {
        stdout = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(stdout);
        ServerLog.apply(io.portico.config.LogConfig.DEFAULTS);
    }

    private List<String> lines() {
        List<String> out = new ArrayList<>();
        for (String line : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isBlank()) {
                out.add(line);
            }
        }
        return out;
    }

    @Test
    void jsonLinesThenTextAfterAReloadWithOneLinePerLifecycleEvent(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("portico.toml");
        Files.writeString(file, BASE + "[log]\nformat = \"json\"\nlevel = \"info\"\n");
        PorticoServer server = PorticoServer.start(ConfigLoader.load(file));
        try {
            List<String> json = lines();
            assertThat(json).isNotEmpty();
            ObjectMapper mapper = new ObjectMapper();
            JsonNode started = null;
            for (String line : json) {
                JsonNode node = mapper.readTree(line);
                assertThat(node.has("level")).as(line).isTrue();
                if (node.path("formattedMessage").asText().startsWith("started:")) {
                    started = node;
                }
            }
            assertThat(started).isNotNull();
            assertThat(started.get("level").asText()).isEqualTo("INFO");
            assertThat(started.get("timestamp").asLong()).isPositive();
            assertThat(started.get("formattedMessage").asText()).contains("listeners edge=127.0.0.1:", "config version 1");

            captured.reset();
            Files.writeString(file, BASE + "[log]\nformat = \"text\"\n");
            assertThat(server.reload()).isEqualTo(2);
            assertThat(lines()).singleElement().asString()
                    .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}\\S* INFO .*reload ok: config version 2 in service \\(was 1\\)");
        } finally {
            captured.reset();
            server.shutdown();
        }
        List<String> stop = lines();
        assertThat(stop).hasSize(3);
        assertThat(stop.get(0)).contains("drain started: listeners closed, 0 connections open, waiting up to");
        assertThat(stop.get(1)).contains("drain finished in").contains("0 connections still busy were closed");
        assertThat(stop.get(2)).endsWith("stopped");
    }

    @Test
    void levelWarnSilencesInfoEvents(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("portico.toml");
        Files.writeString(file, BASE + "[log]\nlevel = \"warn\"\n");
        PorticoServer server = PorticoServer.start(ConfigLoader.load(file));
        server.shutdown();
        assertThat(lines()).isEmpty();
    }

    @Test
    void checkRefusesALogFormatOrLevelItCannotHonour(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("portico.toml");
        Files.writeString(file, BASE + "[log]\nformat = \"xml\"\nlevel = \"trace\"\ncolour = true\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"--check", "--config", file.toString()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("log.format: expected one of text, json")
                .contains("log.level: expected one of error, warn, info, debug").contains("log.colour: unknown key");
    }

    @Test
    void checkNamesTheMinimumRateKeyWhoseValueIsNotASize(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("portico.toml");
        Files.writeString(file, BASE + "[server.timeouts]\nclient_body_min_rate = \"fast\"\nclient_write_min_rate = \"0\"\n");
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"--check", "--config", file.toString()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("server.timeouts.client_body_min_rate: invalid size \"fast\"")
                .doesNotContain("client_write_min_rate");
    }
}
