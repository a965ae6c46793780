package io.portico.server.tls;

import io.portico.config.CertificateConfig;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The test PKI in src/test/resources/io/portico/server/tls, made with openssl 3.0 (valid until
 * 2126): a CA; example.com + www.example.com with an RSA and an EC P-256 key; *.example.org
 * (RSA); default.test + 127.0.0.1 (RSA); a client certificate; an expired one (2020); the RSA key
 * also as PKCS#1, the EC key as SEC1, and encrypted.
 */
public final class TlsFixtures {
    private TlsFixtures() {
    }

    public static Path file(String name) {
        try {
            return Path.of(TlsFixtures.class.getResource(name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("no test file " + name, e);
        }
    }

    static CertificateConfig certificate(String base, boolean isDefault, String... names) {
        return new CertificateConfig(file(base + "-chain.pem"), file(base + "-key.pem"), List.of(names), isDefault,
                Optional.empty());
    }

    /** A client context that trusts the test CA only. */
    static SSLContext clientTrustingTestCa() throws IOException, GeneralSecurityException {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", Pem.certificates(Files.readString(file("ca.pem"))).getFirst());
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext c = SSLContext.getInstance("TLS");
        c.init(null, tmf.getTrustManagers(), null);
        return c;
    }
}
