package io.portico.modules.authjwt;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.http.HttpFields;
import org.junit.jupiter.api.Test;

class TokensTest {

    private static HttpFields fields(String... nameValues) {
        HttpFields f = new HttpFields();
        for (int i = 0; i < nameValues.length; i += 2) {
            f.add(nameValues[i], nameValues[i + 1]);
        }
        return f;
    }

    @Test
    void authorizationNeedsTheBearerSchemeOtherHeadersMayHoldTheBareToken() {
        assertThat(Tokens.fromHeader(fields("Authorization", "Bearer abc.def.ghi"), "Authorization")).isEqualTo("abc.def.ghi");
        assertThat(Tokens.fromHeader(fields("Authorization", "bearer  abc"), "Authorization")).isEqualTo("abc");
        assertThat(Tokens.fromHeader(fields("Authorization", "Basic abc"), "Authorization")).isNull();
        assertThat(Tokens.fromHeader(fields("Authorization", "Bearer "), "Authorization")).isNull();
        assertThat(Tokens.fromHeader(fields("Authorization", "Bearer a", "Authorization", "Bearer b"), "Authorization")).isNull();
        assertThat(Tokens.fromHeader(fields("X-Token", "abc"), "X-Token")).isEqualTo("abc");
        assertThat(Tokens.fromHeader(fields("X-Token", "Bearer abc"), "X-Token")).isEqualTo("abc");
        assertThat(Tokens.fromHeader(fields(), "Authorization")).isNull();
    }

    @Test
    void theCookieIsFoundByExactName() {
        HttpFields f = fields("Cookie", "jwtx=1; jwt=tok", "Cookie", "other=2");
        assertThat(Tokens.fromCookie(f, "jwt")).isEqualTo("tok");
        assertThat(Tokens.fromCookie(f, "jw")).isNull();
        assertThat(Tokens.fromCookie(fields("Cookie", "jwt="), "jwt")).isNull();
    }

    @Test
    void claimsBecomeHeaderValuesOnlyWhenSafe() throws Exception {
        var claims = Jwt.JSON.readTree("{\"s\":\"ann\",\"n\":42,\"b\":true,\"a\":[\"x\",\"y\"],\"mixed\":[1,\"x\"],"
                + "\"o\":{\"k\":1},\"crlf\":\"a\\r\\nX-Admin: 1\",\"nul\":null}");
        assertThat(Tokens.headerValue(claims.get("s"))).isEqualTo("ann");
        assertThat(Tokens.headerValue(claims.get("n"))).isEqualTo("42");
        assertThat(Tokens.headerValue(claims.get("b"))).isEqualTo("true");
        assertThat(Tokens.headerValue(claims.get("a"))).isEqualTo("x, y");
        assertThat(Tokens.headerValue(claims.get("mixed"))).isNull();
        assertThat(Tokens.headerValue(claims.get("o"))).isNull();
        assertThat(Tokens.headerValue(claims.get("crlf"))).isNull();
        assertThat(Tokens.headerValue(claims.get("nul"))).isNull();
        assertThat(Tokens.headerValue(claims.get("missing"))).isNull();
    }

    @Test
    void headerNamesMustBeTokens() {
        assertThat(Tokens.isToken("X-User")).isTrue();
        assertThat(Tokens.isToken("X User")).isFalse();
        assertThat(Tokens.isToken("X:User")).isFalse();
        assertThat(Tokens.isToken("")).isFalse();
    }
}
