package io.portico.modules.authjwt;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A key that verifies one JWS algorithm, and only that one: an HMAC secret verifies HS256 only,
 * an RSA key RS256 only, a P-256 key ES256 only — so a token can never choose how a key is used
 * (the RS256-key-as-HS256-secret confusion). Immutable; {@link #verify} is safe from any thread
 * (it creates its JCA objects per call).
 *
 * @param kid       the key id a token's {@code kid} must name, or null for a key without one
 * @param algorithm {@code HS256}, {@code RS256} or {@code ES256}
 */
record VerificationKey(String kid, String algorithm, Key key) {
    static final String HS256 = "HS256";
    static final String RS256 = "RS256";
    static final String ES256 = "ES256";
    private static final int ES256_WIDTH = 32;

    static VerificationKey hmac(String kid, byte[] secret) {
        return new VerificationKey(kid, HS256, new SecretKeySpec(secret, "HmacSHA256"));
    }

    static VerificationKey rsa(String kid, PublicKey key) {
        return new VerificationKey(kid, RS256, key);
    }

    static VerificationKey ec(String kid, PublicKey key) {
        return new VerificationKey(kid, ES256, key);
    }

    /** Whether {@code signature} signs {@code input} under this key; false for any algorithm but the key's own. */
    boolean verify(String alg, byte[] input, byte[] signature) {
        if (!algorithm.equals(alg)) {
            return false;
        }
        try {
            return switch (algorithm) {
                case HS256 -> {
                    Mac mac = Mac.getInstance("HmacSHA256");
                    mac.init(key);
                    yield MessageDigest.isEqual(mac.doFinal(input), signature);
                }
                case RS256 -> signature(input, signature, "SHA256withRSA");
                case ES256 -> {
                    byte[] der = EcdsaSignatures.joseToDer(signature, ES256_WIDTH);
                    yield der != null && signature(input, der, "SHA256withECDSA");
                }
                default -> false;
            };
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private boolean signature(byte[] input, byte[] signature, String jca) throws GeneralSecurityException {
        Signature s = Signature.getInstance(jca);
        s.initVerify((PublicKey) key);
        s.update(input);
        return s.verify(signature);
    }
}
