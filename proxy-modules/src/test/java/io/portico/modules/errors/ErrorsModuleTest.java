package io.portico.modules.errors;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.http.HttpFields;
import io.portico.http.HttpVersion;
import io.portico.http.ResponseHead;
import io.portico.module.CallbackPoint;
import io.portico.module.Response;
import io.portico.module.ResponseHandler;
import io.portico.module.Verdict;
import io.portico.testing.ModuleHarness;
import io.portico.testing.ModuleHarness.Loaded;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ErrorsModuleTest {
    @TempDir
    Path dir;

    private static final CallbackPoint<ResponseHandler> READ = CallbackPoint.HANDLE_READ_RESPONSE;

    private static Loaded load(String toml) {
        return ModuleHarness.loadFromConfig(new ErrorsModule(), toml);
    }

    /** A response head as the server shows it; the module never streams, so the body methods are unused. */
    private static Response response(int status, String... fields) {
        HttpFields f = new HttpFields();
        for (int i = 0; i < fields.length; i += 2) {
            f.add(fields[i], fields[i + 1]);
        }
        ResponseHead[] head = {new ResponseHead(HttpVersion.HTTP_1_1, status, "", f)};
        return new Response() {
            @Override
            public ResponseHead head() {
                return head[0];
            }

            @Override
            public void head(ResponseHead h) {
                head[0] = h;
            }

            @Override
            public void replaceBody(byte[] body) {
                throw new AssertionError("not expected");
            }

            @Override
            public void transformBody(UnaryOperator<OutputStream> wrapper) {
                throw new AssertionError("not expected");
            }
        };
    }

    @Test
    void theFirstMatchingRuleAnswersWithItsBodyUnderTheOriginalStatus() {
        Loaded m = load("""
                [[modules.errors.rule]]
                status = [502, 503]
                body = "<h1>down</h1>"
                [[modules.errors.rule]]
                status = "5xx"
                body = "other"
                content_type = "text/plain"
                """);
        assertThat(m.errors()).isEmpty();
        Verdict.Respond r = (Verdict.Respond) m.handler(READ).handle(null, response(503, "Retry-After", "5", "X-Backend", "b1"));
        assertThat(r.status()).isEqualTo(503);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("<h1>down</h1>");
        assertThat(r.headers().firstOrNull("Content-Type")).isEqualTo("text/html; charset=utf-8");
        assertThat(r.headers().firstOrNull("Retry-After")).isEqualTo("5");
        assertThat(r.headers().contains("X-Backend")).isFalse();
        Verdict.Respond other = (Verdict.Respond) m.handler(READ).handle(null, response(500));
        assertThat(other.body()).isEqualTo("other".getBytes(StandardCharsets.US_ASCII));
        assertThat(other.headers().firstOrNull("Content-Type")).isEqualTo("text/plain");
    }

    @Test
    void statusesNoRuleTakesGoOnUntouched() {
        Loaded m = load("""
                [[modules.errors.rule]]
                status = "404"
                body = "nope"
                """);
        assertThat(m.handler(READ).handle(null, response(200))).isEqualTo(Verdict.CONTINUE);
        assertThat(m.handler(READ).handle(null, response(502))).isEqualTo(Verdict.CONTINUE);
        assertThat(m.handler(READ).handle(null, response(304))).isEqualTo(Verdict.CONTINUE);
    }

    @Test
    void aRedirectRuleAnswersWithItsLocationAndStatus() {
        Loaded m = load("""
                [[modules.errors.rule]]
                status = "4xx"
                redirect = "https://example.com/help"
                [[modules.errors.rule]]
                status = "5xx"
                redirect = "/maintenance"
                redirect_status = 307
                """);
        Verdict.Respond found = (Verdict.Respond) m.handler(READ).handle(null, response(404));
        assertThat(found.status()).isEqualTo(302);
        assertThat(found.headers().firstOrNull("Location")).isEqualTo("https://example.com/help");
        assertThat(found.body()).isEmpty();
        assertThat(((Verdict.Respond) m.handler(READ).handle(null, response(504))).status()).isEqualTo(307);
    }

    @Test
    void aFileBodyIsReadOnceAtLoad() throws Exception {
        Path page = Files.writeString(dir.resolve("50x.html"), "<p>later</p>");
        Loaded m = load("""
                [[modules.errors.rule]]
                status = "5xx"
                file = "%s"
                """.formatted(page));
        Files.writeString(page, "changed");
        Verdict.Respond r = (Verdict.Respond) m.handler(READ).handle(null, response(502));
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("<p>later</p>");
    }

    @Test
    void badRulesAreLocatedErrors() throws Exception {
        Path big = dir.resolve("big.html");
        Files.write(big, new byte[(int) ErrorsModule.MAX_FILE_BYTES + 1]);
        Loaded m = load("""
                [modules.errors]
                colour = "red"
                [[modules.errors.rule]]
                status = "302"
                body = "x"
                [[modules.errors.rule]]
                status = "5xx"
                body = "x"
                redirect = "/y"
                [[modules.errors.rule]]
                body = "x"
                condition = "nonsense("
                [[modules.errors.rule]]
                status = "5xx"
                redirect = "/y"
                redirect_status = 200
                [[modules.errors.rule]]
                status = "5xx"
                file = "%s"
                [[modules.errors.rule]]
                status = "5xx"
                file = "%s"
                """.formatted(dir.resolve("missing.html"), big));
        assertThat(m.errors()).anySatisfy(e -> assertThat(e).isEqualTo("portico.toml:2: modules.errors.colour: unknown key (known: rule)"))
                .anySatisfy(e -> assertThat(e).matches("portico\\.toml:4: modules\\.errors\\.rule\\[0\\]\\.status: 302 is not an error status.*"))
                .anySatisfy(e -> assertThat(e).contains("modules.errors.rule[1].redirect: a rule needs exactly one of body, file or redirect"))
                .anySatisfy(e -> assertThat(e).contains("modules.errors.rule[2].status: required"))
                .anySatisfy(e -> assertThat(e).contains("modules.errors.rule[2].condition: bad condition"))
                .anySatisfy(e -> assertThat(e).contains("modules.errors.rule[3].redirect_status: expected 301, 302, 303, 307 or 308, got 200"))
                .anySatisfy(e -> assertThat(e).contains("modules.errors.rule[4].file: cannot read"))
                .anySatisfy(e -> assertThat(e).contains("modules.errors.rule[5].file: \"" + big + "\" has 1048577 bytes"));
        assertThat(m.table().has(CallbackPoint.HANDLE_READ_RESPONSE)).isFalse();
    }

    @Test
    void atLeastOneRuleIsRequired() {
        assertThat(load("[modules.errors]\n").errors()).singleElement().asString()
                .contains("modules.errors.rule: expected at least one [[modules.errors.rule]]");
    }

    @Test
    void bodyStatusAnswersUnderItsOwnStatusAndAProductRuleTakesOnlyItsProduct() {
        Loaded m = load("""
                [[modules.errors.rule]]
                status = "404"
                product = "www"
                body = "not here"
                body_status = 200
                """);
        assertThat(m.errors()).isEmpty();
        Verdict.Respond www = (Verdict.Respond) m.handler(READ).handle(io.portico.testing.FakeRequest.fromClient("/", "192.0.2.1", "www"),
                response(404));
        assertThat(www.status()).isEqualTo(200);
        assertThat(new String(www.body(), StandardCharsets.UTF_8)).isEqualTo("not here");
        assertThat(m.handler(READ).handle(io.portico.testing.FakeRequest.fromClient("/", "192.0.2.1", "api"), response(404)))
                .isEqualTo(Verdict.CONTINUE);
    }

    @Test
    void bodyStatusIsCheckedAndOnlyTakenWithABody() {
        assertThat(load("""
                [[modules.errors.rule]]
                status = "404"
                body = "x"
                body_status = 302
                """).errors()).anyMatch(e -> e.contains("body_status: expected a 2xx, 4xx or 5xx status"));
        assertThat(load("""
                [[modules.errors.rule]]
                status = "404"
                redirect = "/x"
                body_status = 200
                """).errors()).anyMatch(e -> e.contains("body_status: only with body or file"));
    }
}
