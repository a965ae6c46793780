package io.portico.server;

import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The test PKI in {@code src/test/resources/io/portico/server/tls} (made with openssl 3.0): a CA,
 * certificates it signed for example.com (RSA and ECDSA), *.example.org and default.test (which
 * also names 127.0.0.1), an expired one and a client certificate.
 */
final class TestPki {
    private TestPki() {
    }

    /** The file {@code name} of the test PKI. */
    static Path path(String name) {
        try {
            return Path.of(TestPki.class.getResource("/io/portico/server/tls/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client context that trusts the test CA only. */
    static SSLContext trustingTestCa() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            try (InputStream in = Files.newInputStream(path("ca.pem"))) {
                trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(null, tmf.getTrustManagers(), null);
            return c;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
