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
    void checkReadsCertificatesAndCaBundlesAsTheServerWould(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("edge.toml");
        Path key = TlsTerminationTest.pki("wild-rsa-key.pem");
        Files.writeString(f, """
                [[listener]]
                name = "p"
                address = "127.0.0.1:0"
                protocol = "https"
                proxy_protocol = true
                [[tls.certificate]]
                cert = "%s"
                key = "%s"
                [server]
                default_product = "www"
                [[product.www.route]]
                condition = "default_t()"
                cluster = "web"
                [cluster.web]
                protocol = "https"
                [cluster.web.tls]
                ca = "%s"
                [[cluster.web.subcluster.a.instance]]
                address = "127.0.0.1:9"
                """.formatted(TlsTerminationTest.pki("example-rsa-chain.pem"), key, key));
        assertThat(run("--check", "--config", f.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains(
                "tls.certificate[0]: " + key + ": this key does not belong to the certificate in");
        err.reset();
        Files.writeString(f, Files.readString(f).replace(key.toString() + "\"\n[server]",
                TlsTerminationTest.pki("example-rsa-key.pem") + "\"\n[server]"));
        assertThat(run("--check", "--config", f.toString())).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cluster.web.tls: " + key + ": no PEM CERTIFICATE in it");
    }

    @Test
    void aMissingConfigFileIsAClearError() {
        assertThat(run("--config", "/nonexistent/portico.toml")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("/nonexistent/portico.toml: no such config file");
    }

    @Test
    void anAddressAlreadyInUseIsNamedWithItsListener(@TempDir Path dir) throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            Path f = dir.resolve("taken.toml");
            Files.writeString(f, """
                    [[listener]]
                    name = "public"
                    address = "127.0.0.1:%d"
                    """.formatted(taken.getLocalPort()) + Configs.oneCluster("", "127.0.0.1:9"));
            assertThat(run("--config", f.toString())).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .contains("listener public: 127.0.0.1:" + taken.getLocalPort() + ": address already in use");

            err.reset();
            Files.writeString(f, """
                    [[listener]]
                    address = "127.0.0.1:0"
                    [admin]
                    address = "127.0.0.1:%d"
                    """.formatted(taken.getLocalPort()) + Configs.oneCluster("", "127.0.0.1:9"));
            assertThat(run("--config", f.toString())).isEqualTo(1);
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .contains("admin: 127.0.0.1:" + taken.getLocalPort() + ": address already in use");
        }
    }
}
