package io.portico.modules.authbasic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.http.HttpFields;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Checks against hashes written by the real htpasswd 2.4 (apache2-utils), generated once with:
 * <pre>
 * htpasswd -c -b -B -C 5 htpasswd alice wonderland
 * htpasswd -b -m htpasswd bob builder
 * htpasswd -b -s htpasswd carol s3cret
 * htpasswd -b -B -C 4 htpasswd dave xxxx...x   (80 times x)
 * htpasswd -b -m htpasswd émile pässwörd        (UTF-8)
 * htpasswd -b -m htpasswd empty ''
 * htpasswd -b -B -C 4 htpasswd erin bcrypt2a    (then $2y$ → $2a$: same algorithm)
 * htpasswd -b -B -C 4 htpasswd frank bcrypt2b   (then $2y$ → $2b$)
 * htpasswd -b -m htpasswd gina 'a-much-longer-password-of-forty-chars!!'
 * </pre>
 */
class HtpasswdFileTest {

    static List<String> fixtureLines() throws Exception {
        try (InputStream in = HtpasswdFileTest.class.getResourceAsStream("htpasswd")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static Htpasswd fixture() throws Exception {
        List<String> problems = new ArrayList<>();
        Htpasswd users = Htpasswd.parse(fixtureLines(), (line, p) -> problems.add(line + ": " + p));
        assertThat(problems).isEmpty();
        return users;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void everyHashFormatHtpasswdWritesVerifiesItsPasswordAndNoOther() throws Exception {
        Htpasswd users = fixture();
        String[][] right = {{"alice", "wonderland"}, {"bob", "builder"}, {"carol", "s3cret"}, {"dave", "x".repeat(80)},
                {"émile", "pässwörd"}, {"empty", ""}, {"erin", "bcrypt2a"}, {"frank", "bcrypt2b"},
                {"gina", "a-much-longer-password-of-forty-chars!!"}};
        for (String[] u : right) {
            assertThat(users.check(u[0], utf8(u[1]))).as(u[0]).isTrue();
            assertThat(users.check(u[0], utf8("!" + u[1]))).as(u[0] + " with a wrong password").isFalse();
        }
        assertThat(users.check("alice", utf8("Wonderland"))).isFalse();
        assertThat(users.check("carol", utf8(""))).isFalse();
        assertThat(users.check("nobody", utf8("wonderland"))).isFalse();
        assertThat(users.check("Alice", utf8("wonderland"))).as("user names are case-sensitive").isFalse();
    }

    @Test
    void bcryptCountsOnlyTheFirst72BytesAsHtpasswdDoes() throws Exception {
        Htpasswd users = fixture();
        assertThat(users.check("dave", utf8("x".repeat(72)))).isTrue();
        assertThat(users.check("dave", utf8("x".repeat(72) + "anything"))).isTrue();
        assertThat(users.check("dave", utf8("x".repeat(71)))).isFalse();
    }

    @Test
    void apr1ReproducesHtpasswdHashesExactly() throws Exception {
        for (String line : fixtureLines()) {
            int colon = line.indexOf(':');
            if (line.startsWith("bob:")) {
                assertThat(Apr1.crypt(utf8("builder"), "BP/IGY/S")).isEqualTo(line.substring(colon + 1));
            }
            if (line.startsWith("gina:")) {
                String hash = line.substring(colon + 1);
                assertThat(Apr1.crypt(utf8("a-much-longer-password-of-forty-chars!!"), hash.substring(6, 14))).isEqualTo(hash);
            }
        }
        assertThat(Apr1.crypt(utf8("builder"), "BP/IGY/S-and-more")).as("salt is cut to 8").startsWith("$apr1$BP/IGY/S$");
    }

    @Test
    void badLinesAreReportedWithTheirNumberAndSkipped() {
        List<String> problems = new ArrayList<>();
        Htpasswd users = Htpasswd.parse(List.of("# comment", "", "plain:secret", "des:rXqd9ZBOkYrE6",
                "nohash", ":{SHA}x", "short:{SHA}AAAA", "bad:$apr1$salt", "b2:$2y$05$tooShort",
                "carol:{SHA}/vNB+F2HQ559kaLUZbmHHvZrXpg=", "carol:{SHA}/vNB+F2HQ559kaLUZbmHHvZrXpg="),
                (line, p) -> problems.add(line + ": " + p));
        assertThat(users.size()).isEqualTo(1);
        assertThat(problems).containsExactly(
                "3: user \"plain\": unsupported password hash: use bcrypt (htpasswd -B), apr1 (htpasswd -m) or SHA-1 (htpasswd -s)",
                "4: user \"des\": unsupported password hash: use bcrypt (htpasswd -B), apr1 (htpasswd -m) or SHA-1 (htpasswd -s)",
                "5: expected user:hash",
                "6: expected user:hash",
                "7: user \"short\": malformed {SHA} hash: expected base64 of 20 bytes",
                "8: user \"bad\": malformed $apr1$ hash",
                "9: user \"b2\": malformed bcrypt hash",
                "11: user \"carol\" is listed twice");
    }

    @Test
    void unsupportedFormatsAreRefused() {
        assertThatThrownBy(() -> PasswordHash.parse("$1$abc$def")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PasswordHash.parse("$5$rounds=5000$x")).isInstanceOf(IllegalArgumentException.class);
    }

    private static boolean authorized(Htpasswd users, String... authorization) {
        HttpFields f = new HttpFields();
        for (String a : authorization) {
            f.add("Authorization", a);
        }
        return AuthBasicModule.authorized(f, users, new VerifiedCredentials());
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(utf8(credentials));
    }

    @Test
    void theAuthorizationFieldIsReadStrictly() throws Exception {
        Htpasswd users = fixture();
        assertThat(authorized(users, basic("carol:s3cret"))).isTrue();
        assertThat(authorized(users, "basic  " + basic("carol:s3cret").substring(6))).as("scheme is case-insensitive").isTrue();
        assertThat(authorized(users, basic("émile:pässwörd"))).as("UTF-8 credentials").isTrue();
        assertThat(authorized(users, basic("carol:s3cret:x"))).as("the password may hold colons; this one is wrong").isFalse();
        assertThat(authorized(users)).isFalse();
        assertThat(authorized(users, basic("carol:s3cret"), basic("carol:s3cret"))).as("two fields").isFalse();
        assertThat(authorized(users, "Bearer abc")).isFalse();
        assertThat(authorized(users, "Basic")).isFalse();
        assertThat(authorized(users, "Basic !!!notbase64")).isFalse();
        assertThat(authorized(users, basic("carols3cret"))).as("no colon").isFalse();
        assertThat(authorized(users, basic(":s3cret"))).as("empty user").isFalse();
    }
}
