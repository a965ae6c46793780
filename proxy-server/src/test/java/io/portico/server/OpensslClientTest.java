package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

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
        assertThat(errors.get(5, TimeUnit.SECONDS)).contains("Verification: OK");
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
}
