package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "{0}")
@EnumSource(TestProxy.Transport.class)
class ForwardingTest {
    @Parameter
    TestProxy.Transport transport;

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

    private void start(String extra) throws Exception {
        proxy = TestProxy.start(transport, TestProxy.oneCluster(extra, backend));
    }

    @Test
    void getIsForwardedWithHostKeptAndForwardingHeadersSet() throws Exception {
        backend = TestBackend.answering("hello");
        start("");
        HttpResponse<String> r = proxy.send(HttpRequest.newBuilder(proxy.uri("/a/b?x=1"))
                .header("X-Forwarded-For", "203.0.113.7"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("hello");
        TestBackend.Received got = backend.last();
        assertThat(got.requestLine()).isEqualTo("GET /a/b?x=1 HTTP/1.1");
        assertThat(got.header("Host")).isEqualTo("127.0.0.1:" + proxy.port());
        assertThat(got.header("X-Forwarded-For")).isEqualTo("203.0.113.7, 127.0.0.1");
        assertThat(got.header("X-Real-IP")).isEqualTo("127.0.0.1");
        assertThat(got.header("X-Forwarded-Proto")).isEqualTo(transport.scheme());
        assertThat(got.header("X-Forwarded-Host")).isEqualTo("127.0.0.1:" + proxy.port());
    }

    @Test
    void hopByHopHeadersAndThoseNamedInConnectionAreRemovedBothWays() throws Exception {
        backend = TestBackend.start((req, s, out) -> out.write(("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n"
                + "Connection: X-Backend-Private\r\nX-Backend-Private: secret\r\nKeep-Alive: timeout=5\r\n"
                + "X-Public: yes\r\n\r\nok").getBytes()));
        start("");
        String response = proxy.exchange("GET / HTTP/1.1\r\nHost: a\r\nConnection: X-Private, close\r\n"
                + "X-Private: 1\r\nKeep-Alive: 300\r\nProxy-Connection: keep-alive\r\nTE: trailers\r\nX-Kept: 2\r\n\r\n");
        TestBackend.Received got = backend.last();
        assertThat(got.header("X-Private")).isNull();
        assertThat(got.header("Keep-Alive")).isNull();
        assertThat(got.header("Proxy-Connection")).isNull();
        assertThat(got.header("TE")).isNull();
        assertThat(got.header("X-Kept")).isEqualTo("2");
        assertThat(response).startsWith("HTTP/1.1 200 OK\r\n").contains("X-Public: yes\r\n")
                .doesNotContain("X-Backend-Private").doesNotContain("Keep-Alive").endsWith("\r\n\r\nok");
    }

    @Test
    void keepAliveReusesBackendConnections() throws Exception {
        backend = TestBackend.answering("x");
        start("");
        for (int i = 0; i < 50; i++) {
            assertThat(proxy.get("/" + i).statusCode()).isEqualTo(200);
        }
        assertThat(backend.received()).hasSize(50);
        assertThat(backend.connections()).isLessThan(5);
    }

    @Test
    void zeroIdleConnectionsMeansAConnectionPerRequest() throws Exception {
        backend = TestBackend.answering("x");
        start("[cluster.web.pool]\nmax_idle_per_instance = 0\n");
        for (int i = 0; i < 5; i++) {
            assertThat(proxy.get("/").statusCode()).isEqualTo(200);
        }
        assertThat(backend.connections()).isEqualTo(5);
        assertThat(backend.last().header("Connection")).isEqualTo("close");
    }

    @Test
    void aPooledConnectionTheBackendClosedNeverFailsTheNextRequest() throws Exception {
        backend = TestBackend.answering("x");
        start("");
        // No pause after the drop (it returns once the backend's closes are complete): the next
        // request follows the FIN at once, before the proxy's I/O loop may have seen it, which is
        // the case the name is about (a 5 ms pause let the loop see the close first every time).
        for (int i = 0; i < 200; i++) {
            assertThat(proxy.get("/").statusCode()).isEqualTo(200);
            backend.dropConnections();
        }
        assertThat(backend.received()).hasSize(200);
    }

    @Test
    void aPostSwallowedByAStaleConnectionIsNotSentTwice() throws Exception {
        java.util.concurrent.atomic.AtomicInteger served = new java.util.concurrent.atomic.AtomicInteger();
        backend = TestBackend.start((req, s, out) -> {
            if (served.incrementAndGet() == 2) {
                s.close();
                return;
            }
            TestBackend.ok(out, "fine");
        });
        start("");
        assertThat(proxy.get("/1").body()).isEqualTo("fine");
        var r = proxy.send(java.net.http.HttpRequest.newBuilder(proxy.uri("/2"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("once")));
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(backend.received()).hasSize(2);
    }

    @Test
    void aStaleConnectionThatSwallowsTheRequestIsRetriedOnAFreshOne() throws Exception {
        // The first connection takes one request, then swallows the next one and closes:
        // the proxy must resend it on a fresh connection rather than fail the client.
        java.util.concurrent.atomic.AtomicInteger served = new java.util.concurrent.atomic.AtomicInteger();
        backend = TestBackend.start((req, s, out) -> {
            if (served.incrementAndGet() == 2) {
                s.close();
                return;
            }
            TestBackend.ok(out, "fine");
        });
        start("");
        assertThat(proxy.get("/1").body()).isEqualTo("fine");
        HttpResponse<String> second = proxy.get("/2");
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo("fine");
    }

    @Test
    void aPostNeverMeetsAPooledConnectionTheBackendClosed() throws Exception {
        // A POST cannot be resent, so its idle connection is checked with a read of the socket as
        // well: the backend's close is found even before the I/O loop has handled it.
        backend = TestBackend.start((req, s, out) -> TestBackend.ok(out, "got " + req.body().length));
        start("");
        for (int i = 0; i < 10; i++) {
            var r = proxy.send(java.net.http.HttpRequest.newBuilder(proxy.uri("/p"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(new byte[100_000])));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("got 100000");
            backend.dropConnections(); // no pause: the next POST follows the FIN at once
        }
        assertThat(backend.received()).hasSize(10);
    }
}
