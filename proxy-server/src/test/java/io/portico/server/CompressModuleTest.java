package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.server.snapshot.LoadedModules;
import io.portico.testing.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** compress through a running proxy: a large streamed body round-trips; excluded responses pass untouched. */
class CompressModuleTest {
    private static final int BIG = 5 << 20;
    private static final String PAGE = "<html>" + "portico compresses this page. ".repeat(100) + "</html>";

    private TestBackend backend;
    private TestProxy proxy;
    private volatile String sentDigest;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private void start(String moduleKeys) throws Exception {
        backend = TestBackend.start((req, s, out) -> {
            String path = req.requestLine().split(" ")[1];
            switch (path) {
                case "/big" -> streamBig(out);
                case "/png" -> answer(out, 200, "image/png", "", PAGE);
                case "/br" -> answer(out, 200, "text/html", "Content-Encoding: br\r\n", PAGE);
                case "/missing" -> answer(out, 404, "text/html", "", PAGE);
                case "/tiny" -> answer(out, 200, "text/html", "", "<p>tiny</p>");
                default -> answer(out, 200, "text/html; charset=utf-8", "ETag: \"v1\"\r\n", PAGE);
            }
        });
        proxy = TestProxy.start(TestProxy.oneCluster("", backend) + "[modules]\nenabled = [\"compress\"]\n" + moduleKeys);
    }

    private static void answer(OutputStream out, int status, String type, String extra, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        out.write(("HTTP/1.1 " + status + " X\r\nContent-Type: " + type + "\r\n" + extra + "Content-Length: " + b.length
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.write(b);
        out.flush();
    }

    /** 5 MiB of loosely repetitive text, chunked in 64 KiB pieces; records its SHA-256. */
    private void streamBig(OutputStream out) throws IOException {
        out.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        MessageDigest sha = Sha256.digest();
        Random random = new Random(7);
        byte[] chunk = new byte[64 << 10];
        for (int sent = 0; sent < BIG; sent += chunk.length) {
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = (byte) ('a' + (random.nextInt(100) < 90 ? i % 16 : random.nextInt(26)));
            }
            sha.update(chunk);
            out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(chunk);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        sentDigest = Sha256.hex(sha);
    }

    @Test
    void aFiveMebibyteStreamedBodyDecompressesToTheBackendsBytes() throws Exception {
        start("");
        HttpResponse<InputStream> r = proxy.client().send(HttpRequest.newBuilder(proxy.uri("/big"))
                .header("Accept-Encoding", "br;q=1, gzip;q=0.8").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(r.headers().firstValue("Content-Length")).isEmpty();
        assertThat(r.headers().firstValue("Transfer-Encoding")).hasValue("chunked");
        assertThat(r.headers().allValues("Vary")).containsExactly("Accept-Encoding");
        MessageDigest got = Sha256.digest();
        long compressed;
        try (CountingInput counted = new CountingInput(r.body()); InputStream in = new GZIPInputStream(counted, 8192)) {
            byte[] buf = new byte[64 << 10];
            long total = 0;
            for (int n; (n = in.read(buf)) > 0; ) {
                got.update(buf, 0, n);
                total += n;
            }
            assertThat(total).isEqualTo(BIG);
            compressed = counted.count;
        }
        assertThat(Sha256.hex(got)).isEqualTo(sentDigest);
        assertThat(compressed).isLessThan(BIG / 2);
    }

    @Test
    void aCompressedPageGetsAWeakEtagAtTheChosenLevel() throws Exception {
        start("[modules.compress]\nlevel = 1\nmin_length = \"1KiB\"\n");
        String raw = proxy.exchange("GET /page HTTP/1.1\r\nHost: a\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 200").contains("Content-Encoding: gzip\r\n").contains("ETag: W/\"v1\"\r\n")
                .doesNotContain("Content-Length");
    }

    @Test
    void excludedResponsesPassUntouched() throws Exception {
        start("");
        String gzip = "Accept-Encoding: gzip\r\n";
        assertUntouched("GET /page", "", true);
        assertUntouched("GET /page", "Accept-Encoding: gzip;q=0, br\r\n", true);
        assertUntouched("GET /png", gzip, false);
        assertUntouched("GET /br", gzip, false);
        assertUntouched("GET /missing", gzip, false);
        String tiny = proxy.exchange("GET /tiny HTTP/1.1\r\nHost: a\r\n" + gzip + "Connection: close\r\n\r\n");
        assertThat(tiny).startsWith("HTTP/1.1 200").doesNotContain("Content-Encoding").contains("Content-Length: 11\r\n")
                .endsWith("<p>tiny</p>");
        String head = proxy.exchange("HEAD /page HTTP/1.1\r\nHost: a\r\n" + gzip + "Connection: close\r\n\r\n");
        assertThat(head).startsWith("HTTP/1.1 200").doesNotContain("Content-Encoding").contains("Content-Length: "
                + PAGE.length());
    }

    private void assertUntouched(String requestLine, String acceptEncoding, boolean varies) throws Exception {
        String raw = proxy.exchange(requestLine + " HTTP/1.1\r\nHost: a\r\n" + acceptEncoding + "Connection: close\r\n\r\n");
        String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
        assertThat(raw).as(requestLine).doesNotContain("Content-Encoding: gzip").contains("Content-Length: " + body.length());
        assertThat(raw.contains("Vary: Accept-Encoding")).as(requestLine + " varies").isEqualTo(varies);
        assertThat(body).isEqualTo(PAGE);
    }

    @Test
    void badSettingsAreReportedWithTheirLocation() {
        assertThatThrownBy(() -> start("[modules.compress]\nlevel = 10\ntypes = [\"html\"]\n"))
                .isInstanceOf(LoadedModules.ModuleConfigException.class)
                .hasMessageMatching("(?s).*portico\\.toml:\\d+: modules\\.compress\\.level: expected an integer in 1\\.\\.9, got 10.*")
                .hasMessageContaining("modules.compress.types: \"html\" is not a media type");
    }

    private static final class CountingInput extends java.io.FilterInputStream {
        long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count += Math.max(n, 0);
            return n;
        }
    }
}
