package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.server.snapshot.LoadedModules;
import io.portico.testing.RawRequest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CorsModuleTest {
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
        // The backend has its own (too open) CORS answer, which the module must override.
        backend = TestBackend.start((req, s, out) -> out.write(("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                + "Access-Control-Allow-Origin: *\r\nVary: Accept-Encoding\r\n\r\nok").getBytes(StandardCharsets.US_ASCII)));
        proxy = TestProxy.start(TestProxy.oneCluster("", backend) + "[modules]\nenabled = [\"cors\"]\n" + rules);
    }

    private static final String API = """
            [[modules.cors.rule]]
            condition = 'req_path_prefix_in("/api/", false)'
            allow_origins = ["https://app.example.com", "https://*.example.org"]
            allow_methods = ["GET", "PUT", "DELETE"]
            allow_headers = ["Content-Type", "Authorization"]
            expose_headers = ["X-Total"]
            allow_credentials = true
            max_age = 600
            """;

    private String send(String method, String path, String... headers) throws Exception {
        return proxy.exchange(RawRequest.closing(method, path, "a", headers));
    }

    @Test
    void anAllowedPreflightIsAnsweredByTheProxy() throws Exception {
        start(API);
        String r = send("OPTIONS", "/api/items", "Origin: https://app.example.com", "Access-Control-Request-Method: PUT",
                "Access-Control-Request-Headers: content-type, authorization");
        assertThat(r).startsWith("HTTP/1.1 204").contains("Access-Control-Allow-Origin: https://app.example.com\r\n")
                .contains("Access-Control-Allow-Methods: GET, PUT, DELETE\r\n")
                .contains("Access-Control-Allow-Headers: content-type, authorization\r\n")
                .contains("Access-Control-Allow-Credentials: true\r\n").contains("Access-Control-Max-Age: 600\r\n")
                .contains("Vary: Origin, Access-Control-Request-Method, Access-Control-Request-Headers\r\n");
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void aRuleForAnotherProductDoesNotApply() throws Exception {
        start("""
                [[modules.cors.rule]]
                product = "api"
                allow_origins = ["*"]
                [[modules.cors.rule]]
                product = "www"
                allow_origins = ["https://www.example.com"]
                """);
        // oneCluster's product is www: the api rule is skipped, the www rule decides.
        assertThat(send("OPTIONS", "/x", "Origin: https://other.example", "Access-Control-Request-Method: GET"))
                .startsWith("HTTP/1.1 403");
        assertThat(send("OPTIONS", "/x", "Origin: https://www.example.com", "Access-Control-Request-Method: GET"))
                .startsWith("HTTP/1.1 204");
    }

    @Test
    void aRefusedPreflightGetsNoCorsHeaders() throws Exception {
        start(API);
        assertThat(send("OPTIONS", "/api/items", "Origin: https://evil.example", "Access-Control-Request-Method: PUT"))
                .startsWith("HTTP/1.1 403").doesNotContain("Access-Control-Allow");
        assertThat(send("OPTIONS", "/api/items", "Origin: https://app.example.com", "Access-Control-Request-Method: PATCH"))
                .startsWith("HTTP/1.1 403").doesNotContain("Access-Control-Allow");
        assertThat(send("OPTIONS", "/api/items", "Origin: https://app.example.com", "Access-Control-Request-Method: PUT",
                "Access-Control-Request-Headers: X-Secret")).startsWith("HTTP/1.1 403");
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void anAllowedOriginIsEchoedOnTheActualResponseNeverStarWithCredentials() throws Exception {
        start(API);
        String r = send("GET", "/api/items", "Origin: https://shop.example.org");
        assertThat(r).startsWith("HTTP/1.1 200").contains("Access-Control-Allow-Origin: https://shop.example.org\r\n")
                .doesNotContain("Access-Control-Allow-Origin: *").contains("Access-Control-Allow-Credentials: true\r\n")
                .contains("Access-Control-Expose-Headers: X-Total\r\n").contains("Vary: Accept-Encoding\r\n")
                .contains("Vary: Origin\r\n");
    }

    @Test
    void aRefusedOriginLosesTheBackendsCorsHeaders() throws Exception {
        start(API);
        String r = send("GET", "/api/items", "Origin: https://app.example.com.evil.example");
        assertThat(r).startsWith("HTTP/1.1 200").doesNotContain("Access-Control-").contains("Vary: Origin\r\n");
    }

    @Test
    void requestsWithoutOriginOrOutsideTheRulesAreLeftAlone() throws Exception {
        start(API);
        assertThat(send("GET", "/api/items")).contains("Access-Control-Allow-Origin: *\r\n").doesNotContain("Vary: Origin");
        assertThat(send("GET", "/site", "Origin: https://evil.example")).contains("Access-Control-Allow-Origin: *\r\n");
        assertThat(send("OPTIONS", "/site", "Origin: https://evil.example", "Access-Control-Request-Method: PUT"))
                .startsWith("HTTP/1.1 200");
    }

    @Test
    void anyOriginWithoutCredentialsAnswersStar() throws Exception {
        start("""
                [[modules.cors.rule]]
                allow_origins = ["*"]
                """);
        assertThat(send("GET", "/", "Origin: https://x.example")).contains("Access-Control-Allow-Origin: *\r\n")
                .doesNotContain("Vary: Origin").doesNotContain("Credentials");
        assertThat(send("OPTIONS", "/", "Origin: https://x.example", "Access-Control-Request-Method: POST"))
                .startsWith("HTTP/1.1 204").contains("Access-Control-Allow-Methods: GET, HEAD, POST\r\n");
    }

    @Test
    void badRulesAreLocatedConfigErrors() {
        assertThatThrownBy(() -> start("""
                [[modules.cors.rule]]
                allow_methods = ["GET", "BAD METHOD"]
                max_age = -1

                [[modules.cors.rule]]
                allow_origins = ["app.example.com"]
                """))
                .isInstanceOf(LoadedModules.ModuleConfigException.class)
                .hasMessageMatching("(?s).*portico\\.toml:\\d+: modules\\.cors\\.rule\\[0\\]\\.allow_origins: required.*")
                .hasMessageContaining("modules.cors.rule[0].allow_methods: \"BAD METHOD\" is not a token")
                .hasMessageContaining("modules.cors.rule[0].max_age: expected an integer in 0..86400, got -1")
                .hasMessageContaining("modules.cors.rule[1].allow_origins: \"app.example.com\" is not an origin");
    }
}
