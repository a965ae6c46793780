package io.portico.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real handshakes on loopback between the JDK's client and a listener's TLS context. */
class ServerTlsTest {
    private SSLServerSocket server;
    private Thread acceptor;

    private final List<CertifiedKey> keys = List.of(
            CertifiedKey.load(TlsFixtures.certificate("example-rsa", false, "example.com", "www.example.com")),
            CertifiedKey.load(TlsFixtures.certificate("example-ec", false, "example.com", "www.example.com")),
            CertifiedKey.load(TlsFixtures.certificate("wild-rsa", false, "*.example.org")),
            CertifiedKey.load(TlsFixtures.certificate("default-rsa", true, "default.test")));

    @BeforeEach
    void start() throws IOException {
        start(ServerTls.of(keys, "1.2", List.of("http/1.1")));
    }

    private void start(ServerTls tls) throws IOException {
        if (server != null) {
            server.close();
        }
        server = (SSLServerSocket) tls.context().getServerSocketFactory().createServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setSSLParameters(tls.parameters());
        SSLServerSocket s = server;
        acceptor = Thread.ofVirtual().start(() -> {
            while (!s.isClosed()) {
                try (SSLSocket c = (SSLSocket) s.accept()) {
                    c.startHandshake();
                    c.getOutputStream().write('k');
                    c.getOutputStream().flush();
                    c.getInputStream().read();
                } catch (IOException e) {
                    // a refused handshake: the client sees it
                }
            }
        });
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        acceptor.join(5_000);
    }

    /** Handshakes with {@code sni} (null: none) and these signature schemes (null: the JDK's); the session. */
    private SSLSession handshake(String sni, String[] schemes, String[] protocols) throws Exception {
        SSLContext client = TlsFixtures.clientTrustingTestCa();
        try (SSLSocket c = (SSLSocket) client.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(),
                server.getLocalPort())) {
            c.setSoTimeout(10_000);
            SSLParameters p = c.getSSLParameters();
            if (sni != null) {
                p.setServerNames(List.of(new SNIHostName(sni)));
            }
            if (schemes != null) {
                p.setSignatureSchemes(schemes);
            }
            if (protocols != null) {
                p.setProtocols(protocols);
            }
            p.setApplicationProtocols(new String[] {"h2", "http/1.1"});
            c.setSSLParameters(p);
            c.startHandshake();
            assertThat(c.getInputStream().read()).isEqualTo('k');
            c.getOutputStream().write('x');
            assertThat(c.getApplicationProtocol()).isEqualTo("http/1.1");
            return c.getSession();
        }
    }

    private static String subject(SSLSession s) throws Exception {
        return ((X509Certificate) s.getPeerCertificates()[0]).getSubjectX500Principal().getName() + " "
                + s.getPeerCertificates()[0].getPublicKey().getAlgorithm();
    }

    @Test
    void theCertificateFollowsSniExactThenWildcardThenDefault() throws Exception {
        assertThat(subject(handshake("example.com", null, null))).startsWith("CN=example.com ");
        assertThat(subject(handshake("WWW.Example.COM", null, null))).startsWith("CN=example.com ");
        assertThat(subject(handshake("api.example.org", null, null))).isEqualTo("CN=*.example.org RSA");
        assertThat(subject(handshake("other.test", null, null))).isEqualTo("CN=default.test RSA");
        assertThat(subject(handshake(null, null, null))).isEqualTo("CN=default.test RSA");
    }

    @Test
    void ecdsaAndRsaSideBySideServeEachClientTheKindItPrefers() throws Exception {
        // the test CA signs with RSA, so every client list keeps rsa_pkcs1_sha256 to validate the chain
        assertThat(subject(handshake("example.com", new String[] {"ecdsa_secp256r1_sha256", "rsa_pkcs1_sha256"}, null)))
                .isEqualTo("CN=example.com EC");
        assertThat(subject(handshake("example.com", new String[] {"rsa_pss_rsae_sha256", "rsa_pkcs1_sha256",
            "ecdsa_secp256r1_sha256"}, null))).isEqualTo("CN=example.com RSA");
        assertThat(subject(handshake("example.com", new String[] {"ecdsa_secp256r1_sha256", "rsa_pkcs1_sha256"},
                new String[] {"TLSv1.2"}))).isEqualTo("CN=example.com EC");
        assertThat(subject(handshake("api.example.org", new String[] {"ecdsa_secp256r1_sha256", "rsa_pss_rsae_sha256",
            "rsa_pkcs1_sha256"}, null)))
                .as("the name has only RSA: not the default's").isEqualTo("CN=*.example.org RSA");
    }

    @Test
    void anRsaAndAnEcdsaCertificateWithoutNamesAreTheDefaultPair() throws Exception {
        start(ServerTls.of(List.of(
                CertifiedKey.load(TlsFixtures.certificate("example-rsa", true)),
                CertifiedKey.load(TlsFixtures.certificate("example-ec", false))), "1.2", List.of("http/1.1")));
        // rsa_pkcs1_sha256 for the test CA's signature on both chains; ECDSA first for the key
        assertThat(subject(handshake(null, new String[] {"ecdsa_secp256r1_sha256", "rsa_pkcs1_sha256"}, null)))
                .isEqualTo("CN=example.com EC");
        assertThat(subject(handshake("other.test", new String[] {"ecdsa_secp256r1_sha256", "rsa_pkcs1_sha256"}, null)))
                .isEqualTo("CN=example.com EC");
        assertThat(subject(handshake(null, new String[] {"rsa_pss_rsae_sha256", "rsa_pkcs1_sha256"}, null)))
                .isEqualTo("CN=example.com RSA");
    }

    @Test
    void onlyTls12And13WithAeadSuitesAndX25519First() throws Exception {
        SSLSession s13 = handshake("example.com", null, null);
        assertThat(s13.getProtocol()).isEqualTo("TLSv1.3");
        assertThat(s13.getCipherSuite()).isEqualTo("TLS_AES_128_GCM_SHA256");
        SSLSession s12 = handshake("example.com", new String[] {"rsa_pss_rsae_sha256", "rsa_pkcs1_sha256"},
                new String[] {"TLSv1.2"});
        assertThat(s12.getProtocol()).isEqualTo("TLSv1.2");
        assertThat(s12.getCipherSuite()).isEqualTo("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertThatThrownBy(() -> handshake("example.com", null, new String[] {"TLSv1.1"}))
                .isInstanceOf(SSLHandshakeException.class);
        assertThat(ServerTls.of(keys, "1.2", List.of()).parameters().getNamedGroups()[0]).isEqualTo("x25519");
        assertThat(ServerTls.of(keys, "1.2", List.of()).parameters().getCipherSuites())
                .allSatisfy(suite -> assertThat(suite).matches(".*(GCM|CHACHA20_POLY1305).*"));
    }

    @Test
    void aMinimumOfTls13RefusesTls12() throws Exception {
        start(ServerTls.of(keys, "1.3", List.of("http/1.1")));
        assertThat(handshake("example.com", null, null).getProtocol()).isEqualTo("TLSv1.3");
        assertThatThrownBy(() -> handshake("example.com", null, new String[] {"TLSv1.2"}))
                .isInstanceOf(SSLHandshakeException.class);
    }
}
