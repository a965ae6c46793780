package io.portico.http1;

import static io.portico.http1.Wire.response;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.http.HttpVersion;
import io.portico.http.ProtocolException;
import io.portico.http.ProtocolException.Kind;
import io.portico.http.ResponseHead;
import io.portico.io.ByteReader;
import java.io.EOFException;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class ResponseParserTest {

    private static Kind kindOf(String raw) {
        try {
            response(raw);
        } catch (ProtocolException e) {
            return e.kind();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted: " + raw);
    }

    @Test
    void aStatusLineAndFieldsAreParsed() throws IOException {
        ResponseHead head = response("HTTP/1.1 404 Not Found\r\nContent-Length: 3\r\nServer: x\r\n\r\n");

        assertThat(head.version()).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(head.status()).isEqualTo(404);
        assertThat(head.reason()).isSameAs("Not Found");
        assertThat(head.fields().firstOrNull("content-length")).isEqualTo("3");
        assertThat(head.fields().name(1)).isSameAs("Server");
    }

    @Test
    void aNonStandardReasonIsKeptAsSent() throws IOException {
        assertThat(response("HTTP/1.0 200 Alright then\r\n\r\n").reason()).isEqualTo("Alright then");
        assertThat(response("HTTP/1.1 200 ok\r\n\r\n").reason()).isEqualTo("ok");
        assertThat(response("HTTP/1.1 299 Custom \u00e9\r\n\r\n").reason()).isEqualTo("Custom \u00e9");
    }

    @Test
    void aMissingReasonIsAcceptedWithOrWithoutItsSpace() throws IOException {
        assertThat(response("HTTP/1.1 204\r\n\r\n").reason()).isEmpty();
        assertThat(response("HTTP/1.1 204 \r\n\r\n").reason()).isEmpty();
        assertThat(response("HTTP/1.1 204\n\n").status()).isEqualTo(204);
    }

    @Test
    void anObsFoldInAResponseBecomesOneSpace() throws IOException {
        ResponseHead head = response("HTTP/1.1 200 OK\r\nX-Folded: first \r\n  second\r\n\tthird\r\nNext: n\r\n\r\n");

        assertThat(head.fields().firstOrNull("X-Folded")).isEqualTo("first second third");
        assertThat(head.fields().firstOrNull("Next")).isEqualTo("n");
        assertThat(head.fields().size()).isEqualTo(2);
    }

    @Test
    void anObsFoldOfOnlyWhitespaceLeavesTheValueAlone() throws IOException {
        ResponseHead head = response("HTTP/1.1 200 OK\r\nX: v\r\n   \r\n\r\n");

        assertThat(head.fields().firstOrNull("X")).isEqualTo("v");
    }

    @Test
    void malformedStatusLinesAreBadResponses() {
        assertThat(kindOf("HTTP/1.1 20 OK\r\n\r\n")).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(kindOf("HTTP/1.1 2000 OK\r\n\r\n")).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(kindOf("HTTP/1.1 099 Low\r\n\r\n")).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(kindOf("HTTP/1.1 600 High\r\n\r\n")).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(kindOf("HTTP/1.1 2x0 OK\r\n\r\n")).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(kindOf("HTTP/2.0 200 OK\r\n\r\n")).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(kindOf("HTTP/1.1  200 OK\r\n\r\n")).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(kindOf("ICY 200 OK\r\n\r\n")).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(kindOf("\r\nHTTP/1.1 200 OK\r\n\r\n")).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(kindOf("HTTP/1.1 200 O\rK\r\n\r\n")).isEqualTo(Kind.BAD_RESPONSE);
    }

    @Test
    void everyFieldErrorInAResponseIsABadResponse() {
        assertThat(kindOf("HTTP/1.1 200 OK\r\n  fold-first\r\n\r\n")).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(kindOf("HTTP/1.1 200 OK\r\nX : y\r\n\r\n")).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(kindOf("HTTP/1.1 200 OK\r\nX: a\u0000b\r\n\r\n")).isEqualTo(Kind.BAD_RESPONSE);
        assertThat(kindOf("HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n")).isEqualTo(Kind.BAD_RESPONSE);

        Http1Limits small = new Http1Limits(64, 10, 2);
        assertThatThrownBy(() -> Http1Parser.parseResponse(Wire.whole("HTTP/1.1 200 OK\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n"), small))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE));
        assertThatThrownBy(() -> Http1Parser.parseResponse(Wire.whole("HTTP/1.1 200 OK\r\nA: " + "x".repeat(100) + "\r\n\r\n"), small))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE));
    }

    @Test
    void aStatusLinePastTheHeadLimitIsABadResponse() {
        assertThatThrownBy(() -> Http1Parser.parseResponse(Wire.whole("HTTP/1.1 200 " + "O".repeat(100) + "\r\n\r\n"),
                new Http1Limits(64, 10, 10)))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE))
            .hasMessageContaining("status line over the head limit");
    }

    @Test
    void aMalformedVersionInTheStatusLineIsABadResponse() {
        for (String version : new String[] {"HTTP/1x1", "HTTP-1.1", "HTTP/a.1", "HTTP/1.b", "http/1.1", "XTTP/1.1"}) {
            assertThatThrownBy(() -> response(version + " 200 OK\r\n\r\n")).as(version)
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE))
                .hasMessageContaining("malformed HTTP version");
        }
        assertThatThrownBy(() -> response("HTTP/1.2 200 OK\r\n\r\n"))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE))
            .hasMessageContaining("unsupported version HTTP/1.2");
    }

    @Test
    void aBackendThatClosesBeforeAnyByteIsAnEofWithNothingConsumed() {
        ByteReader in = Wire.whole("");

        assertThatThrownBy(() -> Http1Parser.parseResponse(in, Http1Limits.DEFAULTS)).isInstanceOf(EOFException.class);
        assertThat(in.consumed()).isZero();
    }

    @Test
    void aBackendThatClosesInsideTheHeadIsAnEof() {
        assertThatThrownBy(() -> response("HTTP/1.1 200 OK\r\nA: b")).isInstanceOf(EOFException.class);
    }
}
