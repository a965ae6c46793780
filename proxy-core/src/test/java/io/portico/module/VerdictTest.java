package io.portico.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.http.HttpFields;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class VerdictTest {

    @Test
    void aRedirectAcceptsOnlyTheFiveRedirectStatuses() {
        for (int status : new int[] {301, 302, 303, 307, 308}) {
            assertThat(Verdict.redirect(status, "/next").status()).isEqualTo(status);
        }
        for (int status : new int[] {200, 300, 304, 305, 306, 309, 404}) {
            assertThatThrownBy(() -> new Verdict.Redirect(status, "/next"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(Integer.toString(status));
        }
    }

    @Test
    void aRedirectWithoutStatusIsAFound() {
        assertThat(Verdict.redirect("https://example.com/")).isEqualTo(new Verdict.Redirect(302, "https://example.com/"));
    }

    @Test
    void aRedirectLocationMustBeOneNonEmptyLine() {
        assertThatThrownBy(() -> Verdict.redirect(302, "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Verdict.redirect(302, "/a\r\nSet-Cookie: x=1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Verdict.redirect(302, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void anAnswerCarriesAFinalStatus() {
        assertThatThrownBy(() -> Verdict.respond(101, "upgrade")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Verdict.finish(600, "odd")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Verdict.respond(599, "edge").status()).isEqualTo(599);
        assertThat(Verdict.finish(200, "ok").status()).isEqualTo(200);
    }

    @Test
    void noContentAndNotModifiedAnswersHaveNoBody() {
        assertThatThrownBy(() -> Verdict.respond(204, "text")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Verdict.finish(304, new HttpFields(), new byte[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(Verdict.respond(204, new HttpFields(), null).body()).isEmpty();
        assertThat(Verdict.respond(304, "").body()).isEmpty();
    }

    @Test
    void aTextAnswerIsUtf8PlainText() {
        Verdict.Respond r = Verdict.respond(403, "verboten – ß");
        assertThat(r.headers().first("content-type")).contains("text/plain; charset=utf-8");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo("verboten – ß");
        Verdict.Finish f = Verdict.finish(400, "bye");
        assertThat(f.headers().first("Content-Type")).contains("text/plain; charset=utf-8");
        assertThat(f.body()).isEqualTo("bye".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void missingHeadersAndBodyBecomeEmpty() {
        Verdict.Finish f = new Verdict.Finish(500, null, null);
        assertThat(f.headers().isEmpty()).isTrue();
        assertThat(f.body()).isEmpty();
    }

    @Test
    void aStreamedAnswerIsValidatedLikeAnInMemoryOne() {
        Verdict.BodyWriter nothing = out -> { };
        assertThatThrownBy(() -> Verdict.stream(101, null, 0, nothing)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Verdict.stream(600, null, 0, nothing)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Verdict.stream(204, null, 0, nothing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("204");
        assertThatThrownBy(() -> Verdict.stream(304, null, -1, nothing)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Verdict.stream(200, null, -2, nothing)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-2");
        assertThatThrownBy(() -> Verdict.stream(200, null, 0, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void aStreamedAnswerKeepsItsLengthAndWriterAndDefaultsItsHeaders() throws IOException {
        Verdict.Stream s = Verdict.stream(206, null, 5, out -> out.write("hello".getBytes(StandardCharsets.US_ASCII)));
        assertThat(s.headers().isEmpty()).isTrue();
        assertThat(s.length()).isEqualTo(5);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        s.body().writeTo(sink);
        assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(Verdict.stream(200, new HttpFields(), -1, out -> { }).length()).isEqualTo(-1);
    }

    @Test
    void continueAndCloseAreValuesEqualToTheirConstants() {
        assertThat(new Verdict.Continue()).isEqualTo(Verdict.CONTINUE);
        assertThat(new Verdict.Close()).isEqualTo(Verdict.CLOSE);
        assertThat(Verdict.CONTINUE).isNotEqualTo(Verdict.CLOSE);
    }

    @Test
    void theServerCanSwitchOverEveryVerdictExhaustively() {
        assertThat(describe(Verdict.CONTINUE)).isEqualTo("continue");
        assertThat(describe(Verdict.respond(200, "x"))).isEqualTo("respond 200");
        assertThat(describe(Verdict.stream(200, null, 1, out -> out.write('x')))).isEqualTo("stream 200 1");
        assertThat(describe(Verdict.redirect(307, "/y"))).isEqualTo("redirect 307 /y");
        assertThat(describe(Verdict.finish(503, "z"))).isEqualTo("finish 503");
        assertThat(describe(Verdict.CLOSE)).isEqualTo("close");
    }

    // No default branch: adding a sixth verdict would stop this compiling.
    private static String describe(Verdict v) {
        return switch (v) {
            case Verdict.Continue c -> "continue";
            case Verdict.Respond r -> "respond " + r.status();
            case Verdict.Stream s -> "stream " + s.status() + " " + s.length();
            case Verdict.Redirect r -> "redirect " + r.status() + " " + r.location();
            case Verdict.Finish f -> "finish " + f.status();
            case Verdict.Close c -> "close";
        };
    }
}
