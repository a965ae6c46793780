package io.portico.modules.authjwt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Reads verification keys from a secret, a PEM file or a JWKS file (or a bare array of JWKs), at config load. Stateless. */
final class KeyLoader {
    static final int MIN_SECRET_BYTES = 32;
    static final int MIN_RSA_BITS = 2048;
    private static final ECParameterSpec P256 = p256();

    private KeyLoader() {
    }

    /** An HS256 key from a secret of at least 32 bytes (RFC 7518 §3.2: no shorter than the hash). */
    static VerificationKey secret(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("an HS256 secret needs at least " + MIN_SECRET_BYTES + " bytes, got " + bytes.length);
        }
        return VerificationKey.hmac(null, bytes);
    }

    /** The key of a PEM {@code PUBLIC KEY} (SubjectPublicKeyInfo: RSA or EC P-256). */
    static VerificationKey pem(String text) {
        String begin = "-----BEGIN PUBLIC KEY-----";
        int from = text.indexOf(begin);
        int to = from < 0 ? -1 : text.indexOf("-----END PUBLIC KEY-----", from);
        if (from < 0 || to < 0) {
            throw new IllegalArgumentException("expected a PEM \"PUBLIC KEY\" block");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the PEM block is not base64", e);
        }
        try {
            return typed(null, publicKey(der));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unreadable key: " + e.getMessage(), e);
        }
    }

    private static PublicKey publicKey(byte[] spki) throws GeneralSecurityException {
        try {
            return KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki));
        } catch (GeneralSecurityException notRsa) {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(spki));
        }
    }

    /** The RS256 or ES256 key of a public key, after checking its size or curve. */
    static VerificationKey typed(String kid, PublicKey key) {
        if (key instanceof RSAPublicKey rsa) {
            if (rsa.getModulus().bitLength() < MIN_RSA_BITS) {
                throw new IllegalArgumentException("an RSA key needs at least " + MIN_RSA_BITS + " bits, got "
                        + rsa.getModulus().bitLength());
            }
            return VerificationKey.rsa(kid, key);
        }
        if (key instanceof ECPublicKey ec) {
            if (!isP256(ec.getParams())) {
                throw new IllegalArgumentException("an EC key must be on P-256 (ES256)");
            }
            return VerificationKey.ec(kid, key);
        }
        throw new IllegalArgumentException("unsupported key type " + key.getAlgorithm() + ": use RSA or EC P-256");
    }

    /**
     * The signing keys of a JWKS document (RFC 7517: {@code {"keys": [...]}}) or of a bare JSON
     * array of JWKs (what BFE's mod_auth_jwt reads): {@code kty} RSA, EC (P-256) or oct; keys
     * whose {@code use} is not {@code sig} or whose type is unknown are skipped. A key's own
     * {@code alg}, when given, must be the one its type verifies.
     */
    static List<VerificationKey> jwks(byte[] json, ObjectMapper mapper) {
        List<VerificationKey> out = new ArrayList<>();
        for (VerificationKey k : jwksEntries(json, mapper)) {
            if (k != null) {
                out.add(k);
            }
        }
        return out;
    }

    /**
     * As {@link #jwks}, one entry per JWK in the file's order: its key, or null where the key is
     * skipped.
     */
    static List<VerificationKey> jwksEntries(byte[] json, ObjectMapper mapper) {
        JsonNode root;
        try {
            root = mapper.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON: " + e.getMessage(), e);
        }
        boolean bare = root != null && root.isArray();
        JsonNode keys = bare ? root : root == null ? null : root.get("keys");
        if (keys == null || !keys.isArray()) {
            throw new IllegalArgumentException("expected a JSON object with a \"keys\" array, or a JSON array of keys");
        }
        List<VerificationKey> out = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            JsonNode k = keys.get(i);
            String use = text(k, "use");
            if (use != null && !use.equals("sig")) {
                out.add(null);
                continue;
            }
            try {
                VerificationKey key = jwk(k);
                String alg = key == null ? null : text(k, "alg");
                if (alg != null && !alg.equals(key.algorithm())) {
                    throw new IllegalArgumentException("\"alg\" " + alg + " does not fit a key of type " + text(k, "kty"));
                }
                out.add(key);
            } catch (IllegalArgumentException | GeneralSecurityException e) {
                throw new IllegalArgumentException((bare ? "[" : "keys[") + i + "]: " + e.getMessage(), e);
            }
        }
        return out;
    }

    private static VerificationKey jwk(JsonNode k) throws GeneralSecurityException {
        String kty = text(k, "kty");
        String kid = text(k, "kid");
        if (kty == null) {
            throw new IllegalArgumentException("no \"kty\"");
        }
        return switch (kty) {
            case "RSA" -> typed(kid, KeyFactory.getInstance("RSA").generatePublic(
                    new RSAPublicKeySpec(unsigned(k, "n"), unsigned(k, "e"))));
            case "EC" -> {
                if (!"P-256".equals(text(k, "crv"))) {
                    throw new IllegalArgumentException("an EC key must have \"crv\": \"P-256\"");
                }
                ECPoint point = new ECPoint(unsigned(k, "x"), unsigned(k, "y"));
                yield typed(kid, KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, P256)));
            }
            case "oct" -> {
                byte[] secret = bytes(k, "k");
                if (secret.length < MIN_SECRET_BYTES) {
                    throw new IllegalArgumentException("an oct key needs at least " + MIN_SECRET_BYTES + " bytes");
                }
                yield VerificationKey.hmac(kid, secret);
            }
            default -> null;
        };
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    private static byte[] bytes(JsonNode k, String field) {
        String v = text(k, field);
        byte[] b = v == null ? null : Jwt.base64url(v);
        if (b == null || b.length == 0) {
            throw new IllegalArgumentException("\"" + field + "\" must be base64url");
        }
        return b;
    }

    private static BigInteger unsigned(JsonNode k, String field) {
        return new BigInteger(1, bytes(k, field));
    }

    private static boolean isP256(ECParameterSpec params) {
        return params.getOrder().equals(P256.getOrder()) && params.getCurve().equals(P256.getCurve())
                && params.getGenerator().equals(P256.getGenerator());
    }

    private static ECParameterSpec p256() {
        try {
            AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
            p.init(new ECGenParameterSpec("secp256r1"));
            return p.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks P-256", e);
        }
    }
}
