package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.config.ConfigException;
import io.portico.config.ConfigLoader;
import io.portico.server.metrics.ServerMetrics;
import io.portico.testing.RawResponse;
import io.portico.testing.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An https listener end to end: the JDK's client, raw TLS sockets, curl and openssl against it. */
class TlsTerminationTest {
    @TempDir
    Path dir;
    private TestBackend backend;
    private PorticoServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    static Path pki(String name) {
        return TestPki.path(name);
    }

    private void start(String extra) throws Exception {
        start("", extra);
    }

    /** Starts the proxy with {@code routes} tried before the default route to the test backend. */
    private void start(String routes, String extra) throws Exception {
        if (backend == null) {
            backend = TestBackend.start((req, s, out) -> {
                if (req.requestLine().startsWith("POST")) {
                    TestBackend.ok(out, Sha256.hex(req.body()));
                } else if (req.requestLine().contains("/big")) {
                    byte[] big = bytes(5 << 20);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + big.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(big);
                } else {
                    TestBackend.ok(out, "hello over " + req.header("X-Forwarded-Proto"));
                }
            });
        }
        Path file = dir.resolve("portico.toml");
        Files.writeString(file, """
                [[listener]]
                name = "tls"
                address = "127.0.0.1:0"
                protocol = "https"

                [[tls.certificate]]
                cert = "%s"
                key = "%s"
                server_names = ["example.com", "www.example.com"]

                [[tls.certificate]]
                cert = "%s"
                key = "%s"
                server_names = ["default.test"]
                default = true

                [server]
                default_product = "www"
                %s
                [[product.www.route]]
                condition = "default_t()"
                cluster = "web"
                [[cluster.web.subcluster.dc1.instance]]
                address = "%s"
                """.formatted(pki("example-rsa-chain.pem"), pki("example-rsa-key-pkcs1.pem"), pki("default-rsa-chain.pem"),
                pki("default-rsa-key.pem"), routes, backend.address()) + extra);
        server = PorticoServer.start(ConfigLoader.load(file));
    }

    private int port() {
        return server.listenerAddresses().getFirst().getPort();
    }

    static SSLContext trustingTestCa() {
        return TestPki.trustingTestCa();
    }

    private SSLSocket tlsSocket(String sni) throws Exception {
        SSLSocket s = (SSLSocket) trustingTestCa().getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port());
        s.setSoTimeout(10_000);
        SSLParameters p = s.getSSLParameters();
        p.setServerNames(List.of(new SNIHostName(sni)));
        // These sockets speak HTTP/1.1 by hand: offering h2 as well would get h2.
        p.setApplicationProtocols(new String[] {"http/1.1"});
        s.setSSLParameters(p);
        s.startHandshake();
        return s;
    }

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(7).nextBytes(b);
        return b;
    }

    @Test
    void theJdkClientGetsAnswersOverTlsAndTheBackendHearsHttps() throws Exception {
        start("");
        HttpClient client = HttpClient.newBuilder().sslContext(trustingTestCa()).version(HttpClient.Version.HTTP_2)
                .connectTimeout(Duration.ofSeconds(5)).build();
        // the certificate names example.com: the client connects to 127.0.0.1 and sends SNI through the Host-less URI
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port() + "/"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.version()).as("ALPN settles on h2").isEqualTo(HttpClient.Version.HTTP_2);
        assertThat(r.body()).isEqualTo("hello over https");
        for (int i = 0; i < 5; i++) {
            assertThat(client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port() + "/again")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
        assertThat(server.metrics().handshakes(ServerMetrics.Handshake.OK)).as("one HTTP/2 connection").isEqualTo(1);
        assertThat(server.metrics().http2Connections.sum()).isEqualTo(1);
    }

    @Test
    void keepAlivePipeliningAndAnIdlePauseWorkOnOneTlsConnection() throws Exception {
        start("");
        try (SSLSocket s = tlsSocket("www.example.com")) {
            assertThat(s.getSession().getPeerPrincipal().getName()).isEqualTo("CN=example.com");
            assertThat(s.getApplicationProtocol()).isEqualTo("http/1.1");
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            String three = "GET /1 HTTP/1.1\r\nHost: a\r\n\r\nGET /2 HTTP/1.1\r\nHost: a\r\n\r\nGET /3 HTTP/1.1\r\nHost: a\r\n\r\n";
            out.write(three.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (int i = 0; i < 3; i++) {
                assertThat(RawResponse.readHead(in)).startsWith("HTTP/1.1 200 ");
                assertThat(new String(in.readNBytes("hello over https".length()), StandardCharsets.US_ASCII))
                        .isEqualTo("hello over https");
            }
            // long enough for the connection to idle without a thread, then resume on new ciphertext
            Thread.sleep(300);
            out.write("GET /4 HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(RawResponse.readHead(in)).startsWith("HTTP/1.1 200 ").contains("Connection: close");
            assertThat(new String(in.readNBytes("hello over https".length()), StandardCharsets.US_ASCII))
                    .isEqualTo("hello over https");
            assertThat(in.read()).as("close_notify, then the end: no truncation").isEqualTo(-1);
        }
        assertThat(backend.received()).extracting(TestBackend.Received::requestLine)
                .containsExactly("GET /1 HTTP/1.1", "GET /2 HTTP/1.1", "GET /3 HTTP/1.1", "GET /4 HTTP/1.1");
    }

    @Test
    void largeBodiesCrossTlsBothWaysIntact() throws Exception {
        start("");
        byte[] upload = bytes(3 << 20);
        try (SSLSocket s = tlsSocket("example.com")) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write(("POST /up HTTP/1.1\r\nHost: a\r\nContent-Length: " + upload.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(upload);
            out.flush();
            assertThat(RawResponse.readHead(in)).startsWith("HTTP/1.1 200 ");
            assertThat(new String(in.readNBytes(64), StandardCharsets.US_ASCII)).isEqualTo(Sha256.hex(upload));
            out.write("GET /big HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(RawResponse.readHead(in)).startsWith("HTTP/1.1 200 ").contains("Content-Length: " + (5 << 20));
            assertThat(Sha256.hex(in.readNBytes(5 << 20))).isEqualTo(Sha256.hex(bytes(5 << 20)));
        }
    }

    @Test
    void aClientThatNeverHandshakesIsClosedAtTlsHandshakeAndCounted() throws Exception {
        start("""
                [server.timeouts]
                tls_handshake = "300ms"
                """);
        long start = System.nanoTime();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port())) {
            s.setSoTimeout(10_000);
            assertThat(s.getInputStream().read()).isEqualTo(-1);
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isBetween(250L, 5_000L);
        Wait.untilEquals(() -> server.metrics().handshakes(ServerMetrics.Handshake.TIMEOUT), 1L, "a timed-out handshake counted");
    }

    @Test
    void plaintextToATlsPortIsRefusedAndCounted() throws Exception {
        start("");
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: a\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            s.getInputStream().transferTo(got);
            assertThat(got.toString(StandardCharsets.ISO_8859_1)).doesNotContain("HTTP/1.1");
        }
        Wait.untilEquals(() -> server.metrics().handshakes(ServerMetrics.Handshake.FAILED), 1L, "a failed handshake counted");
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void curlAndOpensslTalkToIt() throws Exception {
        start("");
        Process curl = new ProcessBuilder("curl", "-sS", "--noproxy", "*", "--max-time", "10", "--cacert", pki("ca.pem").toString(),
                "--resolve", "www.example.com:" + port() + ":127.0.0.1", "https://www.example.com:" + port() + "/curl")
                .redirectErrorStream(true).start();
        assertThat(new String(curl.getInputStream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello over https");
        assertThat(curl.waitFor()).isZero();
        Process openssl = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port(), "-servername",
                "example.com", "-CAfile", pki("ca.pem").toString(), "-verify_return_error", "-alpn", "http/1.1", "-quiet")
                .redirectErrorStream(true).start();
        openssl.getOutputStream().write("GET /s_client HTTP/1.1\r\nHost: example.com\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        openssl.getOutputStream().flush();
        assertThat(openssl.waitFor(10, TimeUnit.SECONDS)).isTrue();
        String out = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(out).contains("HTTP/1.1 200 ").contains("hello over https").contains("CN = example.com");
        assertThat(backend.received()).extracting(TestBackend.Received::requestLine)
                .containsExactly("GET /curl HTTP/1.1", "GET /s_client HTTP/1.1");
    }

    /** A client context trusting the test CA that presents {@code base}'s certificate (null: none). */
    static SSLContext clientWithCertificate(String base) throws Exception {
        SSLContext trusting = trustingTestCa();
        if (base == null) {
            return trusting;
        }
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        var chain = io.portico.server.tls.Pem.certificates(Files.readString(pki(base + "-chain.pem")));
        keys.setKeyEntry("client", io.portico.server.tls.Pem.privateKey(Files.readString(pki(base + "-key.pem"))),
                new char[0], chain.toArray(new java.security.cert.Certificate[0]));
        javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
        kmf.init(keys, new char[0]);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", chain.getLast());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return c;
    }

    private String getWith(SSLContext client, String sni, String path) throws Exception {
        try (SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port())) {
            s.setSoTimeout(10_000);
            SSLParameters p = s.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName(sni)));
            s.setSSLParameters(p);
            s.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + sni + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Routes that tell the TLS conditions apart: each answers with its own cluster's backend. */
    private static String tlsRoutes(TestBackend certified, TestBackend byName) {
        return """
                [[product.www.route]]
                condition = 'ses_tls_client_auth() && ses_tls_client_ca_in("Portico Test CA") && req_proto_match("https")'
                cluster = "certified"
                [[product.www.route]]
                condition = 'ses_tls_sni_in("www.example.com") && req_proto_secure()'
                cluster = "byname"
                [[cluster.certified.subcluster.dc1.instance]]
                address = "%s"
                [[cluster.byname.subcluster.dc1.instance]]
                address = "%s"
                """.formatted(certified.address(), byName.address());
    }

    @Test
    void requiredClientCertificatesAreCheckedAndRoutesSeeThem() throws Exception {
        try (TestBackend certified = TestBackend.answering("certified"); TestBackend byName = TestBackend.answering("by name")) {
            start(tlsRoutes(certified, byName), "");
            server.close();
            Path file = dir.resolve("portico.toml");
            String text = Files.readString(file).replace("protocol = \"https\"\n",
                    "protocol = \"https\"\nclient_auth = \"required\"\nclient_ca = \"" + pki("ca.pem") + "\"\n");
            Files.writeString(file, text);
            server = PorticoServer.start(ConfigLoader.load(file));
            assertThat(getWith(clientWithCertificate("client-rsa"), "example.com", "/")).endsWith("certified");
            assertThatThrownBy(() -> getWith(clientWithCertificate(null), "example.com", "/"))
                    .as("no certificate: no handshake").isInstanceOf(IOException.class);
            Wait.untilEquals(() -> server.metrics().handshakes(ServerMetrics.Handshake.FAILED), 1L, "the refused handshake counted");
        }
    }

    @Test
    void optionalClientCertificatesLetClientsWithoutOneIn() throws Exception {
        try (TestBackend certified = TestBackend.answering("certified"); TestBackend byName = TestBackend.answering("by name")) {
            start(tlsRoutes(certified, byName), "");
            server.close();
            Path file = dir.resolve("portico.toml");
            Files.writeString(file, Files.readString(file).replace("protocol = \"https\"\n",
                    "protocol = \"https\"\nclient_auth = \"optional\"\nclient_ca = \"" + pki("ca.pem") + "\"\n"));
            server = PorticoServer.start(ConfigLoader.load(file));
            assertThat(getWith(clientWithCertificate("client-rsa"), "example.com", "/")).endsWith("certified");
            assertThat(getWith(clientWithCertificate(null), "www.example.com", "/")).endsWith("by name");
            assertThat(getWith(clientWithCertificate(null), "example.com", "/")).endsWith("hello over https");
        }
    }

    @Test
    void aCertificateThatCannotBeUsedIsAConfigErrorNamingTheFile() throws Exception {
        backend = TestBackend.answering("x");
        Path file = dir.resolve("bad.toml");
        Files.writeString(file, """
                [[listener]]
                address = "127.0.0.1:0"
                protocol = "https"
                [[tls.certificate]]
                cert = "%s"
                key = "%s"
                [server]
                default_product = "www"
                [[product.www.route]]
                condition = "default_t()"
                cluster = "web"
                [[cluster.web.subcluster.dc1.instance]]
                address = "127.0.0.1:9"
                """.formatted(pki("example-rsa-chain.pem"), pki("wild-rsa-key.pem")));
        assertThatThrownBy(() -> PorticoServer.start(ConfigLoader.load(file))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("tls.certificate[0]: " + pki("wild-rsa-key.pem") + ": this key does not belong to the certificate");
    }
}
