package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.config.ConfigLoader;
import io.portico.server.admin.MetricsTextAccess;
import io.portico.server.metrics.ServerMetrics;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Session resumption on an https listener, TLS 1.2 and 1.3, with the JDK's client and openssl
 * s_client: a client that comes back resumes (no certificate, the session it had), and the
 * server counts full and resumed handshakes apart. The certificate is chosen by name, not the
 * default: the JDK (25) restores a ticket by asking the key manager for the certificate before it
 * has read the client's SNI, which the proxy reads ahead of it (ClientHellos) so that it resumes.
 */
class TlsSessionsTest {
    @TempDir
    Path dir;
    private TestBackend backend;
    private PorticoServer server;

    @BeforeEach
    void start() throws Exception {
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
                server_names = ["example.com"]

                [[tls.certificate]]
                cert = "%s"
                key = "%s"
                server_names = ["default.test"]
                default = true

                [server]
                default_product = "www"
                [[product.www.route]]
                condition = "default_t()"
                cluster = "web"
                [[cluster.web.subcluster.dc1.instance]]
                address = "%s"
                """.formatted(TlsTerminationTest.pki("example-ec-chain.pem"), TlsTerminationTest.pki("example-ec-key.pem"),
                TlsTerminationTest.pki("default-rsa-chain.pem"), TlsTerminationTest.pki("default-rsa-key.pem"), backend.address()));
        server = PorticoServer.start(ConfigLoader.load(file));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        backend.close();
    }

    private int port() {
        return server.listenerAddresses().getFirst().getPort();
    }

    /** One request on a new connection from {@code client}; the session it had. */
    private SSLSession connect(SSLContext client, String protocol) throws Exception {
        try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port())) {
            s.setSoTimeout(10_000);
            SSLParameters p = s.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName("example.com")));
            p.setProtocols(new String[] {protocol});
            s.setSSLParameters(p);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: example.com\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            assertThat(LargeBodyTest.readHead(s.getInputStream())).startsWith("HTTP/1.1 200 ");
            // the body read also takes in a TLS 1.3 NewSessionTicket sent after the handshake
            assertThat(new String(s.getInputStream().readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("hello");
            return s.getSession();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"TLSv1.3", "TLSv1.2"})
    void aJdkClientThatComesBackResumesItsSessionAndTheServerCountsIt(String protocol) throws Exception {
        boolean tls13 = protocol.equals("TLSv1.3");
        SSLContext client = TlsTerminationTest.trustingTestCa();
        SSLSession first = connect(client, protocol);
        first.putValue("mark", "first");
        SSLSession second = connect(client, protocol);
        SSLSession third = connect(client, protocol);
        assertThat(second.getProtocol()).isEqualTo(protocol);
        assertThat(second.getCreationTime()).as("a resumed session keeps its creation time").isEqualTo(first.getCreationTime());
        assertThat(third.getCreationTime()).isEqualTo(first.getCreationTime());
        assertThat(second.getValue("mark")).as("and the client's values").isEqualTo("first");
        assertThat(new long[] {server.metrics().sessions(false, tls13), server.metrics().sessions(true, tls13)})
                .as("full, resumed").containsExactly(1, 2);

        assertThat(((java.security.cert.X509Certificate) second.getPeerCertificates()[0]).getSubjectX500Principal().getName())
                .as("resumed with the certificate SNI chose, not the default").isEqualTo("CN=example.com");
        SSLSession other = connect(TlsTerminationTest.trustingTestCa(), protocol);
        assertThat(other.getCreationTime()).as("another client: a full handshake").isNotEqualTo(first.getCreationTime());
        assertThat(server.metrics().sessions(false, tls13)).isEqualTo(2);
        assertThat(server.metrics().sessions(true, !tls13) + server.metrics().sessions(false, !tls13)).isZero();
        String v = tls13 ? "1.3" : "1.2";
        assertThat(MetricsTextAccess.render(server))
                .contains("portico_tls_sessions_total{handshake=\"full\",version=\"" + v + "\"} 2")
                .contains("portico_tls_sessions_total{handshake=\"resumed\",version=\"" + v + "\"} 2");
    }

    private String sClient(String version, Path sessionOut, Path sessionIn) throws IOException, InterruptedException {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl", "s_client", "-connect", "127.0.0.1:" + port(),
                "-servername", "example.com", version, "-CAfile", TlsTerminationTest.pki("ca.pem").toString()));
        if (sessionOut != null) {
            cmd.addAll(List.of("-sess_out", sessionOut.toString()));
        }
        if (sessionIn != null) {
            cmd.addAll(List.of("-sess_in", sessionIn.toString()));
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        p.getOutputStream().write("GET / HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().flush();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(out).contains("hello");
        return out;
    }

    @ParameterizedTest
    @ValueSource(strings = {"-tls1_3", "-tls1_2"})
    void opensslResumesWithTheSessionItSaved(String version) throws Exception {
        boolean tls13 = version.equals("-tls1_3");
        Path session = dir.resolve("session.pem");
        String first = sClient(version, session, null);
        assertThat(first).contains("New, TLSv1." + (tls13 ? "3" : "2"));
        String second = sClient(version, null, session);
        assertThat(second).contains("Reused, TLSv1." + (tls13 ? "3" : "2"));
        assertThat(server.metrics().sessions(false, tls13)).isEqualTo(1);
        assertThat(server.metrics().sessions(true, tls13)).isEqualTo(1);
    }

    @Test
    void aFailedHandshakeIsNotCountedAsASession() throws Exception {
        try (java.net.Socket s = new java.net.Socket(InetAddress.getLoopbackAddress(), port())) {
            s.getOutputStream().write("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            s.setSoTimeout(10_000);
            s.getInputStream().readAllBytes();
        }
        Wait.until(() -> server.metrics().handshakes(ServerMetrics.Handshake.FAILED) == 1, "the failed handshake");
        for (boolean resumed : new boolean[] {false, true}) {
            assertThat(server.metrics().sessions(resumed, true) + server.metrics().sessions(resumed, false)).isZero();
        }
    }

    @Test
    void aReloadThatLeavesTlsAloneKeepsSessionsResumableAndOneThatChangesItDoesNot() throws Exception {
        SSLContext client = TlsTerminationTest.trustingTestCa();
        SSLSession first = connect(client, "TLSv1.3");
        var before = server.snapshot().tls("tls");
        server.reload();
        assertThat(server.snapshot().tls("tls")).as("nothing of TLS changed: the same context").isSameAs(before);
        assertThat(connect(client, "TLSv1.3").getCreationTime()).as("resumed across the reload")
                .isEqualTo(first.getCreationTime());
        Path file = dir.resolve("portico.toml");
        Files.writeString(file, Files.readString(file).replace("server_names = [\"default.test\"]",
                "server_names = [\"default.test\", \"other.test\"]"));
        server.reload();
        assertThat(server.snapshot().tls("tls")).as("a certificate's names changed: a new context").isNotSameAs(before);
        assertThat(connect(client, "TLSv1.3").getCreationTime()).as("a full handshake with the new context")
                .isNotEqualTo(first.getCreationTime());
    }
}
