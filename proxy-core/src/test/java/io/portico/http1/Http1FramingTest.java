package io.portico.http1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.http.ProtocolException;
import io.portico.http.ProtocolException.Kind;
import io.portico.http.ResponseHead;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

class Http1FramingTest {

    record Row(String method, String head, BodyFraming expected) {
        @Override
        public String toString() {
            return method + " -> " + head.lines().findFirst().orElse("") + " -> " + expected;
        }
    }

    private static final BodyFraming NONE = BodyFraming.NO_BODY;
    private static final BodyFraming CHUNKED = BodyFraming.CHUNKED;
    private static final BodyFraming CLOSE = BodyFraming.UNTIL_CLOSE;

    /** RFC 9112 §6.3, in order of precedence. */
    static final List<Row> RESPONSES = List.of(
        new Row("HEAD", "HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n", NONE),
        new Row("HEAD", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", NONE),
        new Row("GET", "HTTP/1.1 100 Continue\r\n\r\n", NONE),
        new Row("GET", "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n", NONE),
        new Row("GET", "HTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n", NONE),
        new Row("GET", "HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n", NONE),
        new Row("GET", "HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n", NONE),
        new Row("CONNECT", "HTTP/1.1 200 Connection Established\r\nContent-Length: 10\r\n\r\n", NONE),
        new Row("CONNECT", "HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 10\r\n\r\n",
            new BodyFraming.FixedLength(10)),
        new Row("GET", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n", CHUNKED),
        new Row("GET", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", CHUNKED),
        new Row("GET", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 10\r\n\r\n", CHUNKED),
        new Row("GET", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n", CLOSE),
        new Row("POST", "HTTP/1.1 201 Created\r\nContent-Length: 42\r\n\r\n", new BodyFraming.FixedLength(42)),
        new Row("GET", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", new BodyFraming.FixedLength(0)),
        new Row("GET", "HTTP/1.1 200 OK\r\nContent-Length: 7, 7\r\n\r\n", new BodyFraming.FixedLength(7)),
        new Row("GET", "HTTP/1.1 200 OK\r\n\r\n", CLOSE),
        new Row("GET", "HTTP/1.0 200 OK\r\n\r\n", CLOSE));

    @ParameterizedTest(name = "{0}")
    @FieldSource("RESPONSES")
    void responseFramingFollowsTheOrderOfRfc9112(Row row) throws IOException {
        assertThat(Http1Framing.response(row.method(), Wire.response(row.head()))).isEqualTo(row.expected());
    }

    @Test
    void aResponseWithTransferEncodingLosesItsContentLength() throws IOException {
        ResponseHead head = Wire.response("HTTP/1.1 200 OK\r\nContent-Length: 10\r\nTransfer-Encoding: chunked\r\n\r\n");

        Http1Framing.response("GET", head);

        assertThat(head.fields().contains("Content-Length")).isFalse();
    }

    @Test
    void unusableResponseFramingIsABadResponse() {
        for (String head : List.of(
            "HTTP/1.1 200 OK\r\nContent-Length: 5, 6\r\n\r\n",
            "HTTP/1.1 200 OK\r\nContent-Length: x\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked, chunked\r\n\r\n",
            "HTTP/1.1 200 OK\r\nTransfer-Encoding: \r\n\r\n",
            "HTTP/1.0 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")) {
            assertThatThrownBy(() -> Http1Framing.response("GET", Wire.response(head)))
                .as(head)
                .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE));
        }
    }

    @Test
    void http11KeepsTheConnectionUnlessConnectionSaysClose() throws IOException {
        assertThat(Http1Framing.keepAlive(Wire.request("GET / HTTP/1.1\r\nHost: a\r\n\r\n"))).isTrue();
        assertThat(Http1Framing.keepAlive(Wire.request("GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\n"))).isFalse();
        assertThat(Http1Framing.keepAlive(Wire.request("GET / HTTP/1.1\r\nHost: a\r\nConnection: upgrade ,\tclose\r\n\r\n")))
            .isFalse();
        assertThat(Http1Framing.keepAlive(Wire.request("GET / HTTP/1.1\r\nHost: a\r\nConnection: x\r\nConnection: CLOSE\r\n\r\n")))
            .isFalse();
        assertThat(Http1Framing.keepAlive(Wire.request("GET / HTTP/1.1\r\nHost: a\r\nConnection: closed, keep-alive\r\n\r\n")))
            .isTrue();
        assertThat(Http1Framing.keepAlive(Wire.response("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n"))).isFalse();
        assertThat(Http1Framing.keepAlive(Wire.response("HTTP/1.1 200 OK\r\n\r\n"))).isTrue();
    }

    @Test
    void http10KeepsTheConnectionOnlyWhenAskedTo() throws IOException {
        assertThat(Http1Framing.keepAlive(Wire.request("GET / HTTP/1.0\r\n\r\n"))).isFalse();
        assertThat(Http1Framing.keepAlive(Wire.request("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"))).isTrue();
        assertThat(Http1Framing.keepAlive(Wire.response("HTTP/1.0 200 OK\r\nConnection: keep-alive\r\n\r\n"))).isTrue();
        assertThat(Http1Framing.keepAlive(Wire.response("HTTP/1.0 200 OK\r\n\r\n"))).isFalse();
        assertThat(Http1Framing.keepAlive(Wire.response("HTTP/1.0 200 OK\r\nConnection: keep-alive, close\r\n\r\n"))).isFalse();
    }

    @Test
    void expectContinueIsRecognisedInHttp11Only() throws IOException {
        assertThat(Http1Framing.expectsContinue(Wire.request("PUT / HTTP/1.1\r\nHost: a\r\nExpect: 100-Continue\r\n\r\n"))).isTrue();
        assertThat(Http1Framing.expectsContinue(Wire.request("PUT / HTTP/1.1\r\nHost: a\r\n\r\n"))).isFalse();
        assertThat(Http1Framing.expectsContinue(Wire.request("PUT / HTTP/1.1\r\nHost: a\r\nExpect: 200-ok\r\n\r\n"))).isFalse();
        assertThat(Http1Framing.expectsContinue(Wire.request("PUT / HTTP/1.0\r\nExpect: 100-continue\r\n\r\n"))).isFalse();
    }
}
