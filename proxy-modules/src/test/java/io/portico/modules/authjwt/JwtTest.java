package io.portico.modules.authjwt;

import static io.portico.modules.authjwt.TestTokens.EC;
import static io.portico.modules.authjwt.TestTokens.RSA;
import static io.portico.modules.authjwt.TestTokens.RSA_OTHER;
import static io.portico.modules.authjwt.TestTokens.SECRET;
import static io.portico.modules.authjwt.TestTokens.b64;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Valid tokens of each algorithm pass; forged, tampered, stale and misaddressed ones are refused. */
class JwtTest {
    private static final long NOW = 1_800_000_000L;
    private static final String CLAIMS = "{\"sub\":\"ann\",\"exp\":" + (NOW + 60) + "}";
    private static final String RS_HEADER = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";

    private static final VerificationKey HMAC = KeyLoader.secret(SECRET);
    private static final VerificationKey RSA_KEY = KeyLoader.pem(TestTokens.pem(RSA));
    private static final VerificationKey EC_KEY = KeyLoader.pem(TestTokens.pem(EC));

    private static Jwt policy(List<VerificationKey> keys, String... algorithms) {
        return new Jwt(keys, Set.of(algorithms), null, Set.of(), 0, true);
    }

    private static String reason(Jwt jwt, String token) {
        Jwt.Outcome o = jwt.verify(token, NOW);
        return o instanceof Jwt.Invalid i ? i.reason() : "valid";
    }

    @Test
    void validTokensOfEachAlgorithmPassWithTheirClaims() {
        Jwt jwt = policy(List.of(HMAC, RSA_KEY, EC_KEY), "HS256", "RS256", "ES256");
        assertThat(jwt.verify(TestTokens.hs256(CLAIMS), NOW)).isInstanceOfSatisfying(Jwt.Valid.class,
                v -> assertThat(v.claims().get("sub").textValue()).isEqualTo("ann"));
        assertThat(reason(jwt, TestTokens.rs256(RSA.getPrivate(), RS_HEADER, CLAIMS))).isEqualTo("valid");
        assertThat(reason(jwt, TestTokens.es256(EC.getPrivate(), "{\"alg\":\"ES256\"}", CLAIMS))).isEqualTo("valid");
    }

    @Test
    void algNoneIsNeverAccepted() {
        Jwt jwt = policy(List.of(HMAC, RSA_KEY), "HS256", "RS256");
        String none = TestTokens.unsigned("{\"alg\":\"none\"}", CLAIMS);
        assertThat(reason(jwt, none + ".")).contains("not allowed");
        assertThat(reason(jwt, TestTokens.unsigned("{\"alg\":\"None\"}", CLAIMS) + ".")).contains("not allowed");
        assertThat(reason(jwt, TestTokens.unsigned("{\"typ\":\"JWT\"}", CLAIMS) + ".")).contains("not allowed");
    }

    @Test
    void anHs256TokenSignedWithTheRsaPublicKeyAsSecretIsRefused() {
        byte[] pemBytes = TestTokens.pem(RSA).getBytes(StandardCharsets.US_ASCII);
        byte[] derBytes = RSA.getPublic().getEncoded();
        String header = "{\"alg\":\"HS256\"}";
        // Even with HS256 on the allow-list, the RSA key verifies RS256 only.
        Jwt both = policy(List.of(RSA_KEY), "RS256", "HS256");
        assertThat(reason(both, TestTokens.hs256(pemBytes, header, CLAIMS))).isEqualTo("no HS256 key");
        assertThat(reason(both, TestTokens.hs256(derBytes, header, CLAIMS))).isEqualTo("no HS256 key");
        assertThat(RSA_KEY.verify("HS256", new byte[1], new byte[32])).isFalse();
        Jwt rsOnly = policy(List.of(RSA_KEY), "RS256");
        assertThat(reason(rsOnly, TestTokens.hs256(pemBytes, header, CLAIMS))).contains("not allowed");
    }

    @Test
    void aTamperedPayloadOrSignatureFails() {
        Jwt jwt = policy(List.of(RSA_KEY), "RS256");
        String token = TestTokens.rs256(RSA.getPrivate(), RS_HEADER, CLAIMS);
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + b64("{\"sub\":\"admin\",\"exp\":" + (NOW + 60) + "}") + "." + parts[2];
        assertThat(reason(jwt, forged)).isEqualTo("bad signature");
        assertThat(reason(jwt, TestTokens.rs256(RSA_OTHER.getPrivate(), RS_HEADER, CLAIMS))).isEqualTo("bad signature");
        char last = token.charAt(token.length() - 2);
        String flipped = token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);
        assertThat(reason(jwt, flipped)).isEqualTo("bad signature");
        assertThat(reason(policy(List.of(HMAC), "HS256"), TestTokens.hs256(CLAIMS).replace(".ey", ".eY"))).isNotEqualTo("valid");
    }

    @Test
    void es256SignaturesMustBeJoseRAndSNotDer() {
        Jwt jwt = policy(List.of(EC_KEY), "ES256");
        String token = TestTokens.es256(EC.getPrivate(), "{\"alg\":\"ES256\"}", CLAIMS);
        String input = token.substring(0, token.lastIndexOf('.'));
        byte[] jose = Jwt.base64url(token.substring(token.lastIndexOf('.') + 1));
        assertThat(reason(jwt, input + "." + b64(EcdsaSignatures.joseToDer(jose, 32)))).isEqualTo("bad signature");
        assertThat(reason(jwt, input + "." + b64(new byte[64]))).isEqualTo("bad signature");
        assertThat(reason(jwt, input + "." + b64(new byte[63]))).isEqualTo("bad signature");
    }

    @Test
    void expiryAndNotBeforeHonourTheLeeway() {
        Jwt strict = policy(List.of(HMAC), "HS256");
        Jwt lenient = new Jwt(List.of(HMAC), Set.of("HS256"), null, Set.of(), 30, true);
        String expired = TestTokens.hs256("{\"exp\":" + (NOW - 10) + "}");
        assertThat(reason(strict, expired)).isEqualTo("expired");
        assertThat(reason(lenient, expired)).isEqualTo("valid");
        assertThat(reason(strict, TestTokens.hs256("{\"exp\":" + NOW + "}"))).as("exp is exclusive").isEqualTo("expired");
        String early = TestTokens.hs256("{\"exp\":" + (NOW + 600) + ",\"nbf\":" + (NOW + 20) + "}");
        assertThat(reason(strict, early)).isEqualTo("not valid yet");
        assertThat(reason(lenient, early)).isEqualTo("valid");
        assertThat(reason(strict, TestTokens.hs256("{\"sub\":\"x\"}"))).isEqualTo("no exp");
        assertThat(reason(new Jwt(List.of(HMAC), Set.of("HS256"), null, Set.of(), 0, false), TestTokens.hs256("{}")))
                .isEqualTo("valid");
        assertThat(reason(strict, TestTokens.hs256("{\"exp\":\"tomorrow\"}")))
                .isEqualTo("exp is not a NumericDate from 0 to year 9999");
        assertThat(reason(strict, TestTokens.hs256("{\"exp\":" + (NOW + 9) + ".5}"))).isEqualTo("valid");
    }

    @Test
    void checkIatRefusesATokenIssuedInTheFutureWithTheLeeway() {
        Jwt checked = new Jwt(List.of(HMAC), Set.of("HS256"), null, Set.of(), 0, true, true);
        Jwt lenient = new Jwt(List.of(HMAC), Set.of("HS256"), null, Set.of(), 30, true, true);
        String exp = "\"exp\":" + (NOW + 600);
        String future = TestTokens.hs256("{" + exp + ",\"iat\":" + (NOW + 20) + "}");
        assertThat(reason(checked, future)).isEqualTo("issued in the future");
        assertThat(reason(lenient, future)).isEqualTo("valid");
        assertThat(reason(policy(List.of(HMAC), "HS256"), future)).as("not checked unless asked").isEqualTo("valid");
        assertThat(reason(checked, TestTokens.hs256("{" + exp + ",\"iat\":" + NOW + "}"))).as("now is not the future").isEqualTo("valid");
        assertThat(reason(checked, TestTokens.hs256("{" + exp + ",\"iat\":" + NOW + ".5}"))).isEqualTo("issued in the future");
        assertThat(reason(checked, TestTokens.hs256("{" + exp + ",\"iat\":" + (NOW - 3600) + "}"))).isEqualTo("valid");
        assertThat(reason(checked, TestTokens.hs256("{" + exp + "}"))).as("no iat: nothing to check").isEqualTo("valid");
        assertThat(reason(checked, TestTokens.hs256("{" + exp + ",\"iat\":\"now\"}")))
                .isEqualTo("iat is not a NumericDate from 0 to year 9999");
    }

    @Test
    void issuerAndAudienceMustMatchWhenConfigured() {
        Jwt jwt = new Jwt(List.of(HMAC), Set.of("HS256"), "https://issuer.example/", Set.of("api", "web"), 0, true);
        String exp = "\"exp\":" + (NOW + 60);
        assertThat(reason(jwt, TestTokens.hs256("{" + exp + ",\"iss\":\"https://issuer.example/\",\"aud\":\"api\"}"))).isEqualTo("valid");
        assertThat(reason(jwt, TestTokens.hs256("{" + exp + ",\"iss\":\"https://issuer.example/\",\"aud\":[\"x\",\"web\"]}")))
                .isEqualTo("valid");
        assertThat(reason(jwt, TestTokens.hs256("{" + exp + ",\"iss\":\"https://evil.example/\",\"aud\":\"api\"}")))
                .isEqualTo("wrong issuer");
        assertThat(reason(jwt, TestTokens.hs256("{" + exp + ",\"aud\":\"api\"}"))).isEqualTo("wrong issuer");
        assertThat(reason(jwt, TestTokens.hs256("{" + exp + ",\"iss\":\"https://issuer.example/\",\"aud\":\"other\"}")))
                .isEqualTo("wrong audience");
        assertThat(reason(jwt, TestTokens.hs256("{" + exp + ",\"iss\":\"https://issuer.example/\",\"aud\":[1,2]}")))
                .isEqualTo("wrong audience");
        assertThat(reason(jwt, TestTokens.hs256("{" + exp + ",\"iss\":\"https://issuer.example/\"}"))).isEqualTo("wrong audience");
    }

    @Test
    void jwksKeysArePickedByKidAndAnUnknownKidFails() {
        List<VerificationKey> keys = KeyLoader.jwks(("{\"keys\":[" + TestTokens.rsaJwk("one", RSA) + ","
                + TestTokens.rsaJwk("two", RSA_OTHER) + "," + TestTokens.ecJwk("ec", EC) + "]}").getBytes(StandardCharsets.UTF_8), Jwt.JSON);
        Jwt jwt = policy(keys, "RS256", "ES256");
        assertThat(reason(jwt, TestTokens.rs256(RSA.getPrivate(), "{\"alg\":\"RS256\",\"kid\":\"one\"}", CLAIMS))).isEqualTo("valid");
        assertThat(reason(jwt, TestTokens.rs256(RSA_OTHER.getPrivate(), "{\"alg\":\"RS256\",\"kid\":\"two\"}", CLAIMS))).isEqualTo("valid");
        assertThat(reason(jwt, TestTokens.rs256(RSA.getPrivate(), "{\"alg\":\"RS256\",\"kid\":\"two\"}", CLAIMS)))
                .as("the wrong kid").isEqualTo("bad signature");
        assertThat(reason(jwt, TestTokens.rs256(RSA.getPrivate(), "{\"alg\":\"RS256\",\"kid\":\"three\"}", CLAIMS)))
                .isEqualTo("no RS256 key with kid three");
        assertThat(reason(jwt, TestTokens.rs256(RSA.getPrivate(), "{\"alg\":\"RS256\",\"kid\":\"ec\"}", CLAIMS)))
                .as("a kid naming a key of another type").isEqualTo("no RS256 key with kid ec");
        assertThat(reason(jwt, TestTokens.es256(EC.getPrivate(), "{\"alg\":\"ES256\",\"kid\":\"ec\"}", CLAIMS))).isEqualTo("valid");
        assertThat(reason(jwt, TestTokens.rs256(RSA_OTHER.getPrivate(), RS_HEADER, CLAIMS))).as("no kid: any key of the type")
                .isEqualTo("valid");
        assertThat(reason(jwt, TestTokens.rs256(RSA.getPrivate(), "{\"alg\":\"RS256\",\"kid\":7}", CLAIMS))).isEqualTo("kid is not a string");
    }

    @Test
    void malformedTokensAreRefusedBeforeAnyCrypto() {
        Jwt jwt = policy(List.of(HMAC), "HS256");
        String good = TestTokens.hs256(CLAIMS);
        assertThat(reason(jwt, good + "=")).isEqualTo("bad base64url");
        assertThat(reason(jwt, good.replace('-', '+').replace('_', '/') + "+")).isEqualTo("bad base64url");
        assertThat(reason(jwt, "a.b")).isEqualTo("not three dot-separated parts");
        assertThat(reason(jwt, good + ".x")).isEqualTo("not three dot-separated parts");
        assertThat(reason(jwt, "")).isEqualTo("not three dot-separated parts");
        assertThat(reason(jwt, b64("[1]") + "." + b64("{}") + ".")).isEqualTo("header is not a JSON object");
        assertThat(reason(jwt, TestTokens.hs256(SECRET.getBytes(StandardCharsets.UTF_8), "{\"alg\":\"HS256\"}", "[]")))
                .isEqualTo("claims are not a JSON object");
        assertThat(reason(jwt, TestTokens.hs256(SECRET.getBytes(StandardCharsets.UTF_8), "{\"alg\":\"HS256\"}", "{not json")))
                .isEqualTo("claims are not a JSON object");
    }

    @Test
    void oversizedDuplicateAlgAndCriticalHeadersAreRefused() {
        Jwt jwt = policy(List.of(HMAC), "HS256");
        String big = TestTokens.hs256("{\"exp\":" + (NOW + 60) + ",\"pad\":\"" + "x".repeat(7000) + "\"}");
        assertThat(big.length()).isGreaterThan(Jwt.MAX_TOKEN_CHARS);
        assertThat(reason(jwt, big)).startsWith("token longer than 8192");
        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
        assertThat(reason(jwt, TestTokens.hs256(secret, "{\"alg\":\"HS256\",\"alg\":\"none\"}", CLAIMS)))
                .isEqualTo("header is not a JSON object");
        assertThat(reason(jwt, TestTokens.hs256(secret, "{\"alg\":\"HS256\",\"crit\":[\"exp\"]}", CLAIMS)))
                .startsWith("critical header");
    }

    @Test
    void numericDatesOutOfRangeAreRefusedNeverReadAsNeverExpiring() {
        Jwt jwt = policy(List.of(HMAC), "HS256");
        for (String exp : List.of("1e400", "-1", "253402300800", "99999999999999999999999999", "1e19")) {
            assertThat(reason(jwt, TestTokens.hs256("{\"exp\":" + exp + "}"))).as(exp)
                    .isEqualTo("exp is not a NumericDate from 0 to year 9999");
        }
        assertThat(reason(jwt, TestTokens.hs256("{\"exp\":253402300799}"))).isEqualTo("valid");
        String live = "\"exp\":" + (NOW + 60);
        assertThat(reason(jwt, TestTokens.hs256("{" + live + ",\"nbf\":-5}"))).isEqualTo("nbf is not a NumericDate from 0 to year 9999");
        assertThat(reason(jwt, TestTokens.hs256("{" + live + ",\"iat\":1e300}"))).isEqualTo("iat is not a NumericDate from 0 to year 9999");
        assertThat(reason(jwt, TestTokens.hs256("{" + live + ",\"iat\":\"now\"}"))).isEqualTo("iat is not a NumericDate from 0 to year 9999");
        assertThat(reason(jwt, TestTokens.hs256("{" + live + ",\"iat\":" + NOW + "}"))).isEqualTo("valid");
    }

    @Test
    void jsonWithAnythingAfterItsObjectIsRefused() {
        Jwt jwt = policy(List.of(HMAC), "HS256");
        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
        String live = "{\"exp\":" + (NOW + 60) + "}";
        assertThat(reason(jwt, TestTokens.hs256(secret, "{\"alg\":\"HS256\"}", live + "{\"sub\":\"admin\"}")))
                .isEqualTo("claims are not a JSON object");
        assertThat(reason(jwt, TestTokens.hs256(secret, "{\"alg\":\"HS256\"}", live + " x")))
                .isEqualTo("claims are not a JSON object");
        assertThat(reason(jwt, TestTokens.hs256(secret, "{\"alg\":\"HS256\"} []", live)))
                .isEqualTo("header is not a JSON object");
        assertThat(reason(jwt, TestTokens.hs256(secret, "{\"alg\":\"HS256\"}", live + " \n"))).as("whitespace is no data")
                .isEqualTo("valid");
    }
}
