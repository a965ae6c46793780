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
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A certificate chain with its private key and the names it serves, read and checked once per
 * config load: the files exist and parse, the key belongs to the leaf certificate. Immutable.
 *
 * @param chain       the leaf first
 * @param serverNames lower-case exact names and {@code *.suffix} wildcards it is chosen for by SNI
 */
public record CertifiedKey(List<X509Certificate> chain, PrivateKey key, List<String> serverNames, boolean isDefault,
                           Optional<byte[]> ocspResponse) {

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
        return new CertifiedKey(chain, key, c.serverNames(), c.isDefault(), ocsp);
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

    /** Whether a signature by {@code key} verifies with {@code cert}: the pair belongs together. */
    static boolean belongTogether(PrivateKey key, PublicKey cert) {
        if (!key.getAlgorithm().equals(cert.getAlgorithm())) {
            return false;
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
