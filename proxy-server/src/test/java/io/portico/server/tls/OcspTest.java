package io.portico.server.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.config.CertificateConfig;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** OCSP messages against openssl's: CertIDs, requests, responses and when one may be stapled. */
class OcspTest {
    private static final String EXAMPLE_SERIAL = "165F0316D3B068364931790ACD163D3604174292";
    @TempDir
    Path dir;

    private static List<X509Certificate> chain(String base) throws Exception {
        return Pem.certificates(Files.readString(TlsFixtures.file(base + "-chain.pem")));
    }

    private Path exampleResponse(String status, int days) throws Exception {
        try (OpensslOcsp o = new OpensslOcsp(dir)) {
            return o.response(TlsFixtures.file("example-rsa.pem"), o.index("index-" + status, status + ":" + EXAMPLE_SERIAL), days,
                    "example-" + status);
        }
    }

    @Test
    void aRequestCarriesTheCertIdOpensslWouldSend() throws Exception {
        List<X509Certificate> c = chain("example-rsa");
        OcspId id = OcspId.of(c.get(0), c.get(1));
        assertThat(id.serial()).isEqualTo(new BigInteger(EXAMPLE_SERIAL, 16));
        assertThat(OcspId.inRequest(id.request())).containsExactly(id);
        Path req = dir.resolve("req.der");
        OpensslOcsp.run("openssl", "ocsp", "-issuer", OpensslOcsp.ca().toString(), "-cert", TlsFixtures.file("example-rsa.pem").toString(),
                "-reqout", req.toString());
        assertThat(OcspId.inRequest(Files.readAllBytes(req))).as("openssl's request, with its nonce").containsExactly(id);
        String text = OpensslOcsp.run("openssl", "ocsp", "-reqin", writeRequest(id).toString(), "-req_text");
        assertThat(text).contains("Serial Number: " + EXAMPLE_SERIAL);
    }

    private Path writeRequest(OcspId id) throws Exception {
        Path p = dir.resolve("ours.der");
        Files.write(p, id.request());
        return p;
    }

    @Test
    void aGoodCurrentResponseMayBeStapledUntilItsNextUpdateAndNotAfter() throws Exception {
        List<X509Certificate> c = chain("example-rsa");
        OcspResponse r = OcspResponse.parse(Files.readAllBytes(exampleResponse("V", 1)));
        OcspResponse.Single s = r.single(OcspId.of(c.get(0), c.get(1))).orElseThrow();
        assertThat(s.status()).isEqualTo(OcspResponse.CertStatus.GOOD);
        assertThat(s.nextUpdate()).isPresent();
        assertThat(Duration.between(s.thisUpdate(), s.nextUpdate().get())).isEqualTo(Duration.ofDays(1));
        Instant now = Instant.now();
        assertThat(r.unusable(c.get(0), c.get(1), now)).isEmpty();
        assertThat(r.unusable(c.get(0), c.get(1), s.nextUpdate().get())).get().asString().contains("expired");
        assertThat(r.unusable(c.get(0), c.get(1), now.minus(Duration.ofHours(1)))).get().asString().contains("not valid yet");
        List<X509Certificate> other = chain("default-rsa");
        assertThat(r.unusable(other.get(0), other.get(1), now)).get().asString().contains("not about this certificate");
    }

    @Test
    void aRevokedOrErrorResponseIsNeverStapled() throws Exception {
        List<X509Certificate> c = chain("example-rsa");
        OcspResponse revoked = OcspResponse.parse(Files.readAllBytes(exampleResponse("R", 1)));
        assertThat(revoked.unusable(c.get(0), c.get(1), Instant.now())).get().asString().contains("revoked");
        OcspResponse tryLater = OcspResponse.parse(OcspResponse.error(OcspResponse.TRY_LATER));
        assertThat(tryLater.unusable(c.get(0), c.get(1), Instant.now())).get().asString().contains("tryLater");
    }

    @Test
    void aResponseWithABrokenSignatureIsNeverStapled() throws Exception {
        List<X509Certificate> c = chain("example-rsa");
        byte[] der = Files.readAllBytes(exampleResponse("V", 1));
        Der bytes = Der.parse(der).child(1).child(0);
        byte[] signature = Der.parse(bytes.child(1).value()).child(2).expect(Der.BIT_STRING).value();
        int at = indexOf(der, signature);
        assertThat(at).isPositive();
        der[at + signature.length / 2] ^= 1;
        assertThat(OcspResponse.parse(der).unusable(c.get(0), c.get(1), Instant.now())).get().asString().contains("does not verify");
    }

    private static int indexOf(byte[] in, byte[] part) {
        outer:
        for (int i = 0; i + part.length <= in.length; i++) {
            for (int j = 0; j < part.length; j++) {
                if (in[i + j] != part[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Test
    void theLoopbackResponderAnswersByCertIdAndNeverWithAnExpiredResponse() throws Exception {
        List<X509Certificate> c = chain("example-rsa");
        OcspId id = OcspId.of(c.get(0), c.get(1));
        byte[] der = Files.readAllBytes(exampleResponse("V", 1));
        Instant until = OcspResponse.parse(der).single(id).orElseThrow().nextUpdate().orElseThrow();
        OcspResponder responder = OcspResponder.shared().orElseThrow();
        OcspResponder.Source source = now -> now.isBefore(until) ? Optional.of(der) : Optional.empty();
        responder.add(id, source);
        try {
            assertThat(responder.answer(id.request(), Instant.now())).isEqualTo(der);
            assertThat(OcspResponse.parse(responder.answer(id.request(), until)).status()).isEqualTo(OcspResponse.TRY_LATER);
            List<X509Certificate> other = chain("default-rsa");
            assertThat(OcspResponse.parse(responder.answer(OcspId.of(other.get(0), other.get(1)).request(), Instant.now())).status())
                    .isEqualTo(OcspResponse.UNAUTHORIZED);
            assertThat(OcspResponse.parse(responder.answer(new byte[] {1, 2, 3}, Instant.now())).status()).isEqualTo(1);
        } finally {
            responder.remove(id, source);
        }
        assertThat(OcspResponse.parse(responder.answer(id.request(), Instant.now())).status()).isEqualTo(OcspResponse.UNAUTHORIZED);
    }

    @Test
    void anOcspResponseFileForAnotherCertificateOrNotDerIsAConfigError() throws Exception {
        Path forExample = exampleResponse("V", 1);
        CertificateConfig wrong = new CertificateConfig(TlsFixtures.file("default-rsa-chain.pem"),
                TlsFixtures.file("default-rsa-key.pem"), List.of("default.test"), true, Optional.of(forExample));
        assertThatThrownBy(() -> CertifiedKey.load(wrong)).hasMessageContaining(forExample.toString())
                .hasMessageContaining("not about the certificate");
        Path junk = dir.resolve("junk.der");
        Files.writeString(junk, "not DER");
        CertificateConfig notDer = new CertificateConfig(TlsFixtures.file("example-rsa-chain.pem"),
                TlsFixtures.file("example-rsa-key.pem"), List.of("example.com"), true, Optional.of(junk));
        assertThatThrownBy(() -> CertifiedKey.load(notDer)).hasMessageContaining("not a DER OCSP response");
        CertificateConfig good = new CertificateConfig(TlsFixtures.file("example-rsa-chain.pem"),
                TlsFixtures.file("example-rsa-key.pem"), List.of("example.com"), true, Optional.of(forExample));
        assertThat(CertifiedKey.load(good).ocspResponse()).isPresent();
    }

    @Test
    void refreshesHalfwayToNextUpdateAtMostHourlyAndBacksOffAfterFailures() {
        Instant now = Instant.parse("2025-01-01T00:00:00Z");
        assertThat(OcspStapling.refreshAfter(now, Optional.of(now.plus(Duration.ofDays(7))))).isEqualTo(Duration.ofHours(1));
        assertThat(OcspStapling.refreshAfter(now, Optional.of(now.plus(Duration.ofMinutes(10))))).isEqualTo(Duration.ofMinutes(5));
        assertThat(OcspStapling.refreshAfter(now, Optional.of(now.plusSeconds(2)))).isEqualTo(Duration.ofSeconds(5));
        assertThat(OcspStapling.refreshAfter(now, Optional.empty())).isEqualTo(Duration.ofHours(1));
        assertThat(OcspStapling.retryAfter(1)).isEqualTo(Duration.ofSeconds(30));
        assertThat(OcspStapling.retryAfter(3)).isEqualTo(Duration.ofMinutes(2));
        assertThat(OcspStapling.retryAfter(30)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void theResponderUrlComesFromTheAuthorityInformationAccess() throws Exception {
        try (OpensslOcsp o = new OpensslOcsp(dir)) {
            OpensslOcsp.Leaf leaf = o.issue("aia", "aia.test", "0ABC", "http://127.0.0.1:9/ocsp");
            X509Certificate cert = Pem.certificates(Files.readString(leaf.cert())).getFirst();
            assertThat(OcspStapling.responderUrl(cert)).contains(java.net.URI.create("http://127.0.0.1:9/ocsp"));
        }
        assertThat(OcspStapling.responderUrl(chain("example-rsa").getFirst())).isEmpty();
    }
}
