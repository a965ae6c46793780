package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.server.snapshot.LoadedModules;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RedirectModuleTest {
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

    private void start(String rules) throws Exception {
        backend = TestBackend.answering("backend");
        proxy = TestProxy.start(TestProxy.oneCluster("", backend) + "[modules]\nenabled = [\"redirect\"]\n" + rules);
    }

    private String get(String target) throws Exception {
        return proxy.exchange("GET " + target + " HTTP/1.1\r\nHost: www.example.com:8080\r\nConnection: close\r\n\r\n");
    }

    @Test
    void aFixedUrlRedirectsWithTheConfiguredStatus() throws Exception {
        start("""
                [[modules.redirect.rule]]
                condition = 'req_path_in("/old", false)'
                url = "https://new.example.com/landing"
                status = 301
                """);
        assertThat(get("/old")).startsWith("HTTP/1.1 301").contains("Location: https://new.example.com/landing\r\n");
        assertThat(get("/other")).startsWith("HTTP/1.1 200").endsWith("backend");
        assertThat(backend.received()).hasSize(1);
    }

    @Test
    void aRuleForAnotherProductDoesNotRedirect() throws Exception {
        start("""
                [[modules.redirect.rule]]
                product = "api"
                url = "https://api.example.com/"
                [[modules.redirect.rule]]
                product = "www"
                condition = 'req_path_in("/old", false)'
                url = "/new"
                """);
        assertThat(get("/old")).startsWith("HTTP/1.1 302").contains("Location: /new\r\n");
        assertThat(get("/other")).startsWith("HTTP/1.1 200");
    }

    @Test
    void theUrlFromAQueryParameterIsFollowedOnlyWhenItIsAnAbsoluteHttpUrl() throws Exception {
        start("""
                [[modules.redirect.rule]]
                condition = 'req_path_in("/go", false)'
                from_query = "url"
                """);
        assertThat(get("/go?url=https%3A%2F%2Fa.example.org%2Fp%3Fq%3D1")).startsWith("HTTP/1.1 302")
                .contains("Location: https://a.example.org/p?q=1\r\n");
        assertThat(get("/go?url=javascript:alert(1)")).startsWith("HTTP/1.1 200");
        assertThat(get("/go?url=%2F%2Fevil.example")).startsWith("HTTP/1.1 200");
        assertThat(get("/go?url=https%3A%2F%2Fa.example%0D%0ASet-Cookie:%20x=1")).startsWith("HTTP/1.1 200")
                .doesNotContain("Set-Cookie");
        assertThat(get("/go?url=%zz")).startsWith("HTTP/1.1 200");
        assertThat(get("/go")).startsWith("HTTP/1.1 200");
    }

    @Test
    void schemeSetKeepsHostPathAndQuery() throws Exception {
        start("""
                [hosts]
                "*.example.com" = "www"
                [[modules.redirect.rule]]
                condition = "!req_proto_secure()"
                scheme = "https"
                status = 308
                """);
        assertThat(get("/a/b?c=d")).startsWith("HTTP/1.1 308").contains("Location: https://www.example.com/a/b?c=d\r\n");
    }

    @Test
    void schemeSetNeverRedirectsToAHostOnlyTheDefaultProductTook() throws Exception {
        start("""
                [hosts]
                "www.example.com" = "www"
                [[modules.redirect.rule]]
                condition = "!req_proto_secure()"
                scheme = "https"
                """);
        String r = proxy.exchange("GET /login HTTP/1.1\r\nHost: evil.example.net\r\nConnection: close\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 200").doesNotContain("Location").endsWith("backend");
        assertThat(proxy.exchange("GET /login HTTP/1.1\r\nHost: WWW.example.com.\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 302").contains("Location: https://www.example.com./login\r\n");
    }

    @Test
    void aPathPrefixIsPutBeforeThePathAndQuery() throws Exception {
        start("""
                [[modules.redirect.rule]]
                path_prefix_add = "https://m.example.com/mobile"
                status = 307
                """);
        assertThat(get("/x?y=1")).startsWith("HTTP/1.1 307").contains("Location: https://m.example.com/mobile/x?y=1\r\n");
    }

    @Test
    void badRulesAreLocatedConfigErrors() {
        assertThatThrownBy(() -> start("""
                [[modules.redirect.rule]]
                url = "/a"
                scheme = "https"

                [[modules.redirect.rule]]
                url = "javascript:alert(1)"
                status = 304

                [[modules.redirect.rule]]
                scheme = "ftp"

                [[modules.redirect.rule]]
                condition = "default_t()"
                """))
                .isInstanceOf(LoadedModules.ModuleConfigException.class)
                .hasMessageMatching("(?s).*portico\\.toml:\\d+: modules\\.redirect\\.rule\\[0\\]\\.scheme: a rule needs "
                        + "exactly one of url, from_query, path_prefix_add, scheme; found url and scheme.*")
                .hasMessageContaining("modules.redirect.rule[1].url: expected an absolute http(s) URL or a path")
                .hasMessageContaining("modules.redirect.rule[1].status: expected 301, 302, 303, 307 or 308, got 304")
                .hasMessageContaining("modules.redirect.rule[2].scheme: expected \"http\" or \"https\", got \"ftp\"")
                .hasMessageContaining("modules.redirect.rule[3].url: a rule needs exactly one of");
    }
}
