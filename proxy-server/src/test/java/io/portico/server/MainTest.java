package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.testing.Configs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void versionPrintsTheVersionCommitAndBuildDateTheBuildWroteDown() {
        assertThat(run("--version")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8))
                .matches("portico \\S+ \\(commit \\S+, built \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\)\\R");
        assertThat(BuildInfo.current().version()).isNotEqualTo("dev");
    }

    @Test
    void helpPrintsUsageOnStdoutAndExits0() {
        assertThat(run("--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("usage: portico").contains("--check", "--version");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(run("-h")).isZero();
    }

    @Test
    void anUnknownFlagPrintsUsageAndExits2() {
        assertThat(run("--bogus")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("unknown argument: --bogus").contains("usage: portico");
    }

    @Test
    void checkAcceptsAValidConfig(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("ok.toml");
        Files.writeString(f, """
                [[listener]]
                name = "p"
                address = "127.0.0.1:0"
                """ + Configs.oneCluster("", "127.0.0.1:9"));
        assertThat(run("--check", "--config", f.toString())).isZero();
    }

    @Test
    void checkRejectsABadConfigWithOneLocatedLinePerError(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.toml");
        Files.writeString(f, """
                [[listener]]
                name = "p"
                address = "127.0.0.1:0"
                [server.timeouts]
                client_idle = "soon"
                [[product.www.route]]
                condition = "default_t()"
                cluster = "missing"
                """);
        assertThat(run("--check", "--config", f.toString())).isEqualTo(2);
        String[] lines = err.toString(StandardCharsets.UTF_8).strip().split("\n");
        assertThat(lines).hasSizeGreaterThanOrEqualTo(2);
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith(f + ":5: server.timeouts.client_idle: "));
        assertThat(lines).anySatisfy(l -> assertThat(l).startsWith(f + ":8: product.www.route[0].cluster: "));
    }

    @Test
    void checkRefusesWhatThisBuildCannotHonourAsTheServerWould(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("edge.toml");
        Files.writeString(f, """
                [[listener]]
                name = "p"
                address = "127.0.0.1:0"
                proxy_protocol = true
                """ + Configs.oneCluster("protocol = \"https\"", "127.0.0.1:9"));
        assertThat(run("--check", "--config", f.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8).strip().split("\n")).containsExactly(
                f + ": cluster.web.protocol: \"https\" to backends is not supported by this build yet");
    }

    @Test
    void aMissingConfigFileIsAClearError() {
        assertThat(run("--config", "/nonexistent/portico.toml")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("/nonexistent/portico.toml: no such config file");
    }
}
