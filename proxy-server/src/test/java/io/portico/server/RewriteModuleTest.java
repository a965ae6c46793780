package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.server.snapshot.LoadedModules;
import io.portico.testing.RawRequest;
import io.portico.testing.RawResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RewriteModuleTest {
    private TestBackend web;
    private TestBackend v2;
    private TestProxy proxy;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        for (TestBackend b : new TestBackend[] {web, v2}) {
            if (b != null) {
                b.close();
            }
        }
    }

    private void start(String rules) throws Exception {
        web = TestBackend.answering("web");
        v2 = TestBackend.answering("v2");
        proxy = TestProxy.start("""
                [server]
                default_product = "www"

                [[product.www.route]]
                condition = 'req_path_prefix_in("/v2/", false)'
                cluster = "v2"

                [[product.www.route]]
                condition = "default_t()"
                cluster = "web"

                [[cluster.web.subcluster.a.instance]]
                address = "%s"
                [[cluster.v2.subcluster.a.instance]]
                address = "%s"

                [modules]
                enabled = ["rewrite"]
                """.formatted(web.address(), v2.address()) + rules);
    }

    private String get(String target, String... headers) throws Exception {
        return RawResponse.body(proxy.exchange(RawRequest.closing("GET", target, "example.com", headers)));
    }

    @Test
    void routesSeeTheRewrittenPath() throws Exception {
        start("""
                [[modules.rewrite.rule]]
                condition = 'req_path_prefix_in("/api/", false)'
                path_prefix_trim = "/api"
                path_prefix_add = "/v2"
                """);
        assertThat(get("/api/users?id=7")).isEqualTo("v2");
        assertThat(v2.last().requestLine()).isEqualTo("GET /v2/users?id=7 HTTP/1.1");
        assertThat(get("/apiary")).isEqualTo("web");
        assertThat(web.last().requestLine()).isEqualTo("GET /apiary HTTP/1.1");
    }

    @Test
    void hostPathAndQueryEditsReachTheBackend() throws Exception {
        start("""
                [[modules.rewrite.rule]]
                condition = 'req_path_in("/old", false)'
                host_set = "backend.internal:8080"
                path_set = "/new"
                query_delete = ["debug"]
                query_rename = { q = "query" }
                query_add = { src = "edge", v = "a%20b", "a.b" = "" }
                """);
        assertThat(get("/old?debug=1&q=cats&deb%75g&keep=1&sr%63=evil&src=evil")).isEqualTo("web");
        TestBackend.Received got = web.last();
        // keys match decoded (deb%75g is debug), and query_add replaces what the client sent for src
        assertThat(got.requestLine()).isEqualTo("GET /new?query=cats&keep=1&src=edge&v=a%20b&a.b= HTTP/1.1");
        assertThat(got.header("Host")).isEqualTo("backend.internal:8080");
    }

    @Test
    void anAbsoluteFormTargetIsRewrittenToOriginForm() throws Exception {
        start("""
                [[modules.rewrite.rule]]
                host_set = "backend.internal"
                path_prefix_add = "/v2"
                """);
        assertThat(get("http://example.com/x?y=1")).isEqualTo("v2");
        assertThat(v2.last().requestLine()).isEqualTo("GET /v2/x?y=1 HTTP/1.1");
        assertThat(v2.last().header("Host")).isEqualTo("backend.internal");
    }

    @Test
    void lastStopsLaterRules() throws Exception {
        start("""
                [[modules.rewrite.rule]]
                condition = 'req_path_prefix_in("/a", false)'
                path_prefix_add = "/v2"
                last = true

                [[modules.rewrite.rule]]
                path_prefix_add = "/z"
                """);
        get("/a");
        assertThat(v2.last().requestLine()).isEqualTo("GET /v2/a HTTP/1.1");
        get("/b");
        assertThat(web.last().requestLine()).isEqualTo("GET /z/b HTTP/1.1");
    }

    @Test
    void rulesRewriteTheNormalisedPathAndHostileOnesNeverReachThem() throws Exception {
        start("""
                [[modules.rewrite.rule]]
                path_prefix_trim = "/api"
                """);
        get("/api/./x/%7e/../%61?x=%26&y=/../");
        assertThat(web.last().requestLine()).isEqualTo("GET /x/a?x=%26&y=/../ HTTP/1.1");
        int before = web.received().size();
        assertThat(proxy.exchange("GET /api/%2e%2e/%2Fetc HTTP/1.1\r\nHost: example.com\r\n\r\n"))
                .startsWith("HTTP/1.1 400 ");
        assertThat(web.received()).hasSize(before);
    }

    @Test
    void afterRouteRewritesOnlyWhatTheBackendSeesAsBfesModRewriteDoes() throws Exception {
        start("""
                [modules.rewrite]
                after_route = true

                [[modules.rewrite.rule]]
                condition = 'req_path_prefix_in("/api/", false)'
                path_prefix_trim = "/api"
                path_prefix_add = "/v2"
                """);
        // The route rules see /api/users (not /v2/...): web's default route, which gets the rewrite.
        assertThat(get("/api/users?id=7")).isEqualTo("web");
        assertThat(web.last().requestLine()).isEqualTo("GET /v2/users?id=7 HTTP/1.1");
        assertThat(v2.received()).isEmpty();
    }

    @Test
    void aRuleWithAProductRewritesOnlyThatProductsRequests() throws Exception {
        start("""
                [[modules.rewrite.rule]]
                product = "api"
                path_set = "/api-only"

                [[modules.rewrite.rule]]
                product = "www"
                query_append = { from = "www" }
                """);
        get("/x?a=1");
        assertThat(web.last().requestLine()).isEqualTo("GET /x?a=1&from=www HTTP/1.1");
    }

    @Test
    void badRulesAreLocatedConfigErrors() {
        assertThatThrownBy(() -> start("""
                [[modules.rewrite.rule]]
                path_set = "relative"
                host_set = "a/b"
                query_add = { "a b" = "1", c = "x&y" }
                query_rename = { a = "" }
                query_delete = ["k=v"]

                [[modules.rewrite.rule]]
                condition = "default_t()"
                """))
                .isInstanceOf(LoadedModules.ModuleConfigException.class)
                .hasMessageMatching("(?s).*portico\\.toml:\\d+: modules\\.rewrite\\.rule\\[0\\]\\.path_set: "
                        + "expected a path starting with /.*")
                .hasMessageContaining("modules.rewrite.rule[0].host_set: expected a host name")
                .hasMessageContaining("modules.rewrite.rule[0].query_add.\"a b\": expected a query key of visible ASCII")
                .hasMessageContaining("modules.rewrite.rule[0].query_add.c: expected a query value of visible ASCII "
                        + "characters without & # or space, got \"x&y\"")
                .hasMessageContaining("modules.rewrite.rule[0].query_rename.a: expected a new query key")
                .hasMessageContaining("modules.rewrite.rule[0].query_delete: expected query keys")
                .hasMessageContaining("modules.rewrite.rule[1].condition: the rule has no action");
    }
}
