package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.server.snapshot.LoadedModules;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A module that throws fails only its own request; the server keeps serving. */
class ModuleBarrierTest {
    private TestBackend backend;
    private TestProxy proxy;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        backend.close();
    }

    private void start(String point) throws Exception {
        backend = TestBackend.answering("fine");
        proxy = TestProxy.start(TestProxy.oneCluster("", backend) + """
                [modules]
                enabled = ["test_throwing"]
                [modules.test_throwing]
                point = "%s"
                """.formatted(point));
    }

    @Test
    void aHandlerThatThrowsGives500AndTheNextRequestIsServed() throws Exception {
        start("HandleBeforeLocation");
        HttpResponse<String> boom = proxy.get("/boom");
        assertThat(boom.statusCode()).isEqualTo(500);
        assertThat(proxy.get("/ok").body()).isEqualTo("fine");
        assertThat(proxy.server().metrics().moduleErrors("test_throwing")).isEqualTo(1);
        assertThat(backend.received()).hasSize(1);
    }

    @Test
    void aModuleFailureAnswers500WithConnectionCloseAndThePipelinedNextRequestIsNotServed() throws Exception {
        start("HandleBeforeLocation");
        // No half-close: the proxy itself must end the connection after the 500.
        String both = proxy.answerOrClosed("GET /boom HTTP/1.1\r\nHost: a\r\n\r\nGET /ok HTTP/1.1\r\nHost: a\r\n\r\n");
        // The 500 closes the connection: what the module left behind is not trusted for reuse.
        String head = both.substring(0, both.indexOf("\r\n\r\n") + 4);
        assertThat(head).startsWith("HTTP/1.1 500 ").contains("\r\nConnection: close\r\n");
        assertThat(both.split("HTTP/1\\.1 ", -1)).as("one response only").hasSize(2);
        assertThat(both).doesNotContain("fine");
        assertThat(backend.received()).isEmpty();
        assertThat(proxy.get("/ok").body()).isEqualTo("fine"); // a new connection is served
    }

    @Test
    void aModuleMayAnswerItself() throws Exception {
        start("HandleBeforeLocation");
        HttpResponse<String> r = proxy.get("/answer");
        assertThat(r.statusCode()).isEqualTo(418);
        assertThat(r.body()).isEqualTo("answered by a module\n");
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void aHandlerThatThrowsOnTheResponseGives500() throws Exception {
        start("HandleReadResponse");
        assertThat(proxy.get("/boom").statusCode()).isEqualTo(500);
        assertThat(proxy.get("/ok").body()).isEqualTo("fine");
    }

    @Test
    void aVerdictThePointCannotHonourFailsOnlyThatRequest() throws Exception {
        start("HandleRequestFinish");
        // The response already went out; the connection is closed instead of answering twice.
        assertThat(proxy.exchange("GET /bad-verdict HTTP/1.1\r\nHost: a\r\n\r\nGET /ok HTTP/1.1\r\nHost: a\r\n\r\n"))
                .startsWith("HTTP/1.1 200 ").doesNotContain("HTTP/1.1 500");
        assertThat(proxy.get("/ok").body()).isEqualTo("fine");
        assertThat(proxy.server().metrics().moduleErrors("test_throwing")).isEqualTo(1);
    }

    @Test
    void badModuleSettingsAndUnknownModulesAreConfigErrors() throws Exception {
        backend = TestBackend.answering("x");
        assertThatThrownBy(() -> TestProxy.start(TestProxy.oneCluster("", backend) + """
                [modules]
                enabled = ["test_throwing", "no_such_module"]
                [modules.test_throwing]
                point = "Nowhere"
                colour = "red"
                """))
                .isInstanceOf(LoadedModules.ModuleConfigException.class)
                .hasMessageContaining("modules.enabled[1]: no module named \"no_such_module\" in the classpath; found: ")
                .hasMessageContaining("test_throwing")
                .hasMessageContaining("modules.test_throwing.point: unknown point Nowhere")
                .hasMessageContaining("modules.test_throwing.colour: unknown key");
    }
}
