package io.portico.modules.authjwt;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Verifies compact JWS tokens (RFC 7515, 7519) against a fixed policy. Immutable; shared by
 * request threads.
 *
 * <p>In order: the token is at most {@link #MAX_TOKEN_CHARS}; it has three strict base64url parts
 * (no padding, no other characters); the header is a JSON object without duplicate names, with
 * a string {@code alg} from the allow-list ({@code none} can never be on it) and no {@code crit};
 * a key of that algorithm (named by {@code kid} when the keys have ids) verifies the signature;
 * then the claims: {@code exp}, {@code nbf} and {@code iat} where present are NumericDates from 0
 * to the year 9999 (a larger or non-finite one is refused, never read as "never expires"),
 * {@code exp} (required unless {@code requireExp} is off) and {@code nbf} with {@code leeway},
 * {@code iat} not after now (with {@code leeway}) when {@code checkIat} is on, {@code iss} and
 * {@code aud} when configured. JSON with anything after its object is refused.
 *
 * @param keys       the verification keys; each verifies one algorithm only
 * @param algorithms the allowed {@code alg} values
 * @param issuer     the required {@code iss}, or null
 * @param audiences  {@code aud} must be (or contain) one of these; empty = not checked
 * @param checkIat   refuse a token whose {@code iat} is later than now plus the leeway
 */
record Jwt(List<VerificationKey> keys, Set<String> algorithms, String issuer, Set<String> audiences,
           long leewaySeconds, boolean requireExp, boolean checkIat) {
    static final int MAX_TOKEN_CHARS = 8192;
    private static final List<String> NUMERIC_DATES = List.of("exp", "nbf", "iat");
    static final ObjectMapper JSON = JsonMapper.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    /** The largest NumericDate accepted: 9999-12-31T23:59:59Z. A bigger one (or 1e400) is a forgery or a bug. */
    static final double MAX_NUMERIC_DATE = 253_402_300_799d;

    /** What became of a token. */
    sealed interface Outcome {
    }

    /** A valid token and its claims (a JSON object). */
    record Valid(JsonNode claims) implements Outcome {
    }

    /** Why a token was refused (for logs; the client is told only {@code invalid_token}). */
    record Invalid(String reason) implements Outcome {
    }

    Jwt {
        keys = List.copyOf(keys);
        algorithms = Set.copyOf(algorithms);
        audiences = Set.copyOf(audiences);
    }

    /** A policy that does not check {@code iat} beyond its being a NumericDate. */
    Jwt(List<VerificationKey> keys, Set<String> algorithms, String issuer, Set<String> audiences, long leewaySeconds,
        boolean requireExp) {
        this(keys, algorithms, issuer, audiences, leewaySeconds, requireExp, false);
    }

    Outcome verify(String token, long nowSeconds) {
        if (token.length() > MAX_TOKEN_CHARS) {
            return new Invalid("token longer than " + MAX_TOKEN_CHARS + " characters");
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0 || token.indexOf('.', second + 1) >= 0) {
            return new Invalid("not three dot-separated parts");
        }
        byte[] headerBytes = base64url(token.substring(0, first));
        byte[] payloadBytes = base64url(token.substring(first + 1, second));
        byte[] signature = base64url(token.substring(second + 1));
        if (headerBytes == null || payloadBytes == null || signature == null) {
            return new Invalid("bad base64url");
        }
        JsonNode header = object(headerBytes);
        if (header == null) {
            return new Invalid("header is not a JSON object");
        }
        JsonNode alg = header.get("alg");
        if (alg == null || !alg.isTextual() || !algorithms.contains(alg.textValue())) {
            return new Invalid("algorithm " + alg + " is not allowed");
        }
        if (header.has("crit")) {
            return new Invalid("critical header extensions are not understood");
        }
        JsonNode kid = header.get("kid");
        if (kid != null && !kid.isTextual()) {
            return new Invalid("kid is not a string");
        }
        Outcome signed = checkSignature(alg.textValue(), kid == null ? null : kid.textValue(),
                token.substring(0, second).getBytes(StandardCharsets.US_ASCII), signature);
        if (signed != null) {
            return signed;
        }
        JsonNode claims = object(payloadBytes);
        if (claims == null) {
            return new Invalid("claims are not a JSON object");
        }
        return checkClaims(claims, nowSeconds);
    }

    /** Null when a key of {@code alg} (and {@code kid}, if the keys have ids) verifies the signature. */
    private Outcome checkSignature(String alg, String kid, byte[] input, byte[] signature) {
        boolean named = false;
        for (VerificationKey k : keys) {
            named |= kid != null && kid.equals(k.kid());
        }
        boolean tried = false;
        for (VerificationKey k : keys) {
            if (!k.algorithm().equals(alg) || (named && !kid.equals(k.kid())) || (!named && kid != null && k.kid() != null)) {
                continue;
            }
            tried = true;
            if (k.verify(alg, input, signature)) {
                return null;
            }
        }
        return new Invalid(tried ? "bad signature" : "no " + alg + " key" + (kid == null ? "" : " with kid " + kid));
    }

    private Outcome checkClaims(JsonNode claims, long now) {
        for (String date : NUMERIC_DATES) {
            JsonNode d = claims.get(date);
            if (d != null && !numericDate(d)) {
                return new Invalid(date + " is not a NumericDate from 0 to year 9999");
            }
        }
        JsonNode exp = claims.get("exp");
        if (exp == null && requireExp) {
            return new Invalid("no exp");
        }
        if (exp != null && now >= exp.doubleValue() + leewaySeconds) {
            return new Invalid("expired");
        }
        JsonNode nbf = claims.get("nbf");
        if (nbf != null && now + leewaySeconds < nbf.doubleValue()) {
            return new Invalid("not valid yet");
        }
        JsonNode iat = claims.get("iat");
        if (checkIat && iat != null && now + leewaySeconds < iat.doubleValue()) {
            return new Invalid("issued in the future");
        }
        if (issuer != null) {
            JsonNode iss = claims.get("iss");
            if (iss == null || !iss.isTextual() || !iss.textValue().equals(issuer)) {
                return new Invalid("wrong issuer");
            }
        }
        if (!audiences.isEmpty() && !audienceMatches(claims.get("aud"))) {
            return new Invalid("wrong audience");
        }
        return new Valid(claims);
    }

    /** RFC 7519 §2: seconds since the epoch; here finite, not negative and before the year 10000. */
    private static boolean numericDate(JsonNode d) {
        if (!d.isNumber()) {
            return false;
        }
        double v = d.doubleValue();
        return Double.isFinite(v) && v >= 0 && v <= MAX_NUMERIC_DATE;
    }

    private boolean audienceMatches(JsonNode aud) {
        if (aud == null) {
            return false;
        }
        if (aud.isTextual()) {
            return audiences.contains(aud.textValue());
        }
        if (aud.isArray()) {
            for (JsonNode a : aud) {
                if (a.isTextual() && audiences.contains(a.textValue())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static JsonNode object(byte[] json) {
        try {
            JsonNode node = JSON.readTree(json);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Strict unpadded base64url (RFC 7515 §2), or null. */
    static byte[] base64url(String s) {
        if (s.length() % 4 == 1) {
            return null;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                return null;
            }
        }
        try {
            return Base64.getUrlDecoder().decode(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
