package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.server.metrics.ServerMetrics.ErrorKind;
import io.portico.testing.Configs;
import io.portico.testing.Ports;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

@ParameterizedClass(name = "{0}")
@EnumSource(TestProxy.Transport.class)
class ErrorAnswersTest {
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

    @Test
    void backendDownGives502() throws Exception {
        proxy = TestProxy.start(transport, Configs.oneCluster("", "127.0.0.1:" + Ports.deadPort()));
        assertThat(proxy.get("/").statusCode()).isEqualTo(502);
        assertThat(proxy.server().metrics().errors(ErrorKind.CONNECT_FAILED)).isEqualTo(1);
        assertThat(proxy.get("/again").statusCode()).isEqualTo(502);
    }

    @Test
    void aSilentBackendGives504AfterTheResponseHeaderTimeout() throws Exception {
        backend = TestBackend.start((req, s, out) -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        proxy = TestProxy.start(transport, TestProxy.oneCluster("response_header_timeout = \"300ms\"", backend));
        long t0 = System.nanoTime();
        assertThat(proxy.get("/").statusCode()).isEqualTo(504);
        assertThat((System.nanoTime() - t0) / 1_000_000).isBetween(250L, 2500L);
        assertThat(proxy.server().metrics().errors(ErrorKind.UPSTREAM_TIMEOUT)).isEqualTo(1);
    }

    @Test
    void anUnknownHostWithoutDefaultProductGives404() throws Exception {
        backend = TestBackend.answering("x");
        proxy = TestProxy.start(transport, """
                [hosts]
                "example.com" = "www"
                [[product.www.route]]
                condition = "default_t()"
                cluster = "web"
                [[cluster.web.subcluster.dc1.instance]]
                address = "%s"
                """.formatted(backend.address()));
        assertThat(proxy.exchange("GET / HTTP/1.1\r\nHost: other.org\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 404 ");
        assertThat(proxy.exchange("GET / HTTP/1.1\r\nHost: EXAMPLE.com:80\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200 ");
        assertThat(proxy.server().metrics().errors(ErrorKind.NO_PRODUCT)).isEqualTo(1);
    }

    @Test
    void noMatchingRouteGives404() throws Exception {
        backend = TestBackend.answering("x");
        proxy = TestProxy.start(transport, """
                [server]
                default_product = "www"
                [[product.www.route]]
                condition = 'req_path_prefix_in("/api/", false)'
                cluster = "web"
                [[cluster.web.subcluster.dc1.instance]]
                address = "%s"
                """.formatted(backend.address()));
        assertThat(proxy.get("/other").statusCode()).isEqualTo(404);
        assertThat(proxy.get("/api/x").statusCode()).isEqualTo(200);
        assertThat(proxy.server().metrics().errors(ErrorKind.NO_ROUTE)).isEqualTo(1);
    }

    @Test
    void malformedRequestsGet400AndTheConnectionCloses() throws Exception {
        backend = TestBackend.answering("x");
        proxy = TestProxy.start(transport, TestProxy.oneCluster("", backend));
        assertThat(proxy.exchange("GET / HTTP/1.1\r\nHost: a\r\nBad Header: x\r\n\r\n"))
                .startsWith("HTTP/1.1 400 ").contains("Connection: close");
        assertThat(proxy.exchange("GET / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n"))
                .startsWith("HTTP/1.1 400 ");
        assertThat(proxy.exchange("GET / HTTP/1.1\r\n\r\n")).startsWith("HTTP/1.1 400 ");
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void limitsGive414And431And413() throws Exception {
        backend = TestBackend.answering("x");
        proxy = TestProxy.start(transport, """
                [server.limits]
                max_uri_bytes = 100
                max_header_bytes = 2048
                max_headers = 10
                max_body_bytes = 10
                """ + TestProxy.oneCluster("", backend));
        assertThat(proxy.exchange("GET /" + "a".repeat(200) + " HTTP/1.1\r\nHost: a\r\n\r\n")).startsWith("HTTP/1.1 414 ");
        assertThat(proxy.exchange("GET / HTTP/1.1\r\nHost: a\r\nX: " + "b".repeat(3000) + "\r\n\r\n")).startsWith("HTTP/1.1 431 ");
        StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\nHost: a\r\n");
        for (int i = 0; i < 20; i++) {
            many.append("X-").append(i).append(": v\r\n");
        }
        assertThat(proxy.exchange(many + "\r\n")).startsWith("HTTP/1.1 431 ");
        assertThat(proxy.exchange("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world")).startsWith("HTTP/1.1 413 ");
        assertThat(proxy.exchange("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\nb\r\nhello world\r\n0\r\n\r\n"))
                .startsWith("HTTP/1.1 413 ");
        assertThat(proxy.exchange("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nConnection: close\r\n\r\nhello"))
                .startsWith("HTTP/1.1 200 ");
        assertThat(proxy.server().metrics().errors(ErrorKind.URI_TOO_LONG)).isEqualTo(1);
        assertThat(proxy.server().metrics().errors(ErrorKind.HEADER_TOO_LARGE)).isEqualTo(2);
        assertThat(proxy.server().metrics().errors(ErrorKind.BODY_TOO_LARGE)).isEqualTo(2);
    }

    @Test
    void aHeadThatDoesNotArriveInTimeGets408() throws Exception {
        backend = TestBackend.answering("x");
        proxy = TestProxy.start(transport, """
                [server.timeouts]
                client_header = "300ms"
                """ + TestProxy.oneCluster("", backend));
        try (Socket s = proxy.socket()) {
            OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: a\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 408 ").contains("Connection: close");
        }
        assertThat(proxy.server().metrics().errors(ErrorKind.CLIENT_TIMEOUT)).isEqualTo(1);
    }
}
