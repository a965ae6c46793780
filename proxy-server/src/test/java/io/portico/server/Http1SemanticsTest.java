package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.testing.RawResponse;
import java.io.ByteArrayOutputStream;
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
class Http1SemanticsTest {
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

    /** A backend that echoes the request line and body length, with Content-Length. */
    private void echoBackend() throws Exception {
        backend = TestBackend.start((req, s, out) -> TestBackend.ok(out, req.requestLine() + " " + req.body().length));
        proxy = TestProxy.start(transport, TestProxy.oneCluster("", backend));
    }

    @Test
    void anAbsoluteFormTargetIsForwardedInOriginFormWithItsAuthorityAsHost() throws Exception {
        echoBackend();
        String r = proxy.exchange("GET http://example.com:8080/a/b?q=1 HTTP/1.1\r\nHost: other.org\r\nConnection: close\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 200 ").endsWith("GET /a/b?q=1 HTTP/1.1 0");
        assertThat(backend.last().header("Host")).isEqualTo("example.com:8080");
    }

    @Test
    void connectionsIdlingBetweenRequestsShareScratchButNeverEachOthersFields() throws Exception {
        backend = TestBackend.start((req, s, out) -> TestBackend.ok(out,
                req.header("Host") + " " + req.header("X-Client") + " " + req.header("User-Agent")));
        proxy = TestProxy.start(transport, TestProxy.oneCluster("", backend));
        try (Socket a = proxy.socket(); Socket b = proxy.socket()) {
            for (int i = 0; i < 4; i++) {
                for (Socket s : java.util.List.of(a, b)) {
                    String who = s == a ? "a" : "b";
                    s.getOutputStream().write(("GET /" + i + " HTTP/1.1\r\nHost: " + who + ".example\r\nX-Client: " + who + i
                            + "\r\nUser-Agent: agent-" + who + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                    String r = RawResponse.read(s.getInputStream());
                    assertThat(r).startsWith("HTTP/1.1 200 ");
                    assertThat(RawResponse.body(r)).isEqualTo(who + ".example " + who + i + " agent-" + who);
                }
                // Past the 50 ms linger: both connections idle threadless, their scratch back in the shared pool.
                Thread.sleep(120);
            }
        }
    }

    @Test
    void optionsStarIsForwardedAsStar() throws Exception {
        echoBackend();
        assertThat(proxy.exchange("OPTIONS * HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"))
                .startsWith("HTTP/1.1 200 ").endsWith("OPTIONS * HTTP/1.1 0");
    }

    @Test
    void connectIsRefused() throws Exception {
        echoBackend();
        assertThat(proxy.exchange("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"))
                .startsWith("HTTP/1.1 405 ").contains("Allow: GET, HEAD, POST");
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        echoBackend();
        String all = proxy.exchange("GET /1 HTTP/1.1\r\nHost: a\r\n\r\n"
                + "POST /2 HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
                + "GET /3 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        int i1 = all.indexOf("GET /1 HTTP/1.1 0");
        int i2 = all.indexOf("POST /2 HTTP/1.1 5");
        int i3 = all.indexOf("GET /3 HTTP/1.1 0");
        assertThat(i1).isPositive();
        assertThat(i2).isGreaterThan(i1);
        assertThat(i3).isGreaterThan(i2);
    }

    @Test
    void headResponsesKeepTheirContentLengthAndCarryNoBody() throws Exception {
        backend = TestBackend.start((req, s, out) -> {
            if (req.requestLine().startsWith("HEAD")) {
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } else {
                TestBackend.ok(out, "after");
            }
        });
        proxy = TestProxy.start(transport, TestProxy.oneCluster("", backend));
        String r = proxy.exchange("HEAD / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        // Had the proxy waited for a HEAD body, the GET's answer would never come.
        assertThat(r).startsWith("HTTP/1.1 200 OK\r\n").contains("Content-Length: 1234\r\n\r\nHTTP/1.1 200 OK")
                .endsWith("after");
        assertThat(backend.received().get(0).requestLine()).isEqualTo("HEAD / HTTP/1.1");
    }

    @Test
    void noContentAndNotModifiedCarryNoBody() throws Exception {
        backend = TestBackend.start((req, s, out) -> {
            String status = req.requestLine().contains("/204") ? "204 No Content" : "304 Not Modified";
            out.write(("HTTP/1.1 " + status + "\r\nETag: \"x\"\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        });
        proxy = TestProxy.start(transport, TestProxy.oneCluster("", backend));
        String r = proxy.exchange("GET /204 HTTP/1.1\r\nHost: a\r\n\r\nGET /304 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 204 No Content\r\n").contains("HTTP/1.1 304 Not Modified\r\n")
                .doesNotContain("Transfer-Encoding").doesNotContain("chunked");
    }

    @Test
    void interimResponsesAreRelayedBeforeTheFinalOne() throws Exception {
        backend = TestBackend.start((req, s, out) -> {
            out.write("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            TestBackend.ok(out, "final");
        });
        proxy = TestProxy.start(transport, TestProxy.oneCluster("", backend));
        String r = proxy.exchange("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 103 Early Hints\r\nLink: </a.css>; rel=preload\r\n\r\nHTTP/1.1 200 OK\r\n")
                .endsWith("final");
    }

    @Test
    void expectContinueGets100BeforeTheBodyIsSent() throws Exception {
        echoBackend();
        try (Socket s = proxy.socket()) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write("PUT /up HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] interim = in.readNBytes("HTTP/1.1 100 Continue\r\n\r\n".length());
            assertThat(new String(interim, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
            out.write("data".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            s.shutdownOutput();
            String rest = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(rest).startsWith("HTTP/1.1 200 OK\r\n").endsWith("PUT /up HTTP/1.1 4");
        }
        assertThat(backend.last().header("Expect")).isNull();
    }

    @Test
    void http10ClientsGetKeepAliveOnlyWhenTheyAskForIt() throws Exception {
        echoBackend();
        String r = proxy.exchange("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /b HTTP/1.0\r\n\r\nGET /c HTTP/1.0\r\n\r\n");
        assertThat(r).contains("Connection: keep-alive").contains("GET /a HTTP/1.1 0").contains("GET /b HTTP/1.1 0")
                .doesNotContain("GET /c");
        // HTTP/1.1 upstream needs a Host: the instance's address, as nginx's default $proxy_host
        assertThat(backend.received()).allSatisfy(req -> assertThat(req.header("Host")).isEqualTo(backend.address()));
    }

    @Test
    void aCloseDelimitedBackendResponseIsChunkedToAnHttp11Client() throws Exception {
        backend = TestBackend.start((req, s, out) -> {
            out.write("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nstreamed until close".getBytes(StandardCharsets.US_ASCII));
            s.close();
        });
        proxy = TestProxy.start(transport, TestProxy.oneCluster("", backend));
        String r = proxy.exchange("GET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 200 OK\r\n").contains("Transfer-Encoding: chunked\r\n")
                .contains("streamed until close\r\n0\r\n\r\nHTTP/1.1 200 OK");
    }

    @Test
    void chunkedRequestsLoseTheirExtensionsAndKeepTheirTrailers() throws Exception {
        echoBackend();
        String r = proxy.exchange("POST /c HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + "5;name=value\r\nhello\r\n6;x\r\n world\r\n0\r\nX-Checksum: 42\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 200 OK\r\n").endsWith("POST /c HTTP/1.1 11");
        assertThat(backend.last().bodyText()).isEqualTo("hello world");
        assertThat(backend.last().trailers()).contains("X-Checksum: 42");
        assertThat(backend.last().header("Transfer-Encoding")).isEqualTo("chunked");
    }

    @Test
    void chunkedResponsesAreRelayedWithTheirTrailers() throws Exception {
        backend = TestBackend.start((req, s, out) -> out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nX-Sum: 9\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
        proxy = TestProxy.start(transport, TestProxy.oneCluster("", backend));
        String r = proxy.exchange("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 200 OK\r\n").contains("Transfer-Encoding: chunked")
                .contains("abc").contains("de").contains("X-Sum: 9").doesNotContain("ext=1");
    }

    @Test
    void aRequestWrittenByteByByteAndRequestsAfterIdlePausesAreServedOnOneConnection() throws Exception {
        // Over TLS each byte is a record of its own, and each pause hands the idle connection to the I/O loop.
        echoBackend();
        try (Socket s = proxy.socket()) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            for (byte b : "POST /a HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc".getBytes(StandardCharsets.US_ASCII)) {
                out.write(b);
                out.flush();
            }
            assertThat(RawResponse.read(in)).startsWith("HTTP/1.1 200 OK\r\n").endsWith("POST /a HTTP/1.1 3");
            for (int i = 0; i < 3; i++) {
                Thread.sleep(200);
                out.write(("GET /b" + i + " HTTP/1.1\r\nHost: a\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(RawResponse.read(in)).endsWith("GET /b" + i + " HTTP/1.1 0");
            }
        }
        assertThat(backend.received()).hasSize(4);
    }

    @Test
    void aClientReadingSlowerThanTheBackendWritesGetsTheWholeResponseAndKeepsItsConnection() throws Exception {
        byte[] big = new byte[8 << 20];
        backend = TestBackend.start((req, s, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + big.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(big);
            out.flush();
        });
        proxy = TestProxy.start(transport, TestProxy.oneCluster("", backend));
        try (Socket s = proxy.socket()) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            assertThat(RawResponse.readHead(in)).startsWith("HTTP/1.1 200 OK\r\n");
            Thread.sleep(1000); // the proxy's writes fill the socket buffers and wait
            long n = 0;
            byte[] buf = new byte[100];
            for (int k; n < big.length && (k = in.read(buf)) > 0; n += k) {
                if ((n + k) / (1 << 20) != n / (1 << 20)) {
                    Thread.sleep(50);
                }
            }
            assertThat(n).isEqualTo(big.length);
            s.getOutputStream().write("GET /again HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).startsWith("HTTP/1.1 200 OK\r\n");
        }
    }

    @Test
    void aLargeUploadAndAPipelinedRequestInOneWriteAreBothAnswered() throws Exception {
        echoBackend();
        byte[] body = new byte[3 << 20];
        ByteArrayOutputStream both = new ByteArrayOutputStream();
        both.write(("POST /u HTTP/1.1\r\nHost: a\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        both.write(body);
        both.write("GET /n HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String all;
        try (Socket s = proxy.socket()) {
            s.getOutputStream().write(both.toByteArray());
            s.getOutputStream().flush();
            all = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
        assertThat(all).contains("POST /u HTTP/1.1 " + body.length).endsWith("GET /n HTTP/1.1 0");
    }
}
