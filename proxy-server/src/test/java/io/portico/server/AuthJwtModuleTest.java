package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.server.snapshot.LoadedModules;
import java.math.BigInteger;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** auth_jwt through a running proxy: bearer tokens checked, forged ones refused, claims forwarded. */
class AuthJwtModuleTest {
    private static final String SECRET = "server-test-secret-of-more-than-32-bytes";
    private static final long NOW = System.currentTimeMillis() / 1000;

    @TempDir
    Path dir;
    private TestBackend backend;
    private TestProxy proxy;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private void start(String keys) throws Exception {
        startWith("claims_to_headers = { sub = \"X-User\", roles = \"X-Roles\" }\n" + keys);
    }

    private void startWith(String settings) throws Exception {
        if (backend != null) { // a test that tries several refused configs starts one backend each
            backend.close();
        }
        backend = TestBackend.answering("private");
        proxy = TestProxy.start(TestProxy.oneCluster("", backend) + """
                [modules]
                enabled = ["auth_jwt"]
                [modules.auth_jwt]
                condition = '!req_path_prefix_in("/public", false)'
                """ + settings);
    }

    private static String b64(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String b64(String s) {
        return b64(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String hs256(String header, String claims) throws Exception {
        String input = b64(header) + "." + b64(claims);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    private static String claims(String extra) {
        return "{\"sub\":\"ann\",\"roles\":[\"a\",\"b\"],\"exp\":" + (NOW + 3600) + extra + "}";
    }

    private HttpResponse<String> bearer(String path, String token, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(proxy.uri(path)).header("Authorization", "Bearer " + token);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return proxy.send(b);
    }

    @Test
    void aRequestWithoutATokenGets401BearerAndNeverReachesTheBackend() throws Exception {
        start("algorithms = [\"HS256\"]\nsecret = \"" + SECRET + "\"\n");
        HttpResponse<String> r = proxy.get("/");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void aValidTokenPassesAndItsClaimsReplaceAnyClientSentClaimHeaders() throws Exception {
        start("algorithms = [\"HS256\"]\nsecret = \"" + SECRET + "\"\n");
        HttpResponse<String> r = bearer("/", hs256("{\"alg\":\"HS256\"}", claims("")), "X-User", "root");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(backend.last().header("X-User")).isEqualTo("ann");
        assertThat(backend.last().header("X-Roles")).isEqualTo("a, b");
        assertThat(backend.last().headerLines()).filteredOn(h -> h.toLowerCase().startsWith("x-user:")).hasSize(1);
        assertThat(proxy.send(HttpRequest.newBuilder(proxy.uri("/public/x")).header("X-User", "root")).statusCode())
                .isEqualTo(200);
        assertThat(backend.last().header("X-User")).as("stripped even where no token is needed").isNull();
    }

    @Test
    void claimsAHeaderCannotCarryAsTheyAreAreForwardedEncodedNotFailedWith500() throws Exception {
        start("algorithms = [\"HS256\"]\nsecret = \"" + SECRET + "\"\n");
        String token = hs256("{\"alg\":\"HS256\"}", "{\"sub\":\"张伟\",\"roles\":[\"Zoë\",\"a\\r\\nX-Admin: 1\"],\"exp\":"
                + (NOW + 3600) + "}");
        HttpResponse<String> r = bearer("/", token);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(backend.last().header("X-User")).isEqualTo("UTF-8''%E5%BC%A0%E4%BC%9F");
        assertThat(backend.last().header("X-Roles")).isEqualTo("UTF-8''Zo%C3%AB%2C%20a%0D%0AX-Admin%3A%201");
        assertThat(backend.last().header("X-Admin")).isNull();
    }

    @Test
    void theTokenIsForwardedUnlessForwardTokenIsOff() throws Exception {
        start("algorithms = [\"HS256\"]\nsecret = \"" + SECRET + "\"\n");
        String token = hs256("{\"alg\":\"HS256\"}", claims(""));
        assertThat(bearer("/", token).statusCode()).isEqualTo(200);
        assertThat(backend.last().header("Authorization")).isEqualTo("Bearer " + token);
        proxy.close();
        backend.close();
        start("algorithms = [\"HS256\"]\nsecret = \"" + SECRET + "\"\nforward_token = false\n");
        assertThat(bearer("/", token, "Cookie", "a=1").statusCode()).isEqualTo(200);
        assertThat(backend.last().header("Authorization")).isNull();
        assertThat(backend.last().header("X-User")).isEqualTo("ann");
        proxy.close();
        backend.close();
        startWith("algorithms = [\"HS256\"]\nsecret = \"" + SECRET + "\"\ntoken_cookie = \"jwt\"\nforward_token = false\n");
        HttpResponse<String> r = proxy.send(HttpRequest.newBuilder(proxy.uri("/")).header("Cookie", "a=1; jwt=" + token + "; b=2"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(backend.last().header("Cookie")).isEqualTo("a=1; b=2");
    }

    @Test
    void forgedExpiredAndOversizedTokensGet401InvalidToken() throws Exception {
        start("algorithms = [\"HS256\"]\nsecret = \"" + SECRET + "\"\n");
        String good = hs256("{\"alg\":\"HS256\"}", claims(""));
        String[] parts = good.split("\\.");
        String[] bad = {
                b64("{\"alg\":\"none\"}") + "." + parts[1] + ".",
                parts[0] + "." + b64(claims(",\"admin\":true")) + "." + parts[2],
                hs256("{\"alg\":\"HS256\"}", "{\"sub\":\"ann\",\"exp\":" + (NOW - 5) + "}"),
                hs256("{\"alg\":\"HS256\"}", claims(",\"pad\":\"" + "x".repeat(9000) + "\"")),
                good + "=",
        };
        for (String token : bad) {
            HttpResponse<String> r = bearer("/", token);
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
        }
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void aTokenInTheConfiguredCookieIsRead() throws Exception {
        start("algorithms = [\"HS256\"]\nsecret = \"" + SECRET + "\"\ntoken_cookie = \"jwt\"\n");
        String token = hs256("{\"alg\":\"HS256\"}", claims(""));
        assertThat(proxy.send(HttpRequest.newBuilder(proxy.uri("/")).header("Cookie", "a=1; jwt=" + token)).statusCode())
                .isEqualTo(200);
        assertThat(bearer("/", token).statusCode()).as("the header is not read then").isEqualTo(401);
    }

    @Test
    void rs256TokensAreVerifiedWithTheJwksKeyTheirKidNames() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair pair = g.generateKeyPair();
        RSAPublicKey pub = (RSAPublicKey) pair.getPublic();
        Path jwks = dir.resolve("jwks.json");
        Files.writeString(jwks, "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"k1\",\"n\":\"" + b64(magnitude(pub.getModulus()))
                + "\",\"e\":\"" + b64(magnitude(pub.getPublicExponent())) + "\"}]}");
        // Relative to the config file: TestProxy writes it into a sibling of this test's temp directory.
        start("algorithms = [\"RS256\"]\njwks_file = \"../" + dir.getFileName() + "/jwks.json\"\nissuer = \"me\"\naudience = \"api\"\n");
        String claims = claims(",\"iss\":\"me\",\"aud\":\"api\"");
        assertThat(bearer("/", rs256(pair, "{\"alg\":\"RS256\",\"kid\":\"k1\"}", claims)).statusCode()).isEqualTo(200);
        assertThat(bearer("/", rs256(pair, "{\"alg\":\"RS256\",\"kid\":\"k2\"}", claims)).statusCode()).isEqualTo(401);
        assertThat(bearer("/", rs256(pair, "{\"alg\":\"RS256\",\"kid\":\"k1\"}", claims(",\"iss\":\"me\",\"aud\":\"web\"")))
                .statusCode()).isEqualTo(401);
        byte[] publicKeyAsSecret = pub.getEncoded();
        String input = b64("{\"alg\":\"HS256\",\"kid\":\"k1\"}") + "." + b64(claims);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(publicKeyAsSecret, "HmacSHA256"));
        String confused = input + "." + b64(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        assertThat(bearer("/", confused).statusCode()).isEqualTo(401);
        assertThat(backend.received()).hasSize(1);
    }

    @Test
    void aJwksFileMayBeABareArrayOfKeysAndCheckIatRefusesTokensIssuedInTheFuture() throws Exception {
        Path keys = dir.resolve("key_file");
        Files.writeString(keys, "[{\"kty\":\"oct\",\"kid\":\"0001\",\"k\":\"" + b64(SECRET) + "\"},"
                + "{\"kty\":\"oct\",\"use\":\"enc\",\"k\":\"" + b64("an-encryption-key-of-more-than-32-bytes") + "\"}]");
        startWith("algorithms = [\"HS256\"]\njwks_file = \"" + keys + "\"\nrequire_exp = false\ncheck_iat = true\n");
        assertThat(bearer("/", hs256("{\"alg\":\"HS256\",\"kid\":\"0001\"}", "{\"sub\":\"ann\"}")).statusCode()).isEqualTo(200);
        assertThat(bearer("/", hs256("{\"alg\":\"HS256\"}", "{\"iat\":" + (NOW - 60) + "}")).statusCode()).isEqualTo(200);
        HttpResponse<String> future = bearer("/", hs256("{\"alg\":\"HS256\"}", "{\"iat\":" + (NOW + 3600) + "}"));
        assertThat(future.statusCode()).isEqualTo(401);
        assertThat(future.headers().firstValue("WWW-Authenticate")).hasValue("Bearer error=\"invalid_token\"");
        assertThat(proxy.get("/").statusCode()).isEqualTo(401);
        assertThat(backend.received()).hasSize(2);
        assertThatThrownBy(() -> startWith("algorithms = [\"HS256\"]\njwks_file = \"" + writeKeys("[{\"kty\":\"oct\",\"k\":\"YmZland0Mg\"}]")
                + "\"\n")).isInstanceOf(LoadedModules.ModuleConfigException.class)
                .hasMessageContaining("modules.auth_jwt.jwks_file: ").hasMessageContaining("[0]: an oct key needs at least 32 bytes");
    }

    private Path writeKeys(String json) throws Exception {
        Path file = dir.resolve("short_key_file");
        Files.writeString(file, json);
        return file;
    }

    private static String rs256(KeyPair pair, String header, String claims) throws Exception {
        String input = b64(header) + "." + b64(claims);
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(pair.getPrivate());
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64(s.sign());
    }

    private static byte[] magnitude(BigInteger n) {
        byte[] b = n.toByteArray();
        return b[0] == 0 ? Arrays.copyOfRange(b, 1, b.length) : b;
    }

    @Test
    void badSettingsAreReportedWithTheirLocation() {
        assertThatThrownBy(() -> startWith("algorithms = [\"none\", \"HS256\", \"RS256\"]\nsecret = \"short\"\n"
                + "claims_to_headers = { sub = \"Bad Header\", \"\" = \"X-A\" }\nleeway = \"2h\"\naudience = 5\n"))
                .isInstanceOf(LoadedModules.ModuleConfigException.class)
                .hasMessageMatching("(?s).*portico\\.toml:\\d+: modules\\.auth_jwt\\.algorithms: \"none\" is not supported.*")
                .hasMessageContaining("modules.auth_jwt.secret: an HS256 secret needs at least 32 bytes, got 5")
                .hasMessageContaining("modules.auth_jwt.claims_to_headers.sub: expected a header name, got \"Bad Header\"")
                .hasMessageContaining("modules.auth_jwt.claims_to_headers.\"\": expected a claim name")
                .hasMessageContaining("modules.auth_jwt.audience: expected a string or an array of strings, got the integer 5")
                .hasMessageContaining("modules.auth_jwt.leeway: expected 0s to 1h");
        assertThatThrownBy(() -> start("secret = \"" + SECRET + "\"\nkey_file = \"/no/such.pem\"\n"))
                .isInstanceOf(LoadedModules.ModuleConfigException.class)
                .hasMessageContaining("modules.auth_jwt.algorithms: required")
                .hasMessageContaining("modules.auth_jwt.key_file: /no/such.pem");
        assertThatThrownBy(() -> start("algorithms = [\"RS256\"]\nkey_file = \"keys/none.pem\"\n"))
                .isInstanceOf(LoadedModules.ModuleConfigException.class)
                .hasMessageMatching("(?s).*modules\\.auth_jwt\\.key_file: /\\S+/keys/none\\.pem.*");
        assertThatThrownBy(() -> start("algorithms = [\"RS256\"]\nsecret = \"" + SECRET + "\"\n"))
                .isInstanceOf(LoadedModules.ModuleConfigException.class)
                .hasMessageContaining("modules.auth_jwt.algorithms: RS256 is allowed but no configured key verifies it");
    }
}
