package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.testing.Ports;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The proxy's own answers (here 502 from a dead backend, 404 for no route, 500 for a failing
 * module) pass through the HandleReadResponse handlers like a backend's response
 * (module: {@link AnswerTestModule}, which acts by the path's first segment).
 */
class ProxyAnswerHookTest {
    private TestProxy proxy;

    @BeforeEach
    void start() throws Exception {
        int dead = Ports.deadPort();
        proxy = TestProxy.start("""
                [server]
                default_product = "www"
                [[product.www.route]]
                condition = 'req_path_suffix_in("/dead", false)'
                cluster = "web"
                [[cluster.web.subcluster.dc1.instance]]
                address = "127.0.0.1:%d"
                [modules]
                enabled = ["test_answers"]
                """.formatted(dead));
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
    }

    @Test
    void aModuleReplacesTheBodyOfThe502AndThe404ThatTheProxyMakes() throws Exception {
        HttpResponse<String> bad = proxy.get("/replace/dead");
        assertThat(bad.statusCode()).isEqualTo(502);
        assertThat(bad.body()).isEqualTo("custom 502\n");
        assertThat(bad.headers().firstValue("Content-Type")).contains("text/plain; charset=utf-8");
        HttpResponse<String> missing = proxy.get("/replace/nowhere");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.body()).isEqualTo("custom 404\n");
    }

    @Test
    void theAnswerToAFailingModuleIsReplaceableToo() throws Exception {
        HttpResponse<String> r = proxy.get("/replace/fail");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("custom 500\n");
    }

    @Test
    void aHeadRequestGetsTheReplacedLengthWithoutBody() throws Exception {
        String raw = proxy.exchange("HEAD /replace/dead HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 502 ").contains("Content-Length: 11\r\n").endsWith("\r\n\r\n");
    }

    @Test
    void aModuleEditsTheHeadOfAnOwnAnswer() throws Exception {
        HttpResponse<String> r = proxy.get("/edit/dead");
        assertThat(r.statusCode()).isEqualTo(299);
        assertThat(r.headers().firstValue("X-Edited")).contains("yes");
        assertThat(r.body()).isEqualTo("502 Bad Gateway\n");
    }

    @Test
    void aModuleAnswersInsteadOfTheProxyInMemoryOrStreamed() throws Exception {
        HttpResponse<String> respond = proxy.get("/respond/dead");
        assertThat(respond.statusCode()).isEqualTo(418);
        assertThat(respond.body()).isEqualTo("teapot 502\n");
        HttpResponse<String> streamed = proxy.get("/streamed/nowhere");
        assertThat(streamed.statusCode()).isEqualTo(404);
        assertThat(streamed.body()).isEqualTo("streamed 404");
    }

    @Test
    void aHandlerThatFailsOnAnOwnAnswerGetsAPlain500AndDoesNotRunAgain() throws Exception {
        HttpResponse<String> r = proxy.get("/throw/dead");
        assertThat(r.statusCode()).isEqualTo(500);
        assertThat(r.body()).isEqualTo("500 Internal Server Error\n");
        assertThat(proxy.server().metrics().moduleErrors("test_answers")).isEqualTo(1);
        assertThat(proxy.get("/replace/dead").body()).isEqualTo("custom 502\n");
    }

    @Test
    void aHandlerMayCloseTheConnectionInsteadOfTheOwnAnswer() throws Exception {
        assertThat(proxy.exchange("GET /close/dead HTTP/1.1\r\nHost: a\r\n\r\n")).isEmpty();
    }

    @Test
    void ownAnswersNobodyRewritesStayAsTheyWere() throws Exception {
        HttpResponse<String> r = proxy.get("/plain/dead");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(r.body()).isEqualTo("502 Bad Gateway\n");
        assertThat(r.headers().firstValue("Cache-Control")).contains("no-store");
    }
}
