package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A module's {@code Verdict.Stream} answer as the server sends it (module: {@link AnswerTestModule}). */
class StreamedAnswerTest {
    private TestBackend backend;
    private TestProxy proxy;

    @BeforeEach
    void start() throws Exception {
        backend = TestBackend.answering("from the backend");
        proxy = TestProxy.start(TestProxy.oneCluster("", backend) + """
                [modules]
                enabled = ["test_answers"]
                """);
    }

    @AfterEach
    void stop() throws Exception {
        proxy.close();
        backend.close();
    }

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    @Test
    void aStreamedAnswerArrivesWholeWithItsContentLength() throws Exception {
        HttpResponse<byte[]> r = proxy.client().send(HttpRequest.newBuilder(proxy.uri("/stream/3000000"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Length")).contains("3000000");
        assertThat(r.headers().firstValue("X-Streamed")).contains("yes");
        assertThat(r.body()).isEqualTo(pattern(3_000_000));
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void aStreamedAnswerOfUnknownLengthIsChunkedAndTheModulesFramingFieldsAreDropped() throws Exception {
        String raw = proxy.exchange("GET /chunked/30 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 200 ").containsIgnoringCase("Transfer-Encoding: chunked\r\n")
                .doesNotContainIgnoringCase("Content-Length");
        assertThat(raw).endsWith("\r\n\r\n1e\r\n" + new String(pattern(30)) + "\r\n0\r\n\r\n");
    }

    @Test
    void headOfAStreamedAnswerGetsTheLengthWithoutBodyAndKeepsTheConnection() throws Exception {
        String raw = proxy.exchange("HEAD /stream/5000 HTTP/1.1\r\nHost: a\r\n\r\n"
                + "GET /stream/3 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
        int second = raw.indexOf("HTTP/1.1 200 ", 1);
        assertThat(raw).startsWith("HTTP/1.1 200 ");
        assertThat(second).isPositive();
        assertThat(raw.substring(0, second)).contains("Content-Length: 5000\r\n").endsWith("\r\n\r\n");
        assertThat(raw.substring(second)).contains("Content-Length: 3\r\n").endsWith("\r\n\r\nabc");
    }

    @Test
    void aWriterThatFailsMidwayClosesTheConnectionAfterWhatItSent() throws Exception {
        String raw = proxy.exchange("GET /broken HTTP/1.1\r\nHost: a\r\n\r\nGET /stream/3 HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 200 ").contains("Content-Length: 10\r\n").endsWith("\r\n\r\nabc");
        assertThat(proxy.get("/stream/2").body()).isEqualTo("ab");
    }

    @Test
    void aWriterThatWritesLessThanItsLengthClosesTheConnection() throws Exception {
        String raw = proxy.exchange("GET /short HTTP/1.1\r\nHost: a\r\n\r\nGET /stream/3 HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 200 ").contains("Content-Length: 10\r\n");
        assertThat(raw.indexOf("HTTP/1.1", 1)).isEqualTo(-1);
    }
}
