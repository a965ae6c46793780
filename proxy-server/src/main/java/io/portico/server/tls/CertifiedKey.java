package io.portico.server.tls;

import io.portico.config.CertificateConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A certificate chain with its private key and the names it serves, read and checked once per
 * config load: the files exist and parse, the key belongs to the leaf certificate. Immutable.
 *
 * @param chain       the leaf first
 * @param serverNames  lower-case exact names and {@code *.suffix} wildcards it is chosen for by SNI
 * @param ocspFile     the {@code ocsp_response} file, when there is one
 * @param ocspResponse its DER OCSP response: a successful one about this certificate (whether it
 *                     is current, good and signed is {@link OcspStapling}'s to judge when it staples)
 */
public record CertifiedKey(List<X509Certificate> chain, PrivateKey key, List<String> serverNames, boolean isDefault,
                           Optional<Path> ocspFile, Optional<byte[]> ocspResponse) {

    public CertifiedKey {
        chain = List.copyOf(chain);
        serverNames = List.copyOf(serverNames);
    }

    /** The key algorithm JSSE asks for: {@code RSA}, {@code EC}, {@code RSASSA-PSS} or {@code Ed25519}. */
    public String keyType() {
        return key.getAlgorithm();
    }

    public X509Certificate leaf() {
        return chain.getFirst();
    }

    /** Whether the leaf is outside its validity at {@code now}. */
    public boolean expiredAt(Instant now) {
        return now.isAfter(leaf().getNotAfter().toInstant()) || now.isBefore(leaf().getNotBefore().toInstant());
    }

    /**
     * Reads and checks one {@code [[tls.certificate]]}.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it
     */
    public static CertifiedKey load(CertificateConfig c) {
        List<X509Certificate> chain = Pem.certificates(read(c.cert()), c.cert());
        PrivateKey key;
        try {
            key = Pem.privateKey(Pem.text(bytes(c.key())));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(c.key() + ": " + e.getMessage());
        }
        if (!belongTogether(key, chain.getFirst().getPublicKey())) {
            throw new IllegalArgumentException(c.key() + ": this key does not belong to the certificate in " + c.cert()
                    + " (" + chain.getFirst().getSubjectX500Principal().getName() + ")");
        }
        Optional<byte[]> ocsp = c.ocspResponse().map(CertifiedKey::bytes);
        ocsp.ifPresent(der -> checkOcsp(der, c.ocspResponse().get(), chain, c.cert()));
        return new CertifiedKey(chain, key, c.serverNames(), c.isDefault(), c.ocspResponse(), ocsp);
    }

    /** An ocsp_response that could never be stapled for this certificate is a mistake in the config. */
    private static void checkOcsp(byte[] der, Path file, List<X509Certificate> chain, Path cert) {
        if (chain.size() < 2) {
            throw new IllegalArgumentException(file + ": a stapled OCSP response needs the issuer's certificate after the leaf in "
                    + cert);
        }
        OcspResponse r;
        try {
            r = OcspResponse.parse(der);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": not a DER OCSP response: " + e.getMessage());
        }
        if (r.status() != OcspResponse.SUCCESSFUL) {
            throw new IllegalArgumentException(file + ": the OCSP response's status is " + OcspResponse.statusName(r.status()));
        }
        OcspId id = OcspId.of(chain.getFirst(), chain.get(1));
        if (r.single(id).isEmpty()) {
            throw new IllegalArgumentException(file + ": the OCSP response is not about the certificate in " + cert + " ("
                    + id + ")");
        }
    }

    private static String read(Path file) {
        return Pem.text(bytes(file));
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage());
        }
    }

    /**
     * Whether the pair belongs together: an RSA key by its numbers (a private RSA operation, run
     * before the JIT has compiled it, costs a start about 50 ms per certificate), others by a
     * signature that verifies with {@code cert}.
     */
    static boolean belongTogether(PrivateKey key, PublicKey cert) {
        if (!key.getAlgorithm().equals(cert.getAlgorithm())) {
            return false;
        }
        if (key instanceof RSAPrivateKey rsa && cert instanceof RSAPublicKey pub) {
            if (!rsa.getModulus().equals(pub.getModulus())) {
                return false;
            }
            return !(rsa instanceof RSAPrivateCrtKey crt) || crt.getPublicExponent().equals(pub.getPublicExponent())
                    && crt.getPrimeP().multiply(crt.getPrimeQ()).equals(pub.getModulus());
        }
        String algorithm = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default -> null;
        };
        if (algorithm == null) {
            return true; // RSASSA-PSS keys: the JDK checks them in the handshake
        }
        try {
            byte[] probe = "portico key check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(algorithm);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(algorithm);
            v.initVerify(cert);
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
