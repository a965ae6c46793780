package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The strict test backend fails a test on what a proxy must never send, and only on that. */
class TestBackendTest {

    private static String send(TestBackend backend, String raw) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), backend.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void aConformingRequestIsAnsweredAndItsRawHeadKept() throws Exception {
        String head = "POST /a?b HTTP/1.1\r\nHost: x\r\nConnection: keep-alive\r\nTE: trailers\r\n"
                + "X-Twice: 1\r\nX-Twice: 2\r\nTransfer-Encoding: chunked\r\n\r\n";
        try (TestBackend backend = TestBackend.answering("fine")) {
            assertThat(send(backend, head + "3\r\nabc\r\n0\r\nX-T: 1\r\n\r\n")).startsWith("HTTP/1.1 200 OK").endsWith("fine");
            assertThat(backend.last().rawHead()).isEqualTo(head);
            assertThat(backend.last().header("X-Twice")).isEqualTo("1, 2");
            assertThat(backend.last().headers("X-Twice")).containsExactly("1", "2");
            assertThat(backend.last().bodyText()).isEqualTo("abc");
            assertThat(backend.violations()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            GET / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 0\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n0\\r\\n\\r\\n | Content-Length together with Transfer-Encoding
            GET / HTTP/1.1\\r\\nHost: x\\r\\nContent-Length: 1\\r\\nContent-Length: 1\\r\\n\\r\\nx              | Content-Length 2 times
            GET / HTTP/1.1\\r\\nHost: x\\r\\nHost: y\\r\\n\\r\\n                                             | Host 2 times
            GET / HTTP/1.1\\r\\nX: 1\\r\\n\\r\\n                                                             | Host 0 times
            GET / HTTP/1.1\\r\\nHost: x\\nX: 1\\r\\n\\r\\n                                                   | bare LF
            GET / HTTP/1.1\\r\\nHost: x\\r\\nX: a\\rb\\r\\n\\r\\n                                              | bare CR
            GET / HTTP/1.1\\r\\nHost: x\\r\\nX: a\\r\\n b\\r\\n\\r\\n                                         | obs-fold
            GET / HTTP/1.0\\r\\nHost: x\\r\\n\\r\\n                                                          | malformed request line
            GET / HTTP/1.1\\r\\nHost: x\\r\\nKeep-Alive: timeout=5\\r\\n\\r\\n                                | hop-by-hop field forwarded: keep-alive
            GET / HTTP/1.1\\r\\nHost: x\\r\\nProxy-Connection: keep-alive\\r\\n\\r\\n                         | hop-by-hop field forwarded: proxy-connection
            GET / HTTP/1.1\\r\\nHost: x\\r\\nHTTP2-Settings: AAA\\r\\n\\r\\n                                   | hop-by-hop field forwarded: http2-settings
            GET / HTTP/1.1\\r\\nHost: x\\r\\nTE: gzip\\r\\n\\r\\n                                              | TE other than trailers
            GET / HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: gzip, chunked\\r\\n\\r\\n0\\r\\n\\r\\n          | Transfer-Encoding other than chunked
            GET / HTTP/1.1\\r\\nHost: x\\r\\nUpgrade: websocket\\r\\nConnection: Upgrade\\r\\n\\r\\n            | Upgrade the test did not ask for
            GET / HTTP/1.1\\r\\nHost: x\\r\\nConnection: X-Secret\\r\\nX-Secret: 1\\r\\n\\r\\n                 | field named in Connection forwarded: x-secret
            GET / HTTP/1.1\\r\\nHost: x\\r\\nBad Name: 1\\r\\n\\r\\n                                          | malformed field line
            \\r\\nGET / HTTP/1.1\\r\\nHost: x\\r\\n\\r\\n                                                    | empty line before the request line
            GET / HTTP/1.1\\r\\nHost: x\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nz\\r\\n                     | malformed chunk size line
            """)
    void aRequestAProxyMustNeverSendIsAnswered500AndFailsClose(String request, String rule) throws Exception {
        TestBackend backend = TestBackend.answering("fine");
        String raw = request.replace("\\r", "\r").replace("\\n", "\n");
        assertThat(send(backend, raw)).startsWith(TestBackend.VIOLATION_STATUS).contains(rule);
        assertThat(backend.violations()).anySatisfy(v -> assertThat(v).contains(rule));
        assertThatThrownBy(backend::close).isInstanceOf(AssertionError.class).hasMessageContaining(rule);
    }

    @Test
    void aLenientBackendAnswersAndDoesNotFailButStillLists() throws Exception {
        try (TestBackend backend = TestBackend.answering("fine").lenient()) {
            assertThat(send(backend, "GET / HTTP/1.1\r\nHost: x\r\nKeep-Alive: 5\r\n\r\n")).startsWith("HTTP/1.1 200 OK");
            assertThat(backend.violations()).singleElement().asString().contains("keep-alive");
        }
    }

    @Test
    void aDeclaredUpgradeMayBeForwardedWithConnectionUpgrade() {
        String head = "GET / HTTP/1.1\r\nHost: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n";
        assertThat(TestBackend.violations(head, Set.of("websocket"))).isEmpty();
        assertThat(TestBackend.violations(head, Set.of("h2c"))).isNotEmpty();
        assertThat(TestBackend.violations("GET / HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n\r\n", Set.of("websocket")))
                .singleElement().asString().startsWith("Upgrade without Connection: upgrade");
    }

    @Test
    void aRawHandlersRequestsAreCheckedToo() throws Exception {
        TestBackend backend = TestBackend.startRaw((s, in, out) -> {
            TestBackend.read(in);
            TestBackend.ok(out, "raw");
        });
        assertThat(send(backend, "GET / HTTP/1.1\r\nHost: x\r\nProxy-Connection: close\r\n\r\n")).startsWith("HTTP/1.1 200 OK");
        assertThatThrownBy(backend::close).isInstanceOf(AssertionError.class).hasMessageContaining("proxy-connection");
    }
}
