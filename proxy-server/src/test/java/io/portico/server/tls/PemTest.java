package io.portico.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.config.CertificateConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PemTest {

    private static PrivateKey key(String name) throws Exception {
        return Pem.privateKey(Files.readString(TlsFixtures.file(name)));
    }

    @Test
    void keysAreReadInEachFormatOpensslWrites() throws Exception {
        PrivateKey pkcs8 = key("example-rsa-key.pem");
        PrivateKey pkcs1 = key("example-rsa-key-pkcs1.pem");
        assertThat(pkcs1.getAlgorithm()).isEqualTo("RSA");
        assertThat(pkcs1.getEncoded()).isEqualTo(pkcs8.getEncoded());
        PrivateKey ec = key("example-ec-key.pem");
        PrivateKey sec1 = key("example-ec-key-sec1.pem");
        assertThat(sec1.getAlgorithm()).isEqualTo("EC");
        assertThat(((java.security.interfaces.ECPrivateKey) sec1).getS())
                .isEqualTo(((java.security.interfaces.ECPrivateKey) ec).getS());
        var leaf = Pem.certificates(Files.readString(TlsFixtures.file("example-ec.pem"))).getFirst();
        assertThat(CertifiedKey.belongTogether(sec1, leaf.getPublicKey())).isTrue();
    }

    @Test
    void anRsaKeyBelongsToItsCertificateByItsNumbers() throws Exception {
        var crt = (java.security.interfaces.RSAPrivateCrtKey) key("example-rsa-key.pem");
        var leaf = Pem.certificates(Files.readString(TlsFixtures.file("example-rsa-chain.pem"))).getFirst();
        var rsa = java.security.KeyFactory.getInstance("RSA");
        assertThat(CertifiedKey.belongTogether(crt, leaf.getPublicKey())).isTrue();
        var plain = rsa.generatePrivate(new java.security.spec.RSAPrivateKeySpec(crt.getModulus(), crt.getPrivateExponent()));
        assertThat(CertifiedKey.belongTogether(plain, leaf.getPublicKey())).isTrue();
        var otherPrimes = rsa.generatePrivate(new java.security.spec.RSAPrivateCrtKeySpec(crt.getModulus(), crt.getPublicExponent(),
                crt.getPrivateExponent(), crt.getPrimeP().add(java.math.BigInteger.TWO), crt.getPrimeQ(),
                crt.getPrimeExponentP(), crt.getPrimeExponentQ(), crt.getCrtCoefficient()));
        assertThat(CertifiedKey.belongTogether(otherPrimes, leaf.getPublicKey())).isFalse();
        var otherExponent = rsa.generatePrivate(new java.security.spec.RSAPrivateCrtKeySpec(crt.getModulus(),
                java.math.BigInteger.valueOf(3), crt.getPrivateExponent(), crt.getPrimeP(), crt.getPrimeQ(),
                crt.getPrimeExponentP(), crt.getPrimeExponentQ(), crt.getCrtCoefficient()));
        assertThat(CertifiedKey.belongTogether(otherExponent, leaf.getPublicKey())).isFalse();
        var otherModulus = rsa.generatePrivate(new java.security.spec.RSAPrivateKeySpec(
                crt.getModulus().add(java.math.BigInteger.TWO), crt.getPrivateExponent()));
        assertThat(CertifiedKey.belongTogether(otherModulus, leaf.getPublicKey())).isFalse();
    }

    @Test
    void aChainIsReadLeafFirst() throws Exception {
        var chain = Pem.certificates(Files.readString(TlsFixtures.file("example-rsa-chain.pem")));
        assertThat(chain).hasSize(2);
        assertThat(chain.get(0).getSubjectX500Principal().getName()).isEqualTo("CN=example.com");
        assertThat(chain.get(1).getSubjectX500Principal().getName()).isEqualTo("CN=Portico Test CA");
    }

    @Test
    void whatCannotBeUsedIsRefusedWithTheFileAndTheReason(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> key("encrypted-key.pem")).hasMessageContaining("the key is encrypted");
        assertThatThrownBy(() -> Pem.privateKey("nothing here")).hasMessage("no PEM private key in it");
        assertThatThrownBy(() -> Pem.certificates("-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n"))
                .hasMessage("CERTIFICATE is not valid base64");
        assertThatThrownBy(() -> Pem.certificates("-----BEGIN CERTIFICATE-----\nAAAA\n")).hasMessageContaining("no \"-----END CERTIFICATE-----\"");
        Path missing = dir.resolve("missing.pem");
        assertThatThrownBy(() -> CertifiedKey.load(new CertificateConfig(missing, TlsFixtures.file("example-rsa-key.pem"),
                List.of(), true, Optional.empty()))).hasMessageStartingWith(missing + ": cannot read");
        Path notPem = Files.writeString(dir.resolve("x.pem"), "hello");
        assertThatThrownBy(() -> CertifiedKey.load(new CertificateConfig(notPem, TlsFixtures.file("example-rsa-key.pem"),
                List.of(), true, Optional.empty()))).hasMessage(notPem + ": no PEM CERTIFICATE in it");
        Path otherKey = TlsFixtures.file("wild-rsa-key.pem");
        assertThatThrownBy(() -> CertifiedKey.load(new CertificateConfig(TlsFixtures.file("example-rsa-chain.pem"), otherKey,
                List.of(), true, Optional.empty())))
                .hasMessage(otherKey + ": this key does not belong to the certificate in "
                        + TlsFixtures.file("example-rsa-chain.pem") + " (CN=example.com)");
        Path ecKey = TlsFixtures.file("example-ec-key.pem");
        assertThatThrownBy(() -> CertifiedKey.load(new CertificateConfig(TlsFixtures.file("example-rsa-chain.pem"), ecKey,
                List.of(), true, Optional.empty()))).hasMessageContaining("does not belong");
    }

    @Test
    void anExpiredCertificateLoadsAndSaysSo() {
        CertifiedKey k = CertifiedKey.load(new CertificateConfig(TlsFixtures.file("expired.pem"),
                TlsFixtures.file("expired-key.pem"), List.of("expired.test"), true, Optional.empty()));
        assertThat(k.expiredAt(Instant.now())).isTrue();
        assertThat(k.leaf().getNotAfter().toInstant()).isEqualTo(Instant.parse("2021-01-01T00:00:00Z"));
        assertThat(CertifiedKey.load(TlsFixtures.certificate("example-rsa", true)).expiredAt(Instant.now())).isFalse();
    }
}
