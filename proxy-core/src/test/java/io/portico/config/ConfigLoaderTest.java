package io.portico.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.http.PathRules;
import io.portico.http.UnderscoreNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private ConfigFiles files() {
        return new ConfigFiles(dir);
    }

    @Test
    void minimalConfigTakesEveryDefault() {
        ProxyConfig c = files().load(ConfigFiles.MINIMAL);

        assertThat(c.files()).containsExactly(dir.resolve("main.toml").toAbsolutePath().normalize());
        assertThat(c.server()).isEqualTo(new ServerConfig(Duration.ofSeconds(10), Optional.empty(),
                new TimeoutsConfig(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60),
                        Duration.ofSeconds(60), Duration.ofSeconds(60), 1024, 1024, Duration.ofSeconds(10)),
                new LimitsConfig(65536, 8192, 100, 0, LimitsConfig.MAX_CONNECTIONS_UNSET, 0), PathRules.DEFAULTS, HeadersConfig.DEFAULTS, Http2Config.DEFAULTS,
                Duration.ZERO));
        assertThat(c.listeners()).containsExactly(new ListenerConfig("127.0.0.1:8080", "127.0.0.1", 8080, "http",
                1, false, List.of(), "1.2"));
        assertThat(c.certificates()).isEmpty();
        assertThat(c.admin()).isEqualTo(AdminConfig.disabled());
        assertThat(c.admin().enabled()).isFalse();
        assertThat(c.hosts()).isEmpty();
        assertThat(c.products().get("p").routes()).singleElement().satisfies(r -> {
            assertThat(r.conditionText()).isEqualTo("default_t()");
            assertThat(r.cluster()).isEqualTo("c");
            assertThat(r.condition()).isNotNull();
        });
        ClusterConfig cluster = c.clusters().get("c");
        assertThat(cluster).isEqualTo(new ClusterConfig("c", "wrr", "http", Duration.ofSeconds(2),
                Duration.ofSeconds(60), Optional.empty(), BackendTlsConfig.DEFAULTS,
                new RetryConfig(2, 0, Set.of("GET", "HEAD", "OPTIONS", "PUT", "DELETE"), 65536),
                new HealthCheckConfig(HealthCheckConfig.Mode.PASSIVE, HealthCheckConfig.Type.HTTP, "/health_check",
                        Optional.empty(), StatusMatcher.parse("2xx"), 5, 1, Duration.ofSeconds(1), Duration.ofSeconds(1)),
                new PoolConfig(64, 0, Duration.ofSeconds(60)),
                List.of(new SubclusterConfig("a", 1, List.of(new InstanceConfig("127.0.0.1", 9001, 1))))));
        assertThat(c.modules().enabled()).isEmpty();
        assertThat(c.modules().dir()).isEmpty();
        assertThat(c.modules().settings()).isEmpty();
    }

    @Test
    void everyKeyIsBoundToItsRecord() {
        files().write("certs/a.pem", "cert");
        files().write("certs/a-key.pem", "key");
        files().write("certs/b.pem", "cert");
        files().write("certs/b-key.pem", "key");
        files().write("certs/ocsp.der", "ocsp");
        files().write("certs/ca.pem", "ca");
        files().write("mods/README", "jars");
        ProxyConfig c = files().load("""
                [server]
                graceful_shutdown_timeout = "1m30s"
                default_product = "www"
                warm_up = "15s"
                [server.timeouts]
                tls_handshake = "5s"
                client_header = "250ms"
                client_body = "1s"
                client_idle = "2m"
                client_write = "3s"
                client_body_min_rate = "2KiB"
                client_write_min_rate = 0
                client_min_rate_grace = "500ms"
                [server.limits]
                max_header_bytes = "32KiB"
                max_uri_bytes = 4096
                max_headers = 50
                max_body_bytes = "8MiB"
                max_connections = 1000
                max_requests_per_connection = 10
                [server.paths]
                normalize = false
                merge_slashes = true
                escaped_slash = "keep"
                [server.headers]
                underscores = "reject"
                [server.http2]
                max_concurrent_streams = 50
                initial_window = 65535
                connection_window = "1MiB"
                max_header_list_size = "16KiB"
                [[listener]]
                name = "tls"
                address = "[::1]:8443"
                protocol = "https"
                acceptors = 3
                proxy_protocol = true
                alpn = ["http/1.1"]
                tls_min_version = "1.3"
                [[tls.certificate]]
                cert = "certs/a.pem"
                key = "certs/a-key.pem"
                server_names = ["Example.com", "*.example.com"]
                ocsp_response = "certs/ocsp.der"
                [[tls.certificate]]
                cert = "certs/b.pem"
                key = "certs/b-key.pem"
                default = true
                [admin]
                address = "127.0.0.1:0"
                token = "s3cret"
                [hosts]
                "WWW.example.com" = "www"
                "*.example.com" = "www"
                [[product.www.route]]
                condition = "default_t()"
                cluster = "web"
                [cluster.web]
                balance = "wlc"
                protocol = "https"
                connect_timeout = "500ms"
                response_header_timeout = "5s"
                sticky = { key = "header:X-User", level = "subcluster" }
                [cluster.web.tls]
                ca = "certs/ca.pem"
                server_name = "backend.example.com"
                cert = "certs/a.pem"
                key = "certs/a-key.pem"
                insecure_skip_verify = true
                [cluster.web.retry]
                in_subcluster = 3
                cross_subcluster = 1
                methods = ["GET"]
                max_replay_body = "1MiB"
                [cluster.web.health_check]
                mode = "passive+active"
                type = "http"
                path = "/ping"
                host = "health.example.com"
                expect_status = "200|204"
                fail_threshold = 3
                success_threshold = 2
                interval = "2s"
                timeout = "500ms"
                [cluster.web.pool]
                max_idle_per_instance = 8
                max_per_instance = 16
                idle_timeout = "30s"
                [cluster.web.subclusters]
                b = 30
                a = 60
                BLACKHOLE = 10
                [[cluster.web.subcluster.a.instance]]
                address = "192.0.2.1:80"
                weight = 5
                [[cluster.web.subcluster.a.instance]]
                address = "[2001:db8::2]:80"
                weight = 0
                [[cluster.web.subcluster.b.instance]]
                address = "backend.internal:8080"
                [modules]
                enabled = ["access_log", "header"]
                dir = "mods"
                [modules.access_log]
                path = "-"
                """);
        Path certs = dir.resolve("certs").toAbsolutePath().normalize();

        assertThat(c.server()).isEqualTo(new ServerConfig(Duration.ofSeconds(90), Optional.of("www"),
                new TimeoutsConfig(Duration.ofSeconds(5), Duration.ofMillis(250), Duration.ofSeconds(1),
                        Duration.ofMinutes(2), Duration.ofSeconds(3), 2048, 0, Duration.ofMillis(500)),
                new LimitsConfig(32768, 4096, 50, 8 << 20, 1000, 10), new PathRules(false, true, true),
                new HeadersConfig(UnderscoreNames.REJECT), new Http2Config(50, 65535, 1 << 20, 16384),
                Duration.ofSeconds(15)));
        assertThat(c.listeners()).containsExactly(new ListenerConfig("tls", "::1", 8443, "https", 3, true,
                List.of("http/1.1"), "1.3"));
        assertThat(c.certificates()).containsExactly(
                new CertificateConfig(certs.resolve("a.pem"), certs.resolve("a-key.pem"),
                        List.of("example.com", "*.example.com"), false, Optional.of(certs.resolve("ocsp.der"))),
                new CertificateConfig(certs.resolve("b.pem"), certs.resolve("b-key.pem"), List.of(), true,
                        Optional.empty()));
        assertThat(c.admin()).isEqualTo(new AdminConfig(true, "127.0.0.1", 0, Optional.of("s3cret")));
        assertThat(c.hosts()).containsExactly(
                java.util.Map.entry("www.example.com", "www"), java.util.Map.entry("*.example.com", "www"));
        ClusterConfig web = c.clusters().get("web");
        assertThat(web.balance()).isEqualTo("wlc");
        assertThat(web.protocol()).isEqualTo("https");
        assertThat(web.connectTimeout()).isEqualTo(Duration.ofMillis(500));
        assertThat(web.responseHeaderTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(web.sticky()).contains(new StickyConfig(StickyConfig.Kind.HEADER, "x-user",
                StickyConfig.Level.SUBCLUSTER));
        assertThat(web.tls()).isEqualTo(new BackendTlsConfig(Optional.of(certs.resolve("ca.pem")),
                Optional.of("backend.example.com"), Optional.of(certs.resolve("a.pem")),
                Optional.of(certs.resolve("a-key.pem")), true));
        assertThat(web.retry()).isEqualTo(new RetryConfig(3, 1, Set.of("GET"), 1 << 20));
        assertThat(web.healthCheck()).isEqualTo(new HealthCheckConfig(HealthCheckConfig.Mode.PASSIVE_ACTIVE,
                HealthCheckConfig.Type.HTTP, "/ping", Optional.of("health.example.com"),
                StatusMatcher.parse("200|204"), 3, 2, Duration.ofSeconds(2), Duration.ofMillis(500)));
        assertThat(web.healthCheck().expectStatus().matches(204)).isTrue();
        assertThat(web.pool()).isEqualTo(new PoolConfig(8, 16, Duration.ofSeconds(30)));
        assertThat(web.subclusters()).containsExactly(
                new SubclusterConfig("b", 30, List.of(new InstanceConfig("backend.internal", 8080, 1))),
                new SubclusterConfig("a", 60, List.of(new InstanceConfig("192.0.2.1", 80, 5),
                        new InstanceConfig("2001:db8::2", 80, 0))),
                new SubclusterConfig("BLACKHOLE", 10, List.of()));
        assertThat(web.subclusters().get(2).blackhole()).isTrue();
        assertThat(web.subclusters().get(1).instances().get(1).address()).isEqualTo("[2001:db8::2]:80");
        assertThat(c.modules().enabled()).containsExactly("access_log", "header");
        assertThat(c.modules().dir()).contains(dir.resolve("mods").toAbsolutePath().normalize());
        assertThat(c.modules().settings()).containsOnlyKeys("access_log");
        assertThat(c.modules().settings("access_log").getString("path")).isEqualTo("-");
        assertThat(c.modules().settings("header").isEmpty()).isTrue();
        assertThat(c.modules().settingsFiles()).containsEntry("access_log", dir.resolve("main.toml"));
    }

    @Test
    void firstCertificateIsTheDefaultWhenNoneIsMarked() {
        files().write("a.pem", "x");
        ProxyConfig c = files().load(ConfigFiles.MINIMAL + """
                [[tls.certificate]]
                cert = "a.pem"
                key = "a.pem"
                [[tls.certificate]]
                cert = "a.pem"
                key = "a.pem"
                """);
        assertThat(c.certificates()).extracting(CertificateConfig::isDefault).containsExactly(true, false);
    }

    @Test
    void httpsListenerOffersH2AndHttp11ByDefault() {
        files().write("a.pem", "x");
        ProxyConfig c = files().load(ConfigFiles.MINIMAL + """
                [[listener]]
                address = "127.0.0.1:8443"
                protocol = "https"
                [[tls.certificate]]
                cert = "a.pem"
                key = "a.pem"
                """);
        assertThat(c.listeners().get(1).alpn()).containsExactly("h2", "http/1.1");
        assertThat(c.listeners().get(1).https()).isTrue();
    }

    @Test
    void adminSectionWithoutAddressListensOnLoopback8421() {
        ProxyConfig c = files().load(ConfigFiles.MINIMAL + "[admin]\n");
        assertThat(c.admin()).isEqualTo(new AdminConfig(true, "127.0.0.1", 8421, Optional.empty()));
    }

    @Test
    void stickyBySourceIpDefaultsToInstanceLevelAndCookieNamesKeepTheirCase() {
        ProxyConfig c = files().load(ConfigFiles.MINIMAL + """
                [cluster.c]
                sticky = { key = "source_ip" }
                [cluster.d.sticky]
                key = "cookie:SessionId"
                [[cluster.d.subcluster.a.instance]]
                address = "127.0.0.1:9001"
                """);
        assertThat(c.clusters().get("c").sticky()).contains(new StickyConfig(StickyConfig.Kind.SOURCE_IP, "",
                StickyConfig.Level.INSTANCE));
        assertThat(c.clusters().get("d").sticky()).contains(new StickyConfig(StickyConfig.Kind.COOKIE, "SessionId",
                StickyConfig.Level.INSTANCE));
    }

    @Test
    void emptyStringsMeanAbsentForOptionalValues() {
        ProxyConfig c = files().load(ConfigFiles.MINIMAL + """
                [server]
                default_product = ""
                [admin]
                token = ""
                [cluster.c]
                protocol = "https"
                [cluster.c.tls]
                ca = ""
                server_name = ""
                cert = ""
                key = ""
                [cluster.c.health_check]
                host = ""
                """);
        assertThat(c.server().defaultProduct()).isEmpty();
        assertThat(c.admin().token()).isEmpty();
        assertThat(c.clusters().get("c").tls()).isEqualTo(BackendTlsConfig.DEFAULTS);
        assertThat(c.clusters().get("c").healthCheck().host()).isEmpty();
    }

    @Test
    void tcpHealthChecksAndZeroDurationsWhereAllowed() {
        ProxyConfig c = files().load(ConfigFiles.MINIMAL + """
                [server]
                graceful_shutdown_timeout = "0"
                [cluster.c.health_check]
                type = "tcp"
                mode = "active"
                """);
        assertThat(c.server().gracefulShutdownTimeout()).isZero();
        assertThat(c.clusters().get("c").healthCheck().type()).isEqualTo(HealthCheckConfig.Type.TCP);
        assertThat(c.clusters().get("c").healthCheck().mode().probesAlways()).isTrue();
        assertThat(c.clusters().get("c").healthCheck().mode().watchesTraffic()).isFalse();
    }

    @Test
    void recordsAreImmutable() {
        ProxyConfig c = files().load(ConfigFiles.MINIMAL);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.listeners().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.clusters().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> c.clusters().get("c").subclusters().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void errorsRenderAsFileLineKeyReason() {
        Path main = files().write("main.toml", ConfigFiles.MINIMAL + "[server]\nbogus = 1\n");
        ConfigException e = org.assertj.core.api.Assertions.catchThrowableOfType(ConfigException.class,
                () -> ConfigLoader.load(main));
        assertThat(ConfigLoader.describe(e)).isEqualTo(main + ":9: server.bogus: unknown key; allowed keys: "
                + "graceful_shutdown_timeout, default_product, timeouts, limits, paths, headers, http2, warm_up");
        assertThat(e.getMessage()).isEqualTo(ConfigLoader.describe(e));
        assertThat(new ConfigError(main, 0, "", "cannot read: no such file").toString())
                .isEqualTo(main + ": cannot read: no such file");
        assertThat(new ConfigError(main, 0, "listener", "at least one [[listener]] is required").toString())
                .isEqualTo(main + ": listener: at least one [[listener]] is required");
    }

    @Test
    void missingMainFileIsOneErrorWithoutALine() {
        Path missing = dir.resolve("nope.toml");
        assertThat(ConfigFiles.failures(missing)).containsExactly(
                new ConfigError(missing, 0, "", "cannot read: no such file"));
    }

    @Test
    void syntaxErrorsCarryTheirLineAndStopBeforeTheSchemaCheck() {
        assertThat(files().errors("""
                [server]
                graceful_shutdown_timeout =
                unknown_but_not_reported = 1
                [server]
                """)).containsExactly(
                "2: : syntax error at column 28: Unexpected end of line, expected a value",
                "4: : syntax error at column 1: server previously defined at line 1, column 1");
    }

    @Test
    void moduleLoadersGetLocatedErrorsForNamesAndSettings() {
        Path main = files().write("main.toml", ConfigFiles.MINIMAL + """
                [modules]
                enabled = ["access_log",
                           "nope"]
                [modules.access_log]
                format = "weird"
                """);
        ModulesConfig m = ConfigLoader.load(main).modules();

        assertThat(m.errorAt("nope", "", "no module named \"nope\""))
                .isEqualTo(new ConfigError(main, 10, "modules.enabled[1]", "no module named \"nope\""));
        assertThat(m.errorAt("access_log", "format", "unknown format"))
                .isEqualTo(new ConfigError(main, 12, "modules.access_log.format", "unknown format"));
        assertThat(m.errorAt("other", "x", "no section"))
                .isEqualTo(new ConfigError(main, 0, "modules.other.x", "no section"));
    }
}
