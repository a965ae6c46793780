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
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
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
                .anyMatch(w -> w.startsWith("server_data_conf/cluster_conf.data: Config.web_cluster.ClusterBasic.TimeoutReadClient:"))
                .anyMatch(w -> w.startsWith("server_data_conf/cluster_conf.data: Config.web_cluster.GslbBasic.HashConf:"));
        var config = ConfigLoader.load(toml);
        assertThat(config.modules().enabled()).containsExactly("trust_client_ip", "request_id", "tag", "block", "header", "redirect", "cors",
                "access_log");
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

            // GSLB weights web.bj 60, web.sh 40: a weighted draw per request.
            Map<String, Integer> counts = new HashMap<>();
            for (int i = 0; i < 400; i++) {
                counts.merge(get(port, "GET", "www.example.org", "/"), 1, Integer::sum);
            }
            assertThat(counts.keySet()).containsExactlyInAnyOrder("web-bj-1", "web-sh-1");
            assertThat(counts.get("web-bj-1")).isBetween(190, 290);
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
