package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.server.snapshot.LoadedModules;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** rate_limit through a running proxy (the stay's expiry is tested with a hand-driven clock in proxy-modules). */
class RateLimitModuleTest {
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
        backend = TestBackend.answering("ok");
        proxy = TestProxy.start(TestProxy.oneCluster("", backend) + modules);
    }

    @Test
    void theThirdRequestWithinThePeriodGets429WithRetryAfterAndNeverReachesTheBackend() throws Exception {
        start("""
                [modules]
                enabled = ["rate_limit"]
                [[modules.rate_limit.rule]]
                condition = "default_t()"
                key = "ip"
                threshold = 2
                period = "1m"
                stay = "2m"
                """);
        assertThat(proxy.get("/").statusCode()).isEqualTo(200);
        assertThat(proxy.get("/").statusCode()).isEqualTo(200);
        HttpResponse<String> refused = proxy.get("/");
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(
                v -> assertThat(Long.parseLong(v)).isBetween(100L, 120L));
        assertThat(backend.received()).hasSize(2);
    }

    @Test
    void headerKeysAreCountedApartAndRequestsWithoutTheHeaderPass() throws Exception {
        start("""
                [modules]
                enabled = ["rate_limit"]
                [[modules.rate_limit.rule]]
                condition = 'req_path_prefix_in("/api", false)'
                key = "header:X-Api-Key"
                threshold = 1
                period = "1m"
                """);
        assertThat(send("/api/a", "X-Api-Key", "one")).isEqualTo(200);
        assertThat(send("/api/a", "X-Api-Key", "one")).isEqualTo(429);
        assertThat(send("/api/a", "X-Api-Key", "two")).isEqualTo(200);
        assertThat(proxy.get("/api/a").statusCode()).isEqualTo(200);
        assertThat(proxy.get("/api/a").statusCode()).isEqualTo(200);
        assertThat(send("/other", "X-Api-Key", "one")).isEqualTo(200);
    }

    @Test
    void theIpKeyIsTheClientThatTrustClientIpFound() throws Exception {
        start("""
                [modules]
                enabled = ["trust_client_ip", "rate_limit"]
                [modules.trust_client_ip]
                trusted = ["127.0.0.0/8"]
                [[modules.rate_limit.rule]]
                condition = "default_t()"
                key = "ip"
                threshold = 1
                period = "1m"
                """);
        assertThat(send("/", "X-Forwarded-For", "198.51.100.1")).isEqualTo(200);
        assertThat(send("/", "X-Forwarded-For", "198.51.100.2")).isEqualTo(200);
        assertThat(send("/", "X-Forwarded-For", "198.51.100.1")).isEqualTo(429);
    }

    @Test
    void theCloseActionClosesTheConnectionWithoutAnAnswer() throws Exception {
        start("""
                [modules]
                enabled = ["rate_limit"]
                [[modules.rate_limit.rule]]
                condition = "default_t()"
                key = "path"
                threshold = 1
                period = "1m"
                action = "close"
                """);
        String raw = "GET /x HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";
        assertThat(proxy.answerOrClosed(raw)).startsWith("HTTP/1.1 200");
        // Closed without a byte: a timeout (the connection held open) fails instead of counting as closed.
        assertThat(proxy.answerOrClosed(raw.replace("Connection: close\r\n", ""))).isEmpty();
        assertThat(backend.received()).hasSize(1);
    }

    @Test
    void badSettingsAreReportedWithTheirLocation() {
        assertThatThrownBy(() -> start("""
                [modules]
                enabled = ["rate_limit"]
                [[modules.rate_limit.rule]]
                condition = "default_t()"
                key = "ip"
                threshold = 10
                period = "1 minute"
                """))
                .isInstanceOf(LoadedModules.ModuleConfigException.class)
                .hasMessageMatching("(?s).*portico\\.toml:\\d+: modules\\.rate_limit\\.rule\\[0\\]\\.period: .*1 minute.*");
    }

    private int send(String path, String header, String value) throws Exception {
        return proxy.send(HttpRequest.newBuilder(proxy.uri(path)).header(header, value)).statusCode();
    }
}
