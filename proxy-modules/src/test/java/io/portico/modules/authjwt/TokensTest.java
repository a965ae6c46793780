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
    void claimsBecomeHeaderValuesAndWhatAHeaderCannotCarryIsEncoded() throws Exception {
        var claims = Jwt.JSON.readTree("{\"s\":\"ann\",\"n\":42,\"b\":true,\"a\":[\"x\",\"y\"],\"mixed\":[1,\"x\"],"
                + "\"o\":{\"k\":1},\"crlf\":\"a\\r\\nX-Admin: 1\",\"nul\":null,\"zoe\":\"Zoë\",\"han\":\"张伟\","
                + "\"emoji\":\"a😀\",\"pad\":\" admin \",\"tab\":\"a\\tb\",\"fake\":\"utf-8''%41\",\"pct\":\"100%\"}");
        assertThat(Tokens.headerValue(claims.get("s"))).isEqualTo("ann");
        assertThat(Tokens.headerValue(claims.get("n"))).isEqualTo("42");
        assertThat(Tokens.headerValue(claims.get("b"))).isEqualTo("true");
        assertThat(Tokens.headerValue(claims.get("a"))).isEqualTo("x, y");
        assertThat(Tokens.headerValue(claims.get("tab"))).isEqualTo("a\tb");
        assertThat(Tokens.headerValue(claims.get("pct"))).isEqualTo("100%");
        assertThat(Tokens.headerValue(claims.get("mixed"))).isNull();
        assertThat(Tokens.headerValue(claims.get("o"))).isNull();
        assertThat(Tokens.headerValue(claims.get("nul"))).isNull();
        assertThat(Tokens.headerValue(claims.get("missing"))).isNull();
        // RFC 8187 ext-values: never a second header line, never a value a backend would trim
        assertThat(Tokens.headerValue(claims.get("crlf"))).isEqualTo("UTF-8''a%0D%0AX-Admin%3A%201");
        assertThat(Tokens.headerValue(claims.get("zoe"))).isEqualTo("UTF-8''Zo%C3%AB");
        assertThat(Tokens.headerValue(claims.get("han"))).isEqualTo("UTF-8''%E5%BC%A0%E4%BC%9F");
        assertThat(Tokens.headerValue(claims.get("emoji"))).isEqualTo("UTF-8''a%F0%9F%98%80");
        assertThat(Tokens.headerValue(claims.get("pad"))).isEqualTo("UTF-8''%20admin%20");
        assertThat(Tokens.headerValue(claims.get("fake"))).as("a value that looks encoded is encoded")
                .isEqualTo("UTF-8''utf-8%27%27%2541");
    }

    @Test
    void aCookieIsRemovedFromEveryCookieFieldAndTheOthersStay() {
        HttpFields f = new HttpFields().add("Cookie", "a=1; jwt=x.y.z; b=2").add("Accept", "*/*").add("Cookie", "jwt=again")
                .add("Cookie", "jwtx=3");
        Tokens.removeCookie(f, "jwt");
        assertThat(f.all("Cookie")).containsExactly("a=1; b=2", "jwtx=3");
        assertThat(f.firstOrNull("Accept")).isEqualTo("*/*");
        HttpFields none = new HttpFields().add("Cookie", "a=1");
        Tokens.removeCookie(none, "jwt");
        assertThat(none.all("Cookie")).containsExactly("a=1");
    }

    @Test
    void headerNamesMustBeTokens() {
        assertThat(Tokens.isToken("X-User")).isTrue();
        assertThat(Tokens.isToken("X User")).isFalse();
        assertThat(Tokens.isToken("X:User")).isFalse();
        assertThat(Tokens.isToken("")).isFalse();
    }
}
