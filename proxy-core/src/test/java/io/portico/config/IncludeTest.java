package io.portico.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IncludeTest {
    @TempDir
    Path dir;

    private ConfigFiles files() {
        return new ConfigFiles(dir);
    }

    private static final String CLUSTER_C = """
            [[cluster.c.subcluster.a.instance]]
            address = "127.0.0.1:9001"
            """;

    private static final String MAIN_WITHOUT_CLUSTER = """
            include = ["clusters/*.toml"]
            [[listener]]
            address = "127.0.0.1:8080"
            [[product.p.route]]
            condition = "default_t()"
            cluster = "c"
            """;

    @Test
    void globbedFilesMergeIntoTheMainFileInNameOrder() {
        files().write("clusters/b.toml", """
                [cluster.b]
                [[cluster.b.subcluster.x.instance]]
                address = "127.0.0.1:9002"
                [hosts]
                "b.example" = "p"
                """);
        files().write("clusters/a.toml", CLUSTER_C + """
                [[listener]]
                address = "127.0.0.1:8081"
                [hosts]
                "a.example" = "p"
                """);
        files().write("clusters/notes.txt", "not toml");
        files().write("clusters/.hidden.toml", "garbage = [");
        Path main = files().write("main.toml", MAIN_WITHOUT_CLUSTER);

        ProxyConfig c = ConfigLoader.load(main);

        assertThat(c.files()).containsExactly(main.toAbsolutePath().normalize(),
                dir.resolve("clusters/a.toml").toAbsolutePath().normalize(),
                dir.resolve("clusters/b.toml").toAbsolutePath().normalize());
        assertThat(c.clusters()).containsOnlyKeys("c", "b");
        assertThat(c.listeners()).extracting(ListenerConfig::port).containsExactly(8080, 8081);
        assertThat(c.hosts()).containsOnlyKeys("a.example", "b.example");
    }

    @Test
    void includesOfIncludesAreFollowedAndPathsResolveAgainstTheIncludingFile() {
        files().write("conf/certs/site.pem", "pem");
        files().write("conf/tls.toml", """
                [[tls.certificate]]
                cert = "certs/site.pem"
                key = "certs/site.pem"
                """);
        files().write("conf/clusters.toml", "include = [\"tls.toml\"]\n" + CLUSTER_C);
        Path main = files().write("main.toml", MAIN_WITHOUT_CLUSTER.replace("clusters/*.toml", "conf/clusters.toml"));

        ProxyConfig c = ConfigLoader.load(main);

        assertThat(c.files()).hasSize(3);
        assertThat(c.certificates()).singleElement().satisfies(cert -> assertThat(cert.cert())
                .isEqualTo(dir.resolve("conf/certs/site.pem").toAbsolutePath().normalize()));
    }

    @Test
    void aKeyDefinedInTwoFilesIsAnErrorNamingBoth() {
        Path other = files().write("clusters/dup.toml", CLUSTER_C + """
                [server]
                default_product = "p"
                [[product.p.route]]
                condition = "default_t()"
                cluster = "c"
                [hosts]
                "example.com" = "p"
                [modules]
                enabled = ["b"]
                """);
        Path main = files().write("main.toml", MAIN_WITHOUT_CLUSTER + """
                [server]
                graceful_shutdown_timeout = "1s"
                [hosts]
                "example.com" = "p"
                [modules]
                enabled = ["a"]
                """);

        assertThat(ConfigFiles.failures(main)).extracting(ConfigError::toString).containsExactly(
                other + ":3: server: already defined in " + main + ":7 (each key belongs to one file)",
                other + ":5: product.p: already defined in " + main + ":4 (each key belongs to one file)",
                other + ":9: hosts.\"example.com\": already defined in " + main + ":10 (each key belongs to one file)",
                other + ":11: modules.enabled: already defined in " + main + ":12 (each key belongs to one file)");
    }

    @Test
    void aClusterSplitAcrossTwoFilesIsADuplicate() {
        Path other = files().write("clusters/pool.toml", """
                [cluster.c.pool]
                max_idle_per_instance = 1
                """);
        Path main = files().write("main.toml", MAIN_WITHOUT_CLUSTER + CLUSTER_C);

        assertThat(ConfigFiles.failures(main)).extracting(ConfigError::toString).containsExactly(
                other + ":1: cluster.c: already defined in " + main + ":7 (each key belongs to one file)");
    }

    @Test
    void errorsInIncludedFilesNameThatFileAndComeAfterTheMainFilesErrors() {
        Path other = files().write("clusters/c.toml", CLUSTER_C + """
                [cluster.c]
                balance = "fast"
                """);
        Path main = files().write("main.toml", MAIN_WITHOUT_CLUSTER + "[admin]\naddress = \"nowhere\"\n");

        assertThat(ConfigFiles.failures(main)).containsExactly(
                new ConfigError(main, 8, "admin.address", "invalid address \"nowhere\": missing port; expected host:port"),
                new ConfigError(other, 4, "cluster.c.balance", "expected one of wrr, wlc; got \"fast\""));
    }

    @Test
    void includeCyclesAreErrors() {
        Path a = files().write("a.toml", "include = [\"b.toml\"]\n");
        Path b = files().write("b.toml", "include = [\"a.toml\"]\n");
        Path main = files().write("main.toml", "include = [\"a.toml\"]\n" + ConfigFiles.MINIMAL);

        assertThat(ConfigFiles.failures(main)).containsExactly(new ConfigError(b, 1, "include[0]",
                "include cycle: " + main + " -> " + a + " -> " + b + " -> " + a));
    }

    @Test
    void aFileIncludingItselfThroughAGlobIsACycle() {
        Path main = files().write("main.toml", "include = [\"*.toml\"]\n" + ConfigFiles.MINIMAL);

        assertThat(ConfigFiles.failures(main)).containsExactly(new ConfigError(main, 1, "include[0]",
                "include cycle: " + main + " -> " + main));
    }

    @Test
    void aFileReachedTwiceWithoutACycleIsReadOnce() {
        files().write("shared.toml", CLUSTER_C);
        files().write("x.toml", "include = [\"shared.toml\"]\n");
        Path main = files().write("main.toml", MAIN_WITHOUT_CLUSTER.replace("\"clusters/*.toml\"",
                "\"x.toml\", \"shared.toml\""));

        assertThat(ConfigLoader.load(main).files()).hasSize(3);
    }

    @Test
    void aMissingLiteralIncludeIsAnErrorButAnEmptyGlobIsNot() {
        Path main = files().write("main.toml", "include = [\"nothing/*.toml\", \"absent.toml\", 3]\n"
                + ConfigFiles.MINIMAL);

        assertThat(ConfigFiles.failures(main)).containsExactly(
                new ConfigError(main, 1, "include[1]", "no such file: " + dir.resolve("absent.toml")),
                new ConfigError(main, 1, "include[2]", "expected a file name or glob"));
    }

    @Test
    void includeMustBeAnArray() {
        Path main = files().write("main.toml", "include = \"a.toml\"\n" + ConfigFiles.MINIMAL);

        assertThat(ConfigFiles.failures(main)).containsExactly(new ConfigError(main, 1, "include",
                "expected an array of file names or globs, got a string"));
    }

    @Test
    void syntaxErrorsInEveryFileAreReportedTogether() {
        Path other = files().write("clusters/bad.toml", "[cluster.c\n");
        Path main = files().write("main.toml", MAIN_WITHOUT_CLUSTER + "x = = 1\n");

        List<ConfigError> errors = ConfigFiles.failures(main);
        assertThat(errors).extracting(ConfigError::file, ConfigError::line)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(main, 7),
                        org.assertj.core.groups.Tuple.tuple(other, 1));
        assertThat(errors).allSatisfy(e -> assertThat(e.reason()).startsWith("syntax error at column "));
    }

    @Test
    void relativeMainPathsShowIncludedFilesRelativeToo() {
        files().write("clusters/c.toml", CLUSTER_C + "bogus = 1\n");
        files().write("main.toml", MAIN_WITHOUT_CLUSTER);
        Path cwd = Path.of("").toAbsolutePath();
        Path relativeMain = cwd.relativize(dir.resolve("main.toml").toAbsolutePath());

        assertThat(ConfigFiles.failures(relativeMain)).singleElement().satisfies(e -> {
            assertThat(e.file()).isEqualTo(relativeMain.resolveSibling("clusters/c.toml").normalize());
            assertThat(e.key()).isEqualTo("cluster.c.subcluster.a.instance[0].bogus");
        });
    }
}
