package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.server.snapshot.LoadedModules;
import io.portico.testing.RawRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HeaderModuleTest {
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

    private void start(String modules) throws Exception {
        backend = TestBackend.start((req, s, out) -> out.write(("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                + "Server: backend/1.0\r\nX-Debug: 1\r\nX-Old: kept\r\nX-Old: twice\r\n\r\nok")
                .getBytes(StandardCharsets.US_ASCII)));
        proxy = TestProxy.start(TestProxy.oneCluster("", backend) + "[modules]\nenabled = [\"request_id\", \"header\"]\n"
                + modules);
    }

    private String get(String path, String... headers) throws Exception {
        return proxy.exchange(RawRequest.closing("GET", path, "Example.com:8080", headers));
    }

    @Test
    void requestEditsWithVariablesReachTheBackend() throws Exception {
        start("""
                [[modules.header.rule]]
                request_set = { "X-Client" = "%client_ip:%client_port", "X-Where" = "%scheme://%host%path",
                                "X-Tls" = "[%tls_protocol]", "X-Server" = "%server_addr", "X-Id" = "%request_id",
                                "X-Pct" = "100%%", "X-Joined" = "%{host}name" }
                request_add = { "X-Added" = ["one", "two"] }
                request_delete = ["X-Internal-Auth"]
                request_rename = { "X-Token" = "Authorization" }
                """);
        get("/p/q?x=1", "X-Internal-Auth: forged", "X-Token: abc", "X-Added: zero");
        TestBackend.Received got = backend.last();
        assertThat(got.header("X-Client")).matches("127\\.0\\.0\\.1:\\d+");
        assertThat(got.header("X-Where")).isEqualTo("http://example.com/p/q");
        assertThat(got.header("X-Tls")).isEqualTo("[]");
        assertThat(got.header("X-Server")).isEqualTo("127.0.0.1");
        assertThat(got.header("X-Id")).isEqualTo(got.header("X-Request-Id")).matches("[0-9a-f]{32}");
        assertThat(got.header("X-Pct")).isEqualTo("100%");
        assertThat(got.header("X-Joined")).isEqualTo("example.comname");
        assertThat(got.headerLines()).filteredOn(h -> h.startsWith("X-Added")).containsExactly(
                "X-Added: zero", "X-Added: one", "X-Added: two");
        assertThat(got.header("X-Internal-Auth")).isNull();
        assertThat(got.header("X-Token")).isNull();
        assertThat(got.header("Authorization")).isEqualTo("abc");
    }

    @Test
    void responseEditsReachTheClient() throws Exception {
        start("""
                [[modules.header.rule]]
                response_set = { "Cache-Control" = "no-store" }
                response_add = { X-Served-By = "portico" }
                response_delete = ["Server", "X-Debug"]
                response_rename = { "X-Old" = "X-New" }
                """);
        String r = get("/");
        assertThat(r).startsWith("HTTP/1.1 200").contains("Cache-Control: no-store\r\n")
                .contains("X-Served-By: portico\r\n").contains("X-New: kept\r\nX-New: twice\r\n")
                .doesNotContain("Server:").doesNotContain("X-Debug").doesNotContain("X-Old").endsWith("\r\n\r\nok");
    }

    @Test
    void conditionsChooseRulesAndLastStopsTheRest() throws Exception {
        start("""
                [[modules.header.rule]]
                condition = 'req_path_prefix_in("/api/", false)'
                request_set = { "X-Zone" = "api" }
                response_set = { "X-Zone" = "api" }
                last = true

                [[modules.header.rule]]
                request_set = { "X-Zone" = "default" }
                response_set = { "X-Zone" = "default" }
                """);
        assertThat(get("/api/x")).contains("X-Zone: api\r\n").doesNotContain("default");
        assertThat(backend.last().header("X-Zone")).isEqualTo("api");
        assertThat(get("/web")).contains("X-Zone: default\r\n");
        assertThat(backend.last().header("X-Zone")).isEqualTo("default");
    }

    @Test
    void aRuleForAnotherProductLeavesTheRequestAndResponseAlone() throws Exception {
        start("""
                [[modules.header.rule]]
                product = "api"
                request_set = { "X-Zone" = "api" }
                response_set = { "X-Zone" = "api" }

                [[modules.header.rule]]
                product = "www"
                request_add = { "X-Product" = "www" }
                response_add = { "X-Product" = "www" }
                """);
        assertThat(get("/")).contains("X-Product: www\r\n").doesNotContain("X-Zone");
        assertThat(backend.last().header("X-Zone")).isNull();
        assertThat(backend.last().header("X-Product")).isEqualTo("www");
    }

    @Test
    void routingSeesTheRequestAsTheClientSentIt() throws Exception {
        TestBackend other = TestBackend.answering("other");
        try {
            backend = TestBackend.answering("web");
            proxy = TestProxy.start("""
                    [server]
                    default_product = "www"
                    [[product.www.route]]
                    condition = 'req_header_value_in("X-Route", "other", false)'
                    cluster = "other"
                    [[product.www.route]]
                    condition = "default_t()"
                    cluster = "web"
                    [[cluster.web.subcluster.a.instance]]
                    address = "%s"
                    [[cluster.other.subcluster.a.instance]]
                    address = "%s"
                    [modules]
                    enabled = ["header"]
                    [[modules.header.rule]]
                    request_set = { "X-Route" = "other" }
                    """.formatted(backend.address(), other.address()));
            assertThat(get("/")).endsWith("web");
            assertThat(backend.last().header("X-Route")).isEqualTo("other");
        } finally {
            other.close();
        }
    }

    @Test
    void framingFieldsCannotBeEditedAndBadValuesAreLocatedConfigErrors() {
        assertThatThrownBy(() -> start("""
                [[modules.header.rule]]
                response_set = { "Content-Length" = "0" }
                request_add = { "X-A" = "%nope", "X-B" = 5, "X-C" = [] }
                request_delete = ["Transfer-Encoding"]
                response_rename = { "X-A" = "Bad Name" }
                request_set = { "Bad Name" = "v", "X-Ctl" = "a\\u0001b" }
                request_rename = ["X-Old: X-New"]
                """))
                .isInstanceOf(LoadedModules.ModuleConfigException.class)
                .hasMessageMatching("(?s).*portico\\.toml:\\d+: modules\\.header\\.rule\\[0\\]\\.response_set\\.Content-Length: "
                        + "Content-Length is a framing or hop-by-hop field the proxy owns.*")
                .hasMessageContaining("modules.header.rule[0].request_add.X-A: unknown variable %nope")
                .hasMessageContaining("modules.header.rule[0].request_add.X-B: expected a string or an array of strings, got the integer 5")
                .hasMessageContaining("modules.header.rule[0].request_add.X-C: expected at least one value")
                .hasMessageContaining("modules.header.rule[0].request_delete: Transfer-Encoding is a framing")
                .hasMessageContaining("modules.header.rule[0].response_rename.X-A: \"Bad Name\" is not a header name")
                .hasMessageContaining("modules.header.rule[0].request_set.\"Bad Name\": \"Bad Name\" is not a header name")
                .hasMessageContaining("modules.header.rule[0].request_set.X-Ctl: the value has a control character")
                .hasMessageContaining("modules.header.rule[0].request_rename: expected a table, got an array");
    }

    @Test
    void aRuleWithoutEditsIsRefused() {
        assertThatThrownBy(() -> start("""
                [[modules.header.rule]]
                condition = "default_t()"
                """))
                .isInstanceOf(LoadedModules.ModuleConfigException.class)
                .hasMessageContaining("modules.header.rule[0].condition: the rule has no edit");
    }
}
