package io.portico.modules.authjwt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeysTest {

    private static List<VerificationKey> jwks(String... keys) {
        return KeyLoader.jwks(("{\"keys\":[" + String.join(",", keys) + "]}").getBytes(StandardCharsets.UTF_8), Jwt.JSON);
    }

    @Test
    void eachKeyTypeVerifiesExactlyOneAlgorithm() {
        assertThat(KeyLoader.secret(TestTokens.SECRET).algorithm()).isEqualTo("HS256");
        assertThat(KeyLoader.pem(TestTokens.pem(TestTokens.RSA)).algorithm()).isEqualTo("RS256");
        assertThat(KeyLoader.pem(TestTokens.pem(TestTokens.EC)).algorithm()).isEqualTo("ES256");
    }

    @Test
    void weakOrUnsupportedKeysAreRefusedAtLoad() throws Exception {
        assertThatThrownBy(() -> KeyLoader.secret("short")).hasMessageContaining("at least 32 bytes");
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        KeyPair small = g.generateKeyPair();
        assertThatThrownBy(() -> KeyLoader.pem(TestTokens.pem(small))).hasMessageContaining("at least 2048 bits");
        KeyPair p384 = TestTokens.generateEc("secp384r1");
        assertThatThrownBy(() -> KeyLoader.pem(TestTokens.pem(p384))).hasMessageContaining("P-256");
        assertThatThrownBy(() -> KeyLoader.pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"))
                .hasMessageContaining("PUBLIC KEY");
        assertThatThrownBy(() -> KeyLoader.pem("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"))
                .hasMessageContaining("unreadable key");
    }

    @Test
    void jwksReadsRsaEcAndOctKeysAndSkipsEncryptionAndUnknownKeys() {
        List<VerificationKey> keys = jwks(TestTokens.rsaJwk("r", TestTokens.RSA), TestTokens.ecJwk("e", TestTokens.EC),
                "{\"kty\":\"oct\",\"kid\":\"o\",\"k\":\"" + TestTokens.b64(TestTokens.SECRET) + "\"}",
                "{\"kty\":\"RSA\",\"use\":\"enc\",\"n\":\"AQAB\",\"e\":\"AQAB\"}",
                "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AAAA\"}");
        assertThat(keys).extracting(VerificationKey::kid).containsExactly("r", "e", "o");
        assertThat(keys).extracting(VerificationKey::algorithm).containsExactly("RS256", "ES256", "HS256");
    }

    @Test
    void malformedJwksEntriesNameTheirIndex() {
        assertThatThrownBy(() -> jwks("{\"kty\":\"RSA\",\"n\":\"!!\",\"e\":\"AQAB\"}")).hasMessageContaining("keys[0]: \"n\" must be base64url");
        assertThatThrownBy(() -> jwks(TestTokens.rsaJwk("r", TestTokens.RSA).replace("}", ",\"alg\":\"HS256\"}")))
                .hasMessageContaining("keys[0]: \"alg\" HS256 does not fit a key of type RSA");
        assertThatThrownBy(() -> jwks("{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"AA\",\"y\":\"AA\"}")).hasMessageContaining("P-256");
        assertThatThrownBy(() -> jwks("{\"kid\":\"x\"}")).hasMessageContaining("no \"kty\"");
        assertThatThrownBy(() -> KeyLoader.jwks("{\"keys\":{}}".getBytes(StandardCharsets.UTF_8), Jwt.JSON))
                .hasMessageContaining("\"keys\" array");
        assertThatThrownBy(() -> KeyLoader.jwks("5".getBytes(StandardCharsets.UTF_8), Jwt.JSON)).hasMessageContaining("a JSON array of keys");
        assertThatThrownBy(() -> KeyLoader.jwks("{".getBytes(StandardCharsets.UTF_8), Jwt.JSON)).hasMessageContaining("not JSON");
    }

    @Test
    void aBareArrayOfJwksReadsAsAJwksDocumentWithEveryCheck() throws Exception {
        String oct = "{\"kty\":\"oct\",\"kid\":\"o\",\"k\":\"" + TestTokens.b64(TestTokens.SECRET) + "\"}";
        String array = "[" + TestTokens.rsaJwk("r", TestTokens.RSA) + "," + oct + ",{\"kty\":\"RSA\",\"use\":\"enc\",\"n\":\"AQAB\",\"e\":\"AQAB\"},"
                + "{\"kty\":\"OKP\",\"crv\":\"Ed25519\",\"x\":\"AAAA\"}]";
        List<VerificationKey> keys = KeyLoader.jwks(array.getBytes(StandardCharsets.UTF_8), Jwt.JSON);
        assertThat(keys).extracting(VerificationKey::kid).containsExactly("r", "o");
        assertThat(keys).extracting(VerificationKey::algorithm).containsExactly("RS256", "HS256");
        assertThat(AuthJwtModule.jwksAlgorithms(array.getBytes(StandardCharsets.UTF_8))).containsExactly("RS256", "HS256", null, null);
        assertThat(KeyLoader.jwks("[]".getBytes(StandardCharsets.UTF_8), Jwt.JSON)).isEmpty();
        // The checks of a JWKS document hold for an array, and an error names the key by its index.
        assertThatThrownBy(() -> KeyLoader.jwks("[{\"kty\":\"oct\",\"k\":\"YmZland0Mg\"}]".getBytes(StandardCharsets.UTF_8), Jwt.JSON))
                .hasMessage("[0]: an oct key needs at least 32 bytes");
        assertThatThrownBy(() -> KeyLoader.jwks(("[" + oct + "," + oct.replace("}", ",\"alg\":\"HS512\"}") + "]")
                .getBytes(StandardCharsets.UTF_8), Jwt.JSON)).hasMessage("[1]: \"alg\" HS512 does not fit a key of type oct");
        assertThatThrownBy(() -> KeyLoader.jwks("[{\"kty\":\"EC\",\"crv\":\"P-384\",\"x\":\"AA\",\"y\":\"AA\"}]"
                .getBytes(StandardCharsets.UTF_8), Jwt.JSON)).hasMessageContaining("[0]: an EC key must have \"crv\": \"P-256\"");
        assertThatThrownBy(() -> KeyLoader.jwks("[null]".getBytes(StandardCharsets.UTF_8), Jwt.JSON)).hasMessage("[0]: no \"kty\"");
        assertThatThrownBy(() -> KeyLoader.jwks(("[" + oct + "," + oct.replace("\"kid\":\"o\"", "\"kid\":\"o\",\"kid\":\"p\"") + "]")
                .getBytes(StandardCharsets.UTF_8), Jwt.JSON)).hasMessageContaining("not JSON").hasMessageContaining("Duplicate field");
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(1024);
        KeyPair small = g.generateKeyPair();
        assertThatThrownBy(() -> AuthJwtModule.jwksAlgorithms(("[" + TestTokens.rsaJwk("s", small) + "]").getBytes(StandardCharsets.UTF_8)))
                .hasMessage("[0]: an RSA key needs at least 2048 bits, got 1024");
    }

    @Test
    void joseAndDerSignaturesConvertBothWaysWhateverTheirLeadingBytes() {
        Random random = new Random(1);
        for (int i = 0; i < 2000; i++) {
            byte[] jose = new byte[64];
            random.nextBytes(jose);
            if (i % 3 == 0) {
                Arrays.fill(jose, 0, 1 + random.nextInt(5), (byte) 0);
            }
            if (i % 5 == 0) {
                Arrays.fill(jose, 32, 33 + random.nextInt(5), (byte) 0);
            }
            byte[] der = EcdsaSignatures.joseToDer(jose, 32);
            assertThat(EcdsaSignatures.derToJose(der, 32)).isEqualTo(jose);
        }
        assertThat(EcdsaSignatures.joseToDer(new byte[63], 32)).isNull();
        assertThatThrownBy(() -> EcdsaSignatures.derToJose(new byte[] {0x31, 6, 2, 1, 1, 2, 1, 1}, 32))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
