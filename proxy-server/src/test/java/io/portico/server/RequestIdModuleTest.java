package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.server.snapshot.LoadedModules;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RequestIdModuleTest {
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

    private void start(String settings) throws Exception {
        backend = TestBackend.answering("ok");
        proxy = TestProxy.start(TestProxy.oneCluster("", backend) + """
                [modules]
                enabled = ["request_id"]

                [modules.request_id]
                """ + settings);
    }

    private HttpResponse<String> get(String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(proxy.uri("/"));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return proxy.send(b);
    }

    @Test
    void aNewIdGoesToTheBackendAndBackToTheClient() throws Exception {
        start("");
        HttpResponse<String> first = get();
        String id = backend.last().header("X-Request-Id");
        assertThat(id).matches("[0-9a-f]{32}");
        assertThat(first.headers().firstValue("X-Request-Id")).hasValue(id);
        get();
        assertThat(backend.last().header("X-Request-Id")).matches("[0-9a-f]{32}").isNotEqualTo(id);
    }

    @Test
    void aValidIncomingIdIsKept() throws Exception {
        start("");
        HttpResponse<String> r = get("X-Request-Id", "upstream-abc.123");
        assertThat(backend.last().header("X-Request-Id")).isEqualTo("upstream-abc.123");
        assertThat(r.headers().firstValue("X-Request-Id")).hasValue("upstream-abc.123");
    }

    @Test
    void invalidIncomingIdsAreReplacedAndCounted() throws Exception {
        start("");
        get("X-Request-Id", "x".repeat(129));
        assertThat(backend.last().header("X-Request-Id")).matches("[0-9a-f]{32}");
        get("X-Request-Id", "has space");
        assertThat(backend.last().header("X-Request-Id")).matches("[0-9a-f]{32}");
        assertThat(proxy.server().moduleMetrics().counter("portico_request_id_rejected_total", "").value())
                .isEqualTo(2);
    }

    @Test
    void untrustedIncomingIdsAreAlwaysReplacedWithUuidsInTheConfiguredHeader() throws Exception {
        start("""
                header = "X-Trace"
                trust_incoming = false
                format = "uuid"
                response_header = false
                """);
        HttpResponse<String> r = get("X-Trace", "client-chosen");
        assertThat(backend.last().header("X-Trace"))
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
        assertThat(r.headers().firstValue("X-Trace")).isEmpty();
    }

    @Test
    void badSettingsAreLocatedConfigErrors() {
        assertThatThrownBy(() -> start("""
                header = "X Request"
                format = "base64"
                trust_incoming = "yes"
                """))
                .isInstanceOf(LoadedModules.ModuleConfigException.class)
                .hasMessageMatching("(?s).*portico\\.toml:\\d+: modules\\.request_id\\.header: expected a header name.*")
                .hasMessageContaining("modules.request_id.format: expected \"hex\" or \"uuid\", got \"base64\"")
                .hasMessageContaining("modules.request_id.trust_incoming: expected true or false");
    }
}
