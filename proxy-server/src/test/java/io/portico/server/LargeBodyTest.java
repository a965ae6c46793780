package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.testing.RawResponse;
import io.portico.testing.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Bodies far larger than the test JVM's heap share pass through the proxy in both directions,
 * streamed: checksums match at the other end. (The test JVM runs with -Xmx1g and holds the
 * client, the proxy and the backend, so a proxy that buffered a body would fail here.)
 */
@Tag("heavy") // GiB bodies
@ParameterizedClass(name = "{0}")
@EnumSource(TestProxy.Transport.class)
class LargeBodyTest {
    @Parameter
    TestProxy.Transport transport;

    private static final long SIZE = 1L << 30;

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
    void aOneGibibyteDownloadStreamsThroughWithItsChecksumIntact() throws Exception {
        backend = TestBackend.start((req, s, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + SIZE + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            writePattern(out, SIZE);
            out.flush();
        });
        proxy = TestProxy.start(transport, TestProxy.oneCluster("", backend));
        try (Socket s = proxy.socket()) {
            s.getOutputStream().write("GET /big HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            String head = readHead(in);
            assertThat(head).startsWith("HTTP/1.1 200 OK").contains("Content-Length: " + SIZE);
            MessageDigest got = Sha256.digest();
            long n = Sha256.feed(got, in, Long.MAX_VALUE);
            assertThat(n).isEqualTo(SIZE);
            assertThat(Sha256.hex(got)).isEqualTo(patternDigest(SIZE));
        }
    }

    @Test
    void aOneGibibyteChunkedUploadStreamsThroughWithItsChecksumIntact() throws Exception {
        String[] seen = new String[1];
        long[] length = new long[1];
        backend = TestBackend.startRaw((s, in, out) -> {
            String head = TestBackend.readHead(in).rawHead();
            MessageDigest d = Sha256.digest();
            length[0] = head.toLowerCase().contains("transfer-encoding: chunked")
                    ? digestChunked(in, d) : Sha256.feed(d, in, SIZE);
            seen[0] = Sha256.hex(d);
            TestBackend.ok(out, seen[0]);
        });
        proxy = TestProxy.start(transport, TestProxy.oneCluster("", backend));
        try (Socket s = proxy.socket()) {
            OutputStream out = new java.io.BufferedOutputStream(s.getOutputStream(), 65536);
            out.write("POST /up HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] block = new byte[60_000];
            long sent = 0;
            while (sent < SIZE) {
                int n = (int) Math.min(block.length, SIZE - sent);
                fill(block, sent, n);
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(block, 0, n);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                sent += n;
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
            assertThat(answer).startsWith("HTTP/1.1 200 OK").endsWith(patternDigest(SIZE));
        }
        assertThat(length[0]).isEqualTo(SIZE);
    }

    /** {@link RawResponse#readHead}, kept under this name for the tests that call it here. */
    static String readHead(InputStream in) throws IOException {
        return RawResponse.readHead(in);
    }

    static long digestChunked(InputStream in, MessageDigest d) throws IOException {
        long total = 0;
        while (true) {
            String line = TestBackend.readLine(in);
            int semi = line.indexOf(';');
            long n = Long.parseLong((semi < 0 ? line : line.substring(0, semi)).strip(), 16);
            if (n == 0) {
                while (!TestBackend.readLine(in).isEmpty()) {
                    // trailers
                }
                return total;
            }
            total += Sha256.feed(d, in, n);
            TestBackend.readLine(in);
        }
    }

    /** Byte i of the pattern is a function of i, so both ends can compute it. */
    static void fill(byte[] b, long offset, int n) {
        for (int i = 0; i < n; i++) {
            long x = offset + i;
            b[i] = (byte) (x ^ (x >>> 8) ^ (x >>> 17));
        }
    }

    static void writePattern(OutputStream out, long size) throws IOException {
        byte[] block = new byte[64 * 1024];
        for (long off = 0; off < size; off += block.length) {
            int n = (int) Math.min(block.length, size - off);
            fill(block, off, n);
            out.write(block, 0, n);
        }
    }

    private static String expected;

    static synchronized String patternDigest(long size) {
        if (expected == null) {
            try {
                MessageDigest d = Sha256.digest();
                byte[] block = new byte[64 * 1024];
                for (long off = 0; off < size; off += block.length) {
                    int n = (int) Math.min(block.length, size - off);
                    fill(block, off, n);
                    d.update(block, 0, n);
                }
                expected = Sha256.hex(d);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return expected;
    }
}
