package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.portico.config.ConfigLoader;
import io.portico.server.bfe.BfeImport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * portico import-bfe on config-samples/bfe/conf (a tree in BFE's documented formats): the output
 * passes --check, warns about what has no equivalent, and a proxy started on it sends each request
 * to the cluster BFE's host table and route rules pick (small backends stand in for the instances).
 */
class BfeImportTest {
    private static final Path SAMPLE = Path.of("..", "config-samples", "bfe", "conf").toAbsolutePath().normalize();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, TestBackend> backends = new HashMap<>();
    private Path conf;

    @BeforeEach
    void copyTheSampleWithBackendsInPlaceOfItsInstances(@TempDir Path dir) throws IOException {
        conf = dir.resolve("conf");
        try (Stream<Path> files = Files.walk(SAMPLE)) {
            for (Path from : files.sorted(Comparator.naturalOrder()).toList()) {
                Path to = conf.resolve(SAMPLE.relativize(from).toString());
                if (Files.isDirectory(from)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(from, to);
                }
            }
        }
        Path table = conf.resolve("cluster_conf/cluster_table.data");
        ObjectNode root = (ObjectNode) JSON.readTree(table.toFile());
        for (var cluster : root.get("Config").properties()) {
            for (var sub : cluster.getValue().properties()) {
                for (var instance : sub.getValue()) {
                    String name = instance.get("Name").asText();
                    TestBackend b = TestBackend.answering(name);
                    backends.put(name, b);
                    ((ObjectNode) instance).put("Port", b.port());
                }
            }
        }
        JSON.writeValue(table.toFile(), root);
        Path bfeConf = conf.resolve("bfe.conf");
        Files.writeString(bfeConf, Files.readString(bfeConf).replace("HttpPort = 8080", "HttpPort = 0")
                .replace("MonitorPort = 8421", "MonitorPort = 0"));
    }

    @AfterEach
    void stopBackends() throws IOException {
        for (TestBackend b : backends.values()) {
            b.close();
        }
    }

    private Path imported() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"import-bfe", conf.toString()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
        Path toml = conf.getParent().resolve("imported.toml");
        Files.writeString(toml, out.toString(StandardCharsets.UTF_8));
        return toml;
    }

    @Test
    void anHttpsPortWithItsCertificatesInPlaceBecomesAServingHttpsListener() throws Exception {
        Path certs = Files.createDirectories(conf.resolve("tls_conf/certs"));
        Files.copy(TlsTerminationTest.pki("default-rsa-chain.pem"), certs.resolve("server.crt"));
        Files.copy(TlsTerminationTest.pki("default-rsa-key.pem"), certs.resolve("server.key"));
        Path bfeConf = conf.resolve("bfe.conf");
        Files.writeString(bfeConf, Files.readString(bfeConf).replaceAll("HttpsPort = \\d+", "HttpsPort = 0"));
        Path toml = imported();
        var config = ConfigLoader.load(toml);
        assertThat(config.listeners()).anySatisfy(l -> assertThat(l.https()).isTrue());
        assertThat(config.certificates()).singleElement().satisfies(c -> assertThat(c.serverNames()).containsExactly("example.org"));
        assertThat(Main.run(new String[] {"--check", "--config", toml.toString()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()))).isZero();
    }

    @Test
    void theOutputPassesCheckAndEveryKeyWithoutAnEquivalentIsAWarningNamingFileAndKey() throws IOException {
        Path toml = imported();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"--check", "--config", toml.toString()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();

        BfeImport.Result result = BfeImport.convert(conf);
        assertThat(result.warnings()).anyMatch(w -> w.startsWith("bfe.conf: Server.MaxCpus: no equivalent"))
                .anyMatch(w -> w.startsWith("bfe.conf: Server.MonitorInterval: no equivalent"))
                .anyMatch(w -> w.startsWith("bfe.conf: Server.HttpsPort: the https listener and its certificates are written "
                        + "commented out: not found: tls_conf/certs/server.crt, tls_conf/certs/server.key"))
                .anyMatch(w -> w.startsWith("bfe.conf: HttpsBasic.CurvePreferences: no equivalent"))
                .anyMatch(w -> w.startsWith("bfe.conf: Server.Modules: mod_trace has no equivalent"))
                .anyMatch(w -> w.startsWith("bfe.conf: Server.Modules: mod_compress left out: Portico's compress is not an equivalent"))
                .anyMatch(w -> w.startsWith("server_data_conf/cluster_conf.data: Config.web_cluster.ClusterBasic.TimeoutReadClient:"))
                .anyMatch(w -> w.startsWith("server_data_conf/cluster_conf.data: Config.web_cluster.GslbBasic.HashConf:"));
        var config = ConfigLoader.load(toml);
        assertThat(config.modules().enabled()).containsExactly("trust_client_ip", "request_id", "tag", "block", "rate_limit",
                "auth_basic", "auth_jwt", "static", "rewrite", "header", "redirect", "cors", "errors", "access_log");
        var web = config.cluster("web_cluster").orElseThrow();
        assertThat(web.connectTimeout()).hasMillis(1500);
        assertThat(web.retry().inSubcluster()).isEqualTo(2);
        assertThat(web.retry().crossSubcluster()).isEqualTo(1);
        assertThat(web.retry().methods()).isEmpty();
        assertThat(web.healthCheck().failThreshold()).isEqualTo(10);
        assertThat(web.pool().maxIdlePerInstance()).isEqualTo(32);
        assertThat(config.cluster("api_read_cluster").orElseThrow().balance()).isEqualTo("wlc");
        assertThat(config.server().defaultProduct()).contains("www");
    }

    @Test
    void aProxyOnTheImportedConfigRoutesAsBfesRulesWould() throws Exception {
        PorticoServer server = PorticoServer.start(ConfigLoader.load(imported()));
        try {
            int port = server.listenerAddresses().get(0).getPort();
            assertThat(get(port, "GET", "www.example.org", "/static/app.css")).isEqualTo("static-1");
            assertThat(get(port, "GET", "example.org", "/index.html")).isIn("web-bj-1", "web-sh-1");
            assertThat(get(port, "GET", "api.example.org", "/v1/users")).isIn("api-1", "api-2");
            assertThat(get(port, "HEAD", "api.example.org", "/v1/users")).isEmpty();
            assertThat(get(port, "POST", "api.example.org", "/v1/users")).isIn("web-bj-1", "web-sh-1");
            assertThat(get(port, "GET", "api.example.org", "/v2/users")).isIn("web-bj-1", "web-sh-1");
            // DefaultProduct: a host the table does not list is product www.
            assertThat(get(port, "GET", "unknown.example.net", "/static/x.js")).isEqualTo("static-1");
            assertThat(get(port, "GET", "unknown.example.net", "/")).isIn("web-bj-1", "web-sh-1");

            // mod_block: the global ALLOW comes before www's CLOSE of /internal/.
            assertThat(get(port, "GET", "www.example.org", "/internal/status")).isIn("web-bj-1", "web-sh-1");
            assertThat(closedWithoutAnswer(port, "www.example.org", "/internal/users")).isTrue();
            assertThat(get(port, "GET", "api.example.org", "/internal/users")).isIn("web-bj-1", "web-sh-1");

            // mod_header: the global Last rule for /static/ keeps its Cache-Control from the global
            // rule after it (on the response side only); api's Last rule for /v1/ stops api's next rule.
            assertThat(response(port, "www.example.org", "/static/app.css")).contains("\r\nCache-Control: max-age=3600\r\n")
                    .doesNotContain("no-store");
            assertThat(backends.get("static-1").last().header("X-Bfe-Log-Id")).matches("[0-9a-f]+");
            assertThat(response(port, "www.example.org", "/")).contains("\r\nCache-Control: no-store\r\n")
                    .doesNotContain("X-Api-Version");
            assertThat(response(port, "api.example.org", "/v1/users", "Cookie: a=1")).contains("\r\nX-Api-Version: 1\r\n")
                    .doesNotContain("X-Api-Version: 0").contains("\r\nCache-Control: no-store\r\n");
            TestBackend.Received v1 = Stream.of("api-1", "api-2").map(backends::get).filter(b -> !b.received().isEmpty())
                    .findFirst().orElseThrow().last();
            assertThat(v1.header("Cookie")).isNull();
            assertThat(v1.header("X-Client-Ip")).isEqualTo("127.0.0.1");
            assertThat(response(port, "api.example.org", "/v2/users")).contains("\r\nX-Api-Version: 0\r\n");
            // mod_trust_clientip trusts 127.0.0.1: the address its X-Forwarded-For gives is the client's.
            response(port, "api.example.org", "/v1/users", "X-Forwarded-For: 203.0.113.9");
            assertThat(Stream.of("api-1", "api-2").map(backends::get).flatMap(b -> b.received().stream())
                    .map(r -> r.header("X-Client-Ip"))).contains("203.0.113.9");

            // mod_tag tags api requests of the beta channel, and api's first route rule sends them to static.
            assertThat(response(port, "api.example.org", "/v2/users", "X-Channel: beta")).endsWith("\r\n\r\nstatic-1");
            assertThat(response(port, "www.example.org", "/", "X-Channel: beta")).doesNotEndWith("static-1");

            // mod_redirect, per product.
            assertThat(response(port, "www.example.org", "/old-blog/post")).startsWith("HTTP/1.1 301")
                    .contains("\r\nLocation: https://blog.example.org/\r\n");
            assertThat(response(port, "api.example.org", "/v0/users?x=1")).startsWith("HTTP/1.1 308")
                    .contains("\r\nLocation: https://legacy-api.example.org/v0/users?x=1\r\n");
            assertThat(response(port, "www.example.org", "/v0/users")).startsWith("HTTP/1.1 200");

            // mod_cors: api's /v1/ echoes the origin ("%origin") with credentials; www has no rule.
            assertThat(response(port, "api.example.org", "/v1/users", "Origin: https://app.example.net"))
                    .contains("\r\nAccess-Control-Allow-Origin: https://app.example.net\r\n")
                    .contains("\r\nAccess-Control-Allow-Credentials: true\r\n")
                    .contains("\r\nAccess-Control-Expose-Headers: X-Api-Version\r\n");
            assertThat(response(port, "www.example.org", "/", "Origin: https://app.example.net"))
                    .doesNotContain("Access-Control-Allow-Origin");

            // mod_rewrite runs after the route rules: www's /assets/ goes where its original path routes
            // (web, not static), with the rewritten path; api's /v1/old/ is read by api_read_cluster as /v1/.
            assertThat(get(port, "GET", "www.example.org", "/assets/app.css")).isIn("web-bj-1", "web-sh-1");
            assertThat(Stream.of("web-bj-1", "web-sh-1").map(backends::get).filter(b -> !b.received().isEmpty())
                    .map(TestBackend::last).map(TestBackend.Received::requestLine)).contains("GET /static/app.css HTTP/1.1");
            assertThat(get(port, "GET", "api.example.org", "/v1/old/users?id=7")).isIn("api-1", "api-2");
            assertThat(Stream.of("api-1", "api-2").map(backends::get).flatMap(b -> b.received().stream())
                    .map(TestBackend.Received::requestLine)).contains("GET /v1/users?id=7&from=old HTTP/1.1");

            // mod_static serves www's /docs/ from its root.
            assertThat(response(port, "www.example.org", "/docs/index.html")).startsWith("HTTP/1.1 200").endsWith("<h1>Docs</h1>\n");
            assertThat(response(port, "www.example.org", "/docs/start.md")).contains("\r\nContent-Type: text/markdown; charset=utf-8\r\n");
            assertThat(response(port, "www.example.org", "/docs/missing.html")).startsWith("HTTP/1.1 404");
            assertThat(response(port, "api.example.org", "/docs/index.html")).doesNotContain("<h1>Docs</h1>");

            // mod_auth_basic asks for www's /admin/ credentials from the user file, and passes them on.
            assertThat(response(port, "www.example.org", "/admin/users")).startsWith("HTTP/1.1 401")
                    .contains("\r\nWWW-Authenticate: Basic realm=\"staff\"");
            assertThat(response(port, "www.example.org", "/admin/users", "Authorization: Basic b3BzOnMzY3JldA=="))
                    .startsWith("HTTP/1.1 200");
            assertThat(response(port, "www.example.org", "/admin/users", "Authorization: Basic b3BzOndyb25n"))
                    .startsWith("HTTP/1.1 401");

            // mod_auth_jwt asks api's /account/ for a bearer token the key file's key verifies, and passes it on.
            long now = System.currentTimeMillis() / 1000;
            String valid = sampleToken("{\"alg\":\"HS256\",\"kid\":\"0001\"}", "{\"sub\":\"ann\",\"exp\":" + (now + 600) + "}");
            assertThat(response(port, "api.example.org", "/account/me")).startsWith("HTTP/1.1 401")
                    .contains("\r\nWWW-Authenticate: Bearer\r\n");
            assertThat(response(port, "api.example.org", "/account/me", "Authorization: Bearer " + valid)).startsWith("HTTP/1.1 200");
            assertThat(Stream.of("web-bj-1", "web-sh-1").map(backends::get).flatMap(b -> b.received().stream())
                    .map(r -> r.header("Authorization"))).contains("Bearer " + valid);
            assertThat(response(port, "api.example.org", "/account/me", "Authorization: Bearer "
                    + sampleToken("{\"alg\":\"HS256\"}", "{\"iat\":" + (now - 5) + "}"))).as("no kid, no exp: BFE takes it too")
                    .startsWith("HTTP/1.1 200");
            String forged = valid.substring(0, valid.lastIndexOf('.') + 1) + sign("another-secret-of-at-least-32-bytes!".getBytes(
                    StandardCharsets.UTF_8), valid.substring(0, valid.lastIndexOf('.')));
            for (String bad : new String[] {forged, sampleToken("{\"alg\":\"HS256\"}", "{\"exp\":" + (now - 5) + "}"),
                    sampleToken("{\"alg\":\"HS256\"}", "{\"iat\":" + (now + 600) + "}"), "not.a.token"}) {
                assertThat(response(port, "api.example.org", "/account/me", "Authorization: Bearer " + bad)).as(bad)
                        .startsWith("HTTP/1.1 401").contains("\r\nWWW-Authenticate: Bearer error=\"invalid_token\"\r\n");
            }
            assertThat(response(port, "www.example.org", "/account/me")).as("www has no rule").startsWith("HTTP/1.1 200");

            // mod_prison: three logins a minute per client, then its connections are closed.
            for (int i = 0; i < 3; i++) {
                assertThat(response(port, "www.example.org", "/login")).startsWith("HTTP/1.1 200");
            }
            assertThat(closedWithoutAnswer(port, "www.example.org", "/login")).isTrue();
            assertThat(response(port, "api.example.org", "/login")).startsWith("HTTP/1.1 200");

            // GSLB weights web.bj 60, web.sh 40: a weighted draw per request.
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i < 400; i++) {
                counts.merge(get(port, "GET", "www.example.org", "/"), 1, Integer::sum);
            }
            assertThat(counts.keySet()).containsExactlyInAnyOrder("web-bj-1", "web-sh-1");
            assertThat(counts.get("web-bj-1")).isBetween(190, 290);

            // mod_errors: with static's instance gone, www's GET gets the page as a 503 (BFE's RETURN "503").
            backends.get("static-1").close();
            assertThat(response(port, "www.example.org", "/static/app.css")).startsWith("HTTP/1.1 503")
                    .contains("<h1>We are back in a moment</h1>");
        } finally {
            server.close();
        }
    }

    @Test
    void mod_blockRangesBecomeTheCidrBlocksThatCoverThemAndItsRulesKeepBfesOrder() throws IOException {
        String toml = BfeImport.convert(conf).toml();
        assertThat(toml).contains("blocklist = [\"10.1.1.0/25\", \"10.1.1.128/26\", \"10.1.1.192/27\", \"10.1.1.224/28\", "
                + "\"10.1.1.240/29\", \"10.1.1.248/30\", \"10.1.1.252/31\", \"10.1.1.254/32\", \"192.0.2.100/32\", "
                + "\"2001:db8:0:0:0:0:0:1/128\"]");
        assertThat(toml.indexOf("action = \"allow\"")).isPositive().isLessThan(toml.indexOf("action = \"close\""));
    }

    @Test
    void mod_blockLinesAndRulesItCannotCarryOverAreWarnings() throws IOException {
        Files.writeString(conf.resolve("mod_block/ip_blocklist.data"), "10.0.0.1 10.0.0.9 10.0.0.12\nexample.org\n10.0.0.1 ::1\n10.0.0.9 10.0.0.1\n");
        Files.writeString(conf.resolve("mod_block/block_rules.data"), """
                {"Config": {"www": [{"cond": "default_t()", "action": {"cmd": "DROP"}}, {"Action": {"Cmd": "CLOSE"}}]}}
                """);
        BfeImport.Result result = BfeImport.convert(conf);
        assertThat(result.warnings())
                .anyMatch(w -> w.startsWith("mod_block/ip_blocklist.data: line 1: \"10.0.0.1 10.0.0.9 10.0.0.12\" is not an address"))
                .anyMatch(w -> w.startsWith("mod_block/ip_blocklist.data: line 2: \"example.org\" is not an address"))
                .anyMatch(w -> w.startsWith("mod_block/ip_blocklist.data: line 3:"))
                .anyMatch(w -> w.startsWith("mod_block/ip_blocklist.data: line 4: \"10.0.0.9 10.0.0.1\" is not an address or a range "
                        + "(the range ends before it starts)"))
                .anyMatch(w -> w.startsWith("mod_block/block_rules.data: Config.www[0]: action DROP is not CLOSE or ALLOW"))
                .anyMatch(w -> w.startsWith("mod_block/block_rules.data: Config.www[1]: no Cond"));
        assertThat(result.toml()).doesNotContain("[[modules.block.rule]]").contains("blocklist = []");
    }

    @Test
    void mod_headerRulesItCannotCarryOverAreWarningsAndTheRestIsKept() throws IOException {
        Files.writeString(conf.resolve("mod_header/header_rule.data"), """
                {"Version": "t", "Config": {"www": [
                  {"Cond": "default_t()", "Actions": [{"Cmd": "REQ_HEADER_SET", "Params": ["X-Vip", "%bfe_backend_info"]}], "Last": false},
                  {"Cond": "default_t()", "Actions": [{"Cmd": "REQ_COOKIE_SET", "Params": ["a", "b"]}], "Last": false},
                  {"Cond": "default_t()", "Actions": [{"Cmd": "REQ_HEADER_ADD", "Params": ["X-A", "1"]},
                                                      {"Cmd": "REQ_HEADER_SET", "Params": ["x-a", "2"]}], "Last": false},
                  {"Cond": "default_t()", "Actions": [{"Cmd": "RSP_HEADER_DEL", "Params": ["Content-Length"]}], "Last": false},
                  {"Cond": "default_t()", "Actions": [{"Cmd": "RSP_HEADER_SET", "Params": ["X-Only-Name"]}], "Last": false},
                  {"Cond": "default_t()", "Actions": [{"Cmd": "RSP_HEADER_SET", "Params": ["X-Pct", "100%"]},
                                                      {"Cmd": "RSP_HEADER_ADD", "Params": ["X-Two", "a"]},
                                                      {"Cmd": "RSP_HEADER_ADD", "Params": ["X-Two", "b"]}], "Last": false}
                ]}}
                """);
        BfeImport.Result result = BfeImport.convert(conf);
        String file = "mod_header/header_rule.data: Config.www";
        assertThat(result.warnings())
                .anyMatch(w -> w.startsWith(file + "[0].Actions[0]: variable %bfe_backend_info has no equivalent"))
                .anyMatch(w -> w.startsWith(file + "[1].Actions[0]: action REQ_COOKIE_SET has no equivalent"))
                .anyMatch(w -> w.startsWith(file + "[2].Actions[1]: REQ_HEADER_SET x-a comes after an edit Portico applies later"))
                .anyMatch(w -> w.startsWith(file + "[3].Actions[0]: \"Content-Length\" is a field the proxy owns"))
                .anyMatch(w -> w.startsWith(file + "[4].Actions[0]: RSP_HEADER_SET takes 2 parameter(s), got 1"));
        assertThat(result.toml()).containsOnlyOnce("[[modules.header.rule]]")
                .contains("response_set = { \"X-Pct\" = \"100%%\" }\nresponse_add = { \"X-Two\" = [\"a\", \"b\"] }");
        Path toml = conf.getParent().resolve("warned.toml");
        Files.writeString(toml, result.toml());
        assertThat(Main.run(new String[] {"--check", "--config", toml.toString()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()))).isZero();
    }

    @Test
    void mod_trust_clientipSegmentsItCannotReadAreWarnings() throws IOException {
        Files.writeString(conf.resolve("mod_trust_clientip/trust_client_ip.data"), """
                {"Version": "t", "Config": {"idc": [{"Begin": "10.0.0.9", "End": "10.0.0.1"}, {"Begin": "10.0.0.1", "End": "::1"},
                                                    {"Begin": "a.example", "End": "a.example"}]}}
                """);
        BfeImport.Result result = BfeImport.convert(conf);
        String file = "mod_trust_clientip/trust_client_ip.data: ";
        assertThat(result.warnings())
                .anyMatch(w -> w.startsWith(file + "Config.idc[0]: \"10.0.0.9\" to \"10.0.0.1\": not a range"))
                .anyMatch(w -> w.startsWith(file + "Config.idc[1]: \"10.0.0.1\" to \"::1\": not a range"))
                .anyMatch(w -> w.startsWith(file + "Config.idc[2]: \"a.example\" to \"a.example\": a.example is not an address literal"))
                .anyMatch(w -> w.startsWith(file + "Config: no trusted addresses; trust_client_ip left out"));
        assertThat(result.toml()).doesNotContain("trust_client_ip");
    }

    @Test
    void mod_redirectRulesItCannotCarryOverAreWarnings() throws IOException {
        Files.writeString(conf.resolve("mod_redirect/redirect.data"), """
                {"Version": "t", "Config": {"www": [
                  {"Cond": "default_t()", "Actions": [{"Cmd": "URL_SET", "Params": ["/a"]}, {"Cmd": "SCHEME_SET", "Params": ["https"]}], "Status": 302},
                  {"Cond": "default_t()", "Actions": [{"Cmd": "URL_SET", "Params": ["/a"]}], "Status": 200},
                  {"Cond": "default_t()", "Actions": [{"Cmd": "URL_REWRITE", "Params": ["/a"]}], "Status": 302},
                  {"Cond": "req_path_in(\\"/s\\", false)", "Actions": [{"Cmd": "SCHEME_SET", "Params": ["HTTPS"]}], "Status": 301}
                ]}}
                """);
        BfeImport.Result result = BfeImport.convert(conf);
        String file = "mod_redirect/redirect.data: Config.www";
        assertThat(result.warnings())
                .anyMatch(w -> w.startsWith(file + "[0]: Portico's redirect rules take one action, this has 2"))
                .anyMatch(w -> w.startsWith(file + "[1]: status 200 is not 301, 302, 303, 307 or 308"))
                .anyMatch(w -> w.startsWith(file + "[2].Actions[0]: action URL_REWRITE has no equivalent"))
                .anyMatch(w -> w.startsWith(file + "[3].Actions[0]: SCHEME_SET redirects only hosts listed in [hosts]"));
        assertThat(result.toml()).containsOnlyOnce("[[modules.redirect.rule]]").contains("scheme = \"https\"\nstatus = 301");
    }

    @Test
    void theNewModulesConvertAsBfeAppliesThem() throws IOException {
        String toml = BfeImport.convert(conf).toml();
        assertThat(toml).contains("[modules.rewrite]\nafter_route = true")
                .contains("product = \"api\"\ncondition = \"req_path_prefix_in(\\\"/v1/old/\\\", false)\"\npath_prefix_trim = \"/v1/old\"\n"
                        + "path_prefix_add = \"/v1/\"\nquery_append = { from = \"old\" }\nlast = true")
                .contains("key = \"ip\"\nthreshold = 3\nperiod = \"60s\"\nstay = \"300s\"\naction = \"close\"\nmax_keys = 20000")
                .contains("status = [502, 503, 504]\ncondition = \"req_method_in(\\\"GET|HEAD\\\")\"\nfile = \""
                        + conf.resolve("mod_errors/50x.html").toAbsolutePath().normalize() + "\"\n"
                        + "content_type = \"text/html; charset=utf-8\"\nbody_status = 503")
                .contains("product = \"api\"\nstatus = [502, 503, 504]\nredirect = \"https://status.example.org/\"")
                .contains("root = \"" + conf.resolve("mod_static/www").toAbsolutePath().normalize() + "\"\nindex = []\n"
                        + "mime_types = { md = \"text/markdown; charset=utf-8\" }")
                .contains("user_file = \"" + conf.resolve("mod_auth_basic/userfile").toAbsolutePath().normalize() + "\"\n"
                        + "realm = \"staff\"\nforward_authorization = true")
                .contains("[modules.auth_jwt]\nproduct = \"api\"\ncondition = \"req_path_prefix_in(\\\"/account/\\\", false)\"\n"
                        + "jwks_file = \"" + conf.resolve("mod_auth_jwt/key_file").toAbsolutePath().normalize() + "\"\n"
                        + "algorithms = [\"HS256\"]\nrequire_exp = false ")
                .containsPattern("\ncheck_iat = true +# .*\nleeway = \"0s\" +# .*\nforward_token = true +# ");
        String file = "mod_auth_jwt/auth_jwt_rule.data: Config.api[0]";
        assertThat(BfeImport.convert(conf).warnings()).filteredOn(w -> w.startsWith("mod_auth_jwt/")).hasSize(5)
                .anyMatch(w -> w.startsWith(file + ".KeyFile: with these keys BFE also takes tokens signed with HS384, HS512; "
                        + "Portico takes HS256 only, so it refuses those (stricter)"))
                .anyMatch(w -> w.startsWith(file + ".KeyFile: BFE tries every key on a token whatever its kid") && w.endsWith("(stricter)"))
                .anyMatch(w -> w.startsWith(file + ": Portico refuses some tokens BFE takes (stricter)"))
                .anyMatch(w -> w.startsWith(file + ": BFE reads the token only from the first Authorization field"))
                .anyMatch(w -> w.startsWith(file + ".Realm: BFE answers 401 with WWW-Authenticate: Bearer realm=\"api\" and no body"));
    }

    /** An HS256 token signed with the key of the sample's mod_auth_jwt/key_file. */
    private String sampleToken(String header, String claims) throws Exception {
        byte[] key = Base64.getUrlDecoder().decode(JSON.readTree(conf.resolve("mod_auth_jwt/key_file").toFile()).get(0).get("k").asText());
        String input = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(claims.getBytes(StandardCharsets.UTF_8));
        return input + "." + sign(key, input);
    }

    private static String sign(byte[] key, String input) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    @Test
    void mod_auth_jwtRulesAndKeyFilesItCannotCarryOverAreWarningsSayingWhichWayTheyErr() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        RSAPublicKey rsa = (RSAPublicKey) g.generateKeyPair().getPublic();
        String rsaJwk = "{\"kty\":\"RSA\",\"n\":\"" + b64(magnitude(rsa.getModulus().toByteArray())) + "\",\"e\":\"AQAB\"}";
        String oct = "{\"kty\":\"oct\",\"kid\":\"k1\",\"k\":\"" + b64("a-secret-of-32-bytes-or-more-for-hs256".getBytes(StandardCharsets.UTF_8)) + "\"}";
        String enc = "{\"kty\":\"oct\",\"use\":\"enc\",\"k\":\"" + b64("an-encryption-key-of-32-bytes-or-more".getBytes(StandardCharsets.UTF_8)) + "\"}";
        Path keys = Files.createDirectories(conf.resolve("mod_auth_jwt/keys"));
        Files.writeString(keys.resolve("short"), "[{\"k\": \"YmZland0Mg\", \"kty\": \"oct\", \"kid\": \"0001\"}]");
        Files.writeString(keys.resolve("private"), "[" + rsaJwk.replace("}", ",\"d\":\"AQAB\",\"p\":\"AQAB\",\"q\":\"AQAB\"}") + "]");
        Files.writeString(keys.resolve("mixed"), "[" + oct + "," + enc + ",{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\""
                + b64(new byte[32]) + "\"}]");
        Files.writeString(keys.resolve("rsa"), "[" + rsaJwk + "]");
        Files.writeString(keys.resolve("jwks"), "{\"keys\": [" + oct + "]}");
        Files.writeString(keys.resolve("enc"), "[" + enc + "]");
        Files.writeString(conf.resolve("mod_auth_jwt/auth_jwt_rule.data"), """
                {"Version": "t", "Config": {"api": [
                  {"Cond": "req_path_prefix_in(\\"/a/\\", false)", "KeyFile": "./conf/mod_auth_jwt/keys/short"},
                  {"Cond": "req_path_prefix_in(\\"/b/\\", false)", "KeyFile": "./conf/mod_auth_jwt/keys/private"},
                  {"Cond": "req_path_prefix_in(\\"/c/\\", false)", "KeyFile": "./conf/mod_auth_jwt/keys/mixed", "Realm": "c"},
                  {"Cond": "req_path_prefix_in(\\"/d/\\", false)", "KeyFile": "./conf/mod_auth_jwt/keys/rsa"},
                  {"cond": "req_path_prefix_in(\\"/e/\\", false)", "keyfile": "../conf/mod_auth_jwt/keys/mixed", "realm": "e"},
                  {"KeyFile": "./conf/mod_auth_jwt/keys/mixed"},
                  {"Cond": "req_path_prefix_in(\\"/g/\\", false)", "KeyFile": "./conf/mod_auth_jwt/keys/missing"},
                  {"Cond": "req_path_prefix_in(\\"/h/\\", false)", "KeyFile": "./conf/mod_auth_jwt/keys/jwks"},
                  {"Cond": "req_path_prefix_in(\\"/i/\\", false)", "KeyFile": "./conf/mod_auth_jwt/keys/enc"}
                 ], "www": [
                  {"Cond": "default_t()", "KeyFile": "./conf/mod_auth_jwt/keys/mixed"}
                ]}}
                """);
        BfeImport.Result result = BfeImport.convert(conf);
        String file = "mod_auth_jwt/auth_jwt_rule.data: Config.";
        String open = "(errs open: Portico lets the requests it matches through without a token, where BFE refuses them without a valid one)";
        assertThat(result.warnings())
                .anyMatch(w -> w.startsWith(file + "api[0].KeyFile: ") && w.contains("Portico's jwks_file refuses it ([0]: an oct key needs at "
                        + "least 32 bytes); rule left out " + open))
                .anyMatch(w -> w.startsWith(file + "api[1].KeyFile: ") && w.contains("[0] is a private key (it has \"d\"): BFE never "
                        + "verifies a token with it, Portico would take the tokens it signed; rule left out " + open))
                .anyMatch(w -> w.equals(file + "api[2].KeyFile: with these keys BFE also takes tokens signed with HS384, HS512, EdDSA; "
                        + "Portico takes HS256 only, so it refuses those (stricter)"))
                .anyMatch(w -> w.equals(file + "api[2].KeyFile[1]: [1] is a key Portico skips (its use is \"enc\"); BFE tries it: "
                        + "tokens that only it verifies pass BFE and are refused by Portico (stricter)"))
                .anyMatch(w -> w.startsWith(file + "api[2].KeyFile[2]: [2] is a key Portico skips (kty OKP: Portico has no EdDSA)"))
                .anyMatch(w -> w.startsWith(file + "api[2].KeyFile: BFE tries every key on a token whatever its kid"))
                .anyMatch(w -> w.startsWith(file + "api[2].Realm: BFE answers 401 with WWW-Authenticate: Bearer realm=\"c\" "
                        + "(or realm=\"e\", by rule) and no body"))
                .anyMatch(w -> w.equals(file + "api[3]: Portico's auth_jwt takes one set of keys (those of Config.api[2]); rule left out, "
                        + "so the requests it would take first go on without it " + open))
                .anyMatch(w -> w.equals(file + "api[5]: no Cond; rule left out (BFE does not start with it)"))
                .anyMatch(w -> w.startsWith(file + "api[6].KeyFile: ./conf/mod_auth_jwt/keys/missing not found")
                        && w.endsWith("rule left out (BFE does not start with it)"))
                .anyMatch(w -> w.startsWith(file + "api[7].KeyFile: ") && w.endsWith("BFE reads a KeyFile as a JSON array of JWKs, and this "
                        + "is not one; rule left out (BFE does not start with it)"))
                .anyMatch(w -> w.startsWith(file + "api[8].KeyFile: ") && w.endsWith("holds no key Portico verifies with; rule left out " + open))
                .anyMatch(w -> w.equals(file + "www[0]: Portico's auth_jwt takes the rules of one product (api's); rule left out " + open));
        // /c/ and /e/ share a key file: one condition, with the rules BFE would take first (/a/, /b/, /d/) kept out of it.
        assertThat(result.toml()).contains("[modules.auth_jwt]\nproduct = \"api\"\ncondition = \"(!(req_path_prefix_in(\\\"/a/\\\", false)) && "
                + "!(req_path_prefix_in(\\\"/b/\\\", false)) && (req_path_prefix_in(\\\"/c/\\\", false))) || "
                + "(!(req_path_prefix_in(\\\"/a/\\\", false)) && !(req_path_prefix_in(\\\"/b/\\\", false)) && "
                + "!(req_path_prefix_in(\\\"/d/\\\", false)) && (req_path_prefix_in(\\\"/e/\\\", false)))\"\n"
                + "jwks_file = \"" + keys.resolve("mixed").toAbsolutePath().normalize() + "\"\nalgorithms = [\"HS256\"]");
        assertPassesCheck(result);

        // Keys without a kid: no kid warning; an RSA key is RS256 here, and RS384 to PS512 more in BFE.
        Files.writeString(conf.resolve("mod_auth_jwt/auth_jwt_rule.data"), """
                {"Version": "t", "Config": {"api": [{"Cond": "default_t()", "KeyFile": "./conf/mod_auth_jwt/keys/rsa"}]}}
                """);
        result = BfeImport.convert(conf);
        assertThat(result.warnings()).filteredOn(w -> w.startsWith("mod_auth_jwt/")).hasSize(4)
                .anyMatch(w -> w.equals(file + "api[0].KeyFile: with these keys BFE also takes tokens signed with RS384, RS512, PS256, "
                        + "PS384, PS512; Portico takes RS256 only, so it refuses those (stricter)"))
                .noneMatch(w -> w.contains("whatever its kid"));
        assertThat(result.toml()).contains("algorithms = [\"RS256\"]");
        assertPassesCheck(result);
    }

    private static byte[] magnitude(byte[] twosComplement) {
        return twosComplement[0] == 0 ? Arrays.copyOfRange(twosComplement, 1, twosComplement.length) : twosComplement;
    }

    @Test
    void mod_rewriteRulesItCannotCarryOverAreWarnings() throws IOException {
        Files.writeString(conf.resolve("mod_rewrite/rewrite.data"), """
                {"Version": "t", "Config": {"www": [
                  {"Cond": "default_t()", "Actions": [{"Cmd": "HOST_SET_FROM_PATH_PREFIX", "Params": []}], "Last": false},
                  {"Cond": "default_t()", "Actions": [{"Cmd": "PATH_PREFIX_ADD", "Params": ["/v2"]}], "Last": false},
                  {"Cond": "default_t()", "Actions": [{"Cmd": "PATH_PREFIX_ADD", "Params": ["/v2/"]},
                                                      {"Cmd": "PATH_PREFIX_TRIM", "Params": ["/a"]}], "Last": false},
                  {"Cond": "default_t()", "Actions": [{"Cmd": "QUERY_RENAME", "Params": ["a", "b"]},
                                                      {"Cmd": "QUERY_RENAME", "Params": ["b", "c"]}], "Last": false},
                  {"Cond": "default_t()", "Actions": [{"Cmd": "QUERY_ADD", "Params": ["k", "a&b"]}], "Last": false},
                  {"Cond": "req_path_in(\\"/stop\\", false)", "Actions": [{"Cmd": "PATH_PREFIX_TRIM", "Params": ["x"]}], "Last": true},
                  {"Cond": "default_t()", "Actions": [{"Cmd": "query_del", "Params": ["debug"]},
                                                      {"Cmd": "HOST_SET", "Params": ["b.example"]}], "Last": false}
                ]}}
                """);
        BfeImport.Result result = BfeImport.convert(conf);
        String file = "mod_rewrite/rewrite.data: Config.www";
        assertThat(result.warnings())
                .anyMatch(w -> w.startsWith(file + "[0].Actions[0]: HOST_SET_FROM_PATH_PREFIX has no equivalent"))
                .anyMatch(w -> w.startsWith(file + "[1].Actions[0]: PATH_PREFIX_ADD /v2 does not end with /"))
                .anyMatch(w -> w.startsWith(file + "[2].Actions[1]: PATH_PREFIX_TRIM comes after an edit Portico applies later"))
                .anyMatch(w -> w.startsWith(file + "[3].Actions[1]: renames in a chain"))
                .anyMatch(w -> w.startsWith(file + "[4].Actions[0]: \"a&b\" is not a query value"))
                .anyMatch(w -> w.startsWith(file + "[5].Actions[0]: PATH_PREFIX_TRIM x never matches a path"))
                .anyMatch(w -> w.startsWith(file + "[6]: QUERY_DEL / QUERY_RENAME: Portico matches query keys percent-decoded"));
        // The Last rule without a convertible action still stops the rules after it where it matches.
        assertThat(result.toml()).containsOnlyOnce("[[modules.rewrite.rule]]")
                .contains("condition = \"!(req_path_in(\\\"/stop\\\", false)) && (default_t())\"\nhost_set = \"b.example\"\n"
                        + "query_delete = [\"debug\"]");
        assertPassesCheck(result);
    }

    @Test
    void mod_prisonRulesRateLimitCannotCarryOverAreWarnings() throws IOException {
        Files.writeString(conf.resolve("mod_prison/prison.data"), """
                {"Version": "t", "Config": {"global": [
                  {"Name": "a", "Cond": "default_t()", "AccessSignConf": {"UseClientIP": true, "UsePath": true},
                   "Action": {"Cmd": "CLOSE"}, "CheckPeriod": 1, "StayPeriod": 1, "Threshold": 1, "AccessDictSize": 1, "PrisonDictSize": 1},
                  {"Name": "b", "Cond": "default_t()", "AccessSignConf": {"UseSocketIP": true},
                   "Action": {"Cmd": "CLOSE"}, "CheckPeriod": 1, "StayPeriod": 1, "Threshold": 1, "AccessDictSize": 1, "PrisonDictSize": 1}
                 ], "www": [
                  {"Name": "c", "Cond": "default_t()", "AccessSignConf": {"Query": ["uid"]},
                   "Action": {"Cmd": "CLOSE"}, "CheckPeriod": 1, "StayPeriod": 1, "Threshold": 1, "AccessDictSize": 1, "PrisonDictSize": 1},
                  {"Name": "d", "Cond": "default_t()", "AccessSignConf": {"UseClientIP": true},
                   "Action": {"Cmd": "FINISH"}, "CheckPeriod": 1, "StayPeriod": 1, "Threshold": 1, "AccessDictSize": 1, "PrisonDictSize": 1},
                  {"Name": "e", "Cond": "default_t()", "AccessSignConf": {"UseClientIP": true},
                   "Action": {"Cmd": "CLOSE"}, "CheckPeriod": 1, "StayPeriod": 1, "Threshold": 0, "AccessDictSize": 1, "PrisonDictSize": 1},
                  {"Name": "f", "Cond": "default_t()", "AccessSignConf": {"Header": ["X-User"]},
                   "Action": {"cmd": "close"}, "CheckPeriod": 10, "StayPeriod": 20, "Threshold": 5, "AccessDictSize": 1, "PrisonDictSize": 1}
                ]}}
                """);
        BfeImport.Result result = BfeImport.convert(conf);
        String file = "mod_prison/prison.data: Config.";
        assertThat(result.warnings())
                .anyMatch(w -> w.startsWith(file + "global[0].AccessSignConf: signs by a combination (UseClientIP, UsePath)"))
                .anyMatch(w -> w.startsWith(file + "global[1].AccessSignConf: signs by nothing but the rule"))
                .anyMatch(w -> w.startsWith(file + "www[0].AccessSignConf: signs by Query uid"))
                .anyMatch(w -> w.startsWith(file + "www[1].Action: FINISH (answer, then close the connection) has no equivalent"))
                .anyMatch(w -> w.startsWith(file + "www[2].Threshold: 0 jails a signature at its first request"))
                .anyMatch(w -> w.startsWith(file + "www[3].AccessSignConf: Header X-User: a request with the header twice"))
                .anyMatch(w -> w.startsWith(file + "www[3].StayPeriod: Portico releases a key StayPeriod after"));
        assertThat(result.toml()).containsOnlyOnce("[[modules.rate_limit.rule]]")
                .contains("[[modules.rate_limit.rule]]   # f\nproduct = \"www\"\ncondition = \"default_t()\"\nkey = \"header:X-User\"");
        assertPassesCheck(result);
    }

    @Test
    void mod_errorsRulesItCannotCarryOverAreWarnings() throws IOException {
        Files.writeString(conf.resolve("mod_errors/errors_rule.data"), """
                {"Version": "t", "Config": {"www": [
                  {"Cond": "req_path_prefix_in(\\"/a\\", false) || res_code_in(\\"404\\")", "Actions": [{"Cmd": "REDIRECT", "Params": ["/x"]}]},
                  {"Cond": "res_code_in(\\"302|404\\")", "Actions": [{"Cmd": "RETURN", "Params": ["200", "text/html", "./conf/mod_errors/50x.html"]}]},
                  {"Cond": "res_code_in(\\"500\\")", "Actions": [{"Cmd": "RETURN", "Params": ["500", "text/html", "./conf/mod_errors/none.html"]}]},
                  {"Cond": "res_code_in(\\"503\\") && res_header_key_in(\\"X-A\\")", "Actions": [{"Cmd": "REDIRECT", "Params": ["/x"]}]},
                  {"Cond": "default_t()", "Actions": [{"Cmd": "REDIRECT", "Params": ["/x"]}]}
                ]}}
                """);
        BfeImport.Result result = BfeImport.convert(conf);
        String file = "mod_errors/errors_rule.data: Config.www";
        assertThat(result.warnings())
                .anyMatch(w -> w.startsWith(file + "[0].Cond: \"req_path_prefix_in"))
                .anyMatch(w -> w.startsWith(file + "[1].Cond: status [302] left out of the rule: Portico's errors module takes 4xx and 5xx only"))
                .anyMatch(w -> w.startsWith(file + "[2].Actions[0]: page ./conf/mod_errors/none.html not found (looked from "))
                .anyMatch(w -> w.startsWith(file + "[3].Cond: \"res_header_key_in"))
                .anyMatch(w -> w.startsWith(file + "[4].Cond: no res_code_in(...) among its && terms"));
        // 404 → the page as 200, as BFE's RETURN "200" answers it.
        assertThat(result.toml()).containsOnlyOnce("[[modules.errors.rule]]").contains("status = [404]\nfile = ")
                .contains("content_type = \"text/html\"\nbody_status = 200");
        assertPassesCheck(result);
    }

    @Test
    void mod_staticAndMod_auth_basicKeepOneProductsRulesOfOneSettingAndWarnAboutTheRest() throws IOException {
        Files.writeString(conf.resolve("mod_static/static_rule.data"), """
                {"Version": "t", "Config": {"www": [
                  {"Cond": "req_path_prefix_in(\\"/a/\\", false)", "Action": {"Cmd": "BROWSE", "Params": ["./conf/mod_static/www", ""]}},
                  {"Cond": "req_path_prefix_in(\\"/b/\\", false)", "Action": {"Cmd": "BROWSE", "Params": ["/no/such/root", ""]}},
                  {"Cond": "req_path_prefix_in(\\"/c/\\", false)", "Action": {"Cmd": "BROWSE", "Params": ["./conf/mod_static", ""]}},
                  {"Cond": "req_path_prefix_in(\\"/d/\\", false)", "Action": {"Cmd": "BROWSE", "Params": ["./conf/mod_static/www", ""]}}
                 ], "api": [
                  {"Cond": "default_t()", "Action": {"Cmd": "BROWSE", "Params": ["./conf/mod_static/www", "nothere.html"]}},
                  {"Cond": "default_t()", "Action": {"Cmd": "BROWSE", "Params": ["./conf/mod_static/www", ""]}}
                ]}}
                """);
        Files.writeString(conf.resolve("mod_auth_basic/users2"), "ops:$1$abc$def\n");
        Files.writeString(conf.resolve("mod_auth_basic/users3"), "ops:{SHA}x:comment # old\n");
        Files.writeString(conf.resolve("mod_auth_basic/auth_basic_rule.data"), """
                {"Version": "t", "Config": {"www": [
                  {"Cond": "req_path_prefix_in(\\"/x/\\", false)", "UserFile": "./conf/mod_auth_basic/users2"},
                  {"Cond": "req_path_prefix_in(\\"/y/\\", false)", "UserFile": "./conf/mod_auth_basic/users3"},
                  {"Cond": "req_path_prefix_in(\\"/z/\\", false)", "UserFile": "./conf/mod_auth_basic/missing"},
                  {"Cond": "req_path_prefix_in(\\"/admin/\\", false)", "UserFile": "../conf/mod_auth_basic/userfile"}
                ]}}
                """);
        BfeImport.Result result = BfeImport.convert(conf);
        assertThat(result.warnings())
                .anyMatch(w -> w.startsWith("mod_static/static_rule.data: Config.www[1].Action: document root /no/such/root not found"))
                .anyMatch(w -> w.startsWith("mod_static/static_rule.data: Config.www[2]: Portico's static takes one root and default file "
                        + "(those of Config.www[0])"))
                .anyMatch(w -> w.startsWith("mod_static/static_rule.data: Config.api[0].Action: default file nothere.html is not a file"))
                .anyMatch(w -> w.startsWith("mod_static/static_rule.data: Config.api[1]: Portico's static takes the rules of one product (www's)"))
                .anyMatch(w -> w.startsWith("mod_auth_basic/auth_basic_rule.data: Config.www[0].UserFile: ")
                        && w.contains("user ops's hash is not bcrypt, apr1 or {SHA}"))
                .anyMatch(w -> w.startsWith("mod_auth_basic/auth_basic_rule.data: Config.www[1].UserFile: ")
                        && w.contains("line 1 has a # after its start"))
                .anyMatch(w -> w.startsWith("mod_auth_basic/auth_basic_rule.data: Config.www[2].UserFile: ./conf/mod_auth_basic/missing not found"));
        // www's /a/ and /d/ share a root: one condition, with /b/ and /c/ (taken first by BFE) kept out of /d/.
        assertThat(result.toml()).contains("condition = \"(req_path_prefix_in(\\\"/a/\\\", false)) || (!(req_path_prefix_in(\\\"/b/\\\", false)) "
                        + "&& !(req_path_prefix_in(\\\"/c/\\\", false)) && (req_path_prefix_in(\\\"/d/\\\", false)))\"")
                .contains("[modules.auth_basic]\nproduct = \"www\"\ncondition = \"!(req_path_prefix_in(\\\"/x/\\\", false)) && "
                        + "!(req_path_prefix_in(\\\"/y/\\\", false)) && !(req_path_prefix_in(\\\"/z/\\\", false)) && "
                        + "(req_path_prefix_in(\\\"/admin/\\\", false))\"");
        assertPassesCheck(result);
    }

    private void assertPassesCheck(BfeImport.Result result) throws IOException {
        Path toml = conf.getParent().resolve("warned.toml");
        Files.writeString(toml, result.toml());
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(Main.run(new String[] {"--check", "--config", toml.toString()}, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8))).as(err.toString(StandardCharsets.UTF_8)).isZero();
    }

    /** The whole response to a GET on its own connection, with any extra header lines. */
    private static String response(int port, String host, String path, String... headers) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                    + String.join("", Stream.of(headers).map(h -> h + "\r\n").toList()) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** True when the proxy closed the connection without a byte of answer. */
    private static boolean closedWithoutAnswer(int port, String host, String path) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            try {
                return s.getInputStream().readAllBytes().length == 0;
            } catch (java.net.SocketException reset) {
                return true;
            }
        }
    }

    /** One request on its own connection; the response body (the backend's name). */
    private static String get(int port, String method, String host, String path) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n"
                    + (method.equals("POST") ? "Content-Length: 0\r\n" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(response).startsWith("HTTP/1.1 200");
            return response.substring(response.indexOf("\r\n\r\n") + 4);
        }
    }

}
