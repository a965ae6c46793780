package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.config.ConfigLoader;
import io.portico.server.admin.MetricsTextAccess;
import io.portico.server.metrics.ServerMetrics;
import io.portico.server.tls.OpensslOcsp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * OCSP stapling end to end: a response fetched from a real {@code openssl ocsp} responder named in
 * the certificate, or read from ocsp_response, is stapled — as the JDK's client and
 * {@code openssl s_client -status} see it; a responder that is down or says revoked leaves the
 * handshake without a staple, counted.
 */
class OcspStaplingTest {
    @TempDir
    Path dir;
    private TestBackend backend;
    private PorticoServer server;
    private OpensslOcsp openssl;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (backend != null) {
            backend.close();
        }
        if (openssl != null) {
            openssl.close();
        }
    }

    private void start(Path chain, Path key, String host, String ocspResponse) throws Exception {
        backend = TestBackend.answering("hello");
        Path file = dir.resolve("portico.toml");
        Files.writeString(file, """
                [[listener]]
                name = "tls"
                address = "127.0.0.1:0"
                protocol = "https"

                [[tls.certificate]]
                cert = "%s"
                key = "%s"
                server_names = ["%s"]
                default = true
                %s

                [server]
                default_product = "www"
                [[product.www.route]]
                condition = "default_t()"
                cluster = "web"
                [[cluster.web.subcluster.dc1.instance]]
                address = "%s"
                """.formatted(chain, key, host, ocspResponse == null ? "" : "ocsp_response = \"" + ocspResponse + "\"",
                backend.address()));
        server = PorticoServer.start(ConfigLoader.load(file));
    }

    private int port() {
        return server.listenerAddresses().getFirst().getPort();
    }

    /**
     * The response the server stapled for its leaf certificate in a JDK client's handshake
     * ({@code protocol}: TLSv1.2 or TLSv1.3); empty when none. (The JDK lists one per certificate
     * of the chain, empty for those without.)
     */
    private Optional<byte[]> jdkStaple(String host, String protocol) throws Exception {
        List<byte[]> all = jdkStaples(host, protocol);
        return all.isEmpty() || all.getFirst().length == 0 ? Optional.empty() : Optional.of(all.getFirst());
    }

    private List<byte[]> jdkStaples(String host, String protocol) throws Exception {
        try (SSLSocket s = (SSLSocket) TlsTerminationTest.trustingTestCa().getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), port())) {
            s.setSoTimeout(10_000);
            SSLParameters p = s.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(host)));
            p.setProtocols(new String[] {protocol});
            s.setSSLParameters(p);
            s.startHandshake();
            return ((ExtendedSSLSession) s.getSession()).getStatusResponses();
        }
    }

    private String opensslStatus(String host) throws Exception {
        Process p = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port(), "-servername", host, "-status",
                "-CAfile", OpensslOcsp.ca().toString()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 15 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void aResponseFetchedFromTheCertificatesResponderIsStapledForOpensslAndTheJdk() throws Exception {
        openssl = new OpensslOcsp(dir);
        int port = openssl.responder(openssl.index("index.txt", "V:1001"), 60);
        OpensslOcsp.Leaf leaf = openssl.issue("leaf", "ocsp.test", "1001", "http://127.0.0.1:" + port);
        start(leaf.chain(), leaf.key(), "ocsp.test", null);
        await("a fetched response", () -> server.stapling().current() == 1);
        assertThat(server.stapling().fetches(true)).isEqualTo(1);

        for (String protocol : List.of("TLSv1.3", "TLSv1.2")) {
            Optional<byte[]> staple = jdkStaple("ocsp.test", protocol);
            assertThat(staple).as(protocol).isPresent();
            Path der = dir.resolve("stapled-" + protocol + ".der");
            Files.write(der, staple.get());
            String text = OpensslOcspText.of(der, leaf.cert());
            assertThat(text).as(protocol).contains(leaf.cert() + ": good").contains("Response verify OK");
        }
        String out = opensslStatus("ocsp.test");
        assertThat(out).contains("OCSP Response Status: successful").contains("Cert Status: good")
                .contains("Serial Number: 1001").contains("Verify return code: 0 (ok)");
        String metrics = MetricsTextAccess.render(server);
        assertThat(metrics).contains("portico_tls_ocsp_fetches_total{result=\"ok\"} 1")
                .contains("portico_tls_ocsp_certificates{state=\"stapled\"} 1")
                .contains("portico_tls_ocsp_certificates{state=\"unstapled\"} 0");
    }

    @Test
    void theOcspResponseFileIsStapled() throws Exception {
        openssl = new OpensslOcsp(dir);
        Path index = openssl.index("index.txt", "V:165F0316D3B068364931790ACD163D3604174292");
        Path der = openssl.response(TlsTerminationTest.pki("example-rsa.pem"), index, 2, "example");
        start(TlsTerminationTest.pki("example-rsa-chain.pem"), TlsTerminationTest.pki("example-rsa-key.pem"), "example.com",
                der.toString());
        assertThat(server.stapling().current()).as("at once, no fetch").isEqualTo(1);
        assertThat(jdkStaple("example.com", "TLSv1.3")).contains(Files.readAllBytes(der));
        assertThat(jdkStaple("example.com", "TLSv1.2")).contains(Files.readAllBytes(der));
        assertThat(opensslStatus("example.com")).contains("OCSP Response Status: successful").contains("Cert Status: good");
        assertThat(server.stapling().fetches(true) + server.stapling().fetches(false)).isZero();
    }

    @Test
    void aResponderThatIsDownLeavesTheHandshakeWithoutAStapleAndIsCounted() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = s.getLocalPort();
        }
        openssl = new OpensslOcsp(dir);
        OpensslOcsp.Leaf leaf = openssl.issue("leaf", "down.test", "1002", "http://127.0.0.1:" + closed);
        start(leaf.chain(), leaf.key(), "down.test", null);
        await("a failed fetch", () -> server.stapling().fetches(false) >= 1);
        assertThat(jdkStaple("down.test", "TLSv1.3")).isEmpty();
        assertThat(opensslStatus("down.test")).contains("OCSP response: no response sent").contains("Verify return code: 0 (ok)");
        assertThat(MetricsTextAccess.render(server)).contains("portico_tls_ocsp_certificates{state=\"unstapled\"} 1")
                .contains("portico_tls_ocsp_certificates{state=\"stapled\"} 0");
    }

    @Test
    void aRevokedCertificatesResponseIsNotStapled() throws Exception {
        openssl = new OpensslOcsp(dir);
        int port = openssl.responder(openssl.index("index.txt", "R:1003"), 60);
        OpensslOcsp.Leaf leaf = openssl.issue("leaf", "revoked.test", "1003", "http://127.0.0.1:" + port);
        start(leaf.chain(), leaf.key(), "revoked.test", null);
        await("a failed fetch", () -> server.stapling().fetches(false) >= 1);
        assertThat(jdkStaple("revoked.test", "TLSv1.3")).isEmpty();
        assertThat(server.stapling().missing()).isEqualTo(1);
    }

    @Test
    void aReloadThatReplacesTheCertificateKeepsOpenConnectionsAndStaplesTheNewOne() throws Exception {
        openssl = new OpensslOcsp(dir);
        int port = openssl.responder(openssl.index("index.txt", "V:2001", "V:2002"), 60);
        OpensslOcsp.Leaf first = openssl.issue("first", "swap.test", "2001", "http://127.0.0.1:" + port);
        OpensslOcsp.Leaf second = openssl.issue("second", "swap.test", "2002", "http://127.0.0.1:" + port);
        start(first.chain(), first.key(), "swap.test", null);
        await("the first response", () -> server.stapling().current() == 1);
        try (SSLSocket old = (SSLSocket) TlsTerminationTest.trustingTestCa().getSocketFactory()
                .createSocket(InetAddress.getLoopbackAddress(), port())) {
            old.setSoTimeout(10_000);
            SSLParameters p = old.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName("swap.test")));
            old.setSSLParameters(p);
            assertThat(get(old)).isEqualTo("hello");
            assertThat(serial(old)).isEqualTo("2001");

            Path file = dir.resolve("portico.toml");
            Files.writeString(file, Files.readString(file).replace(first.chain().toString(), second.chain().toString())
                    .replace(first.key().toString(), second.key().toString()));
            server.reload();
            await("the second response", () -> server.stapling().current() == 1 && server.stapling().fetches(true) == 2);

            assertThat(get(old)).as("the open connection goes on with its certificate").isEqualTo("hello");
            assertThat(serial(old)).isEqualTo("2001");
            try (SSLSocket fresh = (SSLSocket) TlsTerminationTest.trustingTestCa().getSocketFactory()
                    .createSocket(InetAddress.getLoopbackAddress(), port())) {
                fresh.setSoTimeout(10_000);
                fresh.setSSLParameters(p);
                assertThat(get(fresh)).isEqualTo("hello");
                assertThat(serial(fresh)).isEqualTo("2002");
                List<byte[]> staples = ((ExtendedSSLSession) fresh.getSession()).getStatusResponses();
                Path der = dir.resolve("second.der");
                Files.write(der, staples.getFirst());
                assertThat(OpensslOcspText.of(der, second.cert())).contains(second.cert() + ": good");
            }
            assertThat(get(old)).isEqualTo("hello");
        }
        assertThat(server.metrics().handshakes(ServerMetrics.Handshake.OK)).isEqualTo(2);
    }

    private static String serial(SSLSocket s) throws Exception {
        return ((java.security.cert.X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber().toString(16);
    }

    private static String get(SSLSocket s) throws IOException {
        s.getOutputStream().write("GET / HTTP/1.1\r\nHost: swap.test\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        s.getOutputStream().flush();
        String head = LargeBodyTest.readHead(s.getInputStream());
        assertThat(head).startsWith("HTTP/1.1 200 ");
        return new String(s.getInputStream().readNBytes("hello".length()), StandardCharsets.US_ASCII);
    }

    /** openssl's reading of a DER response about {@code cert}. */
    static final class OpensslOcspText {
        static String of(Path der, Path cert) throws IOException, InterruptedException {
            Process p = new ProcessBuilder("openssl", "ocsp", "-respin", der.toString(), "-issuer", OpensslOcsp.ca().toString(),
                    "-cert", cert.toString(), "-CAfile", OpensslOcsp.ca().toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor(10, TimeUnit.SECONDS);
            return out;
        }
    }
}
