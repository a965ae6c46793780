package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** openssl s_client (OpenSSL's own TLS stack, not the JDK's) as a raw HTTP/1.1 client of an https listener. */
class OpensslClientTest {
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
    void pipelinedRequestsOnOneVerifiedConnectionAreAnsweredInOrder() throws Exception {
        backend = TestBackend.start((req, s, out) -> {
            if (req.requestLine().startsWith("HEAD")) {
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            } else if (req.requestLine().contains("/chunked")) {
                out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nfirst\r\n6\r\nsecond\r\n0\r\nX-Sum: 11\r\n\r\n"
                        .getBytes(StandardCharsets.US_ASCII));
            } else {
                TestBackend.ok(out, req.requestLine() + " " + req.body().length);
            }
        });
        proxy = TestProxy.startTls(TestProxy.oneCluster("", backend));
        Process openssl = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + proxy.port(),
                "-servername", TestProxy.TLS_NAME, "-CAfile", TestPki.path("ca.pem").toString(),
                "-verify_hostname", TestProxy.TLS_NAME, "-verify_return_error", "-brief", "-ign_eof").start();
        CompletableFuture<String> errors = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(openssl.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                return e.toString();
            }
        });
        try (OutputStream in = openssl.getOutputStream()) {
            in.write(("GET /1 HTTP/1.1\r\nHost: example.com\r\n\r\n"
                    + "POST /2 HTTP/1.1\r\nHost: example.com\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
                    + "GET /chunked HTTP/1.1\r\nHost: example.com\r\n\r\n"
                    + "HEAD /4 HTTP/1.1\r\nHost: example.com\r\n\r\n"
                    + "GET /5 HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        }
        String out = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(openssl.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(errors.get(5, TimeUnit.SECONDS)).contains("Verification: OK")
                .as("the proxy closed with close_notify").doesNotContain("unexpected eof");
        int first = out.indexOf("GET /1 HTTP/1.1 0");
        int second = out.indexOf("POST /2 HTTP/1.1 5");
        int chunked = out.indexOf("5\r\nfirst\r\n6\r\nsecond\r\n0\r\nX-Sum: 11\r\n\r\n");
        int head = out.indexOf("Content-Length: 1234\r\n", chunked); // HEAD /4's length, and no body after it
        int last = out.indexOf("GET /5 HTTP/1.1 0");
        assertThat(first).as(out).isNotNegative();
        assertThat(second).as(out).isGreaterThan(first);
        assertThat(chunked).as(out).isGreaterThan(second);
        assertThat(head).as(out).isGreaterThan(chunked);
        assertThat(last).as(out).isGreaterThan(head);
        assertThat(out.substring(head, out.lastIndexOf("HTTP/1.1 200 OK"))).endsWith("\r\n\r\n").doesNotContain("HTTP/1.1 2");
        assertThat(backend.connections()).isEqualTo(1);
        assertThat(backend.received()).extracting(TestBackend.Received::requestLine).containsExactly(
                "GET /1 HTTP/1.1", "POST /2 HTTP/1.1", "GET /chunked HTTP/1.1", "HEAD /4 HTTP/1.1", "GET /5 HTTP/1.1");
    }

    /**
     * s_time reuses the first connection's session for each next one, and OpenSSL keeps a session
     * only from a connection that ended cleanly: without the proxy's close_notify after an HTTP/1.0
     * answer, no connection resumed.
     */
    @ParameterizedTest
    @ValueSource(strings = {"-tls1_2", "-tls1_3"})
    void connectionsClosedAfterAnAnswerLeaveTheirSessionResumable(String version) throws Exception {
        backend = TestBackend.start((req, s, out) -> TestBackend.ok(out, "hi"));
        proxy = TestProxy.startTls(TestProxy.oneCluster("", backend));
        Process stime = new ProcessBuilder("openssl", "s_time", "-connect", "127.0.0.1:" + proxy.port(), version,
                "-reuse", "-time", "1", "-www", "/x").redirectErrorStream(true).start();
        String out = new String(stime.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        assertThat(stime.waitFor(30, TimeUnit.SECONDS)).isTrue();
        // After "Now timing with session id reuse", one mark per connection: r resumed, * full.
        StringBuilder marks = new StringBuilder();
        out.substring(out.indexOf("session id reuse")).lines()
                .filter(line -> !line.isEmpty() && line.chars().allMatch(c -> c == 'r' || c == '*'))
                .forEach(marks::append);
        long resumed = marks.chars().filter(c -> c == 'r').count();
        long full = marks.chars().filter(c -> c == '*').count();
        assertThat(resumed).as(out).isGreaterThanOrEqualTo(3);
        assertThat(full).as(out).isZero();
    }
}
