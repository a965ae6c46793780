package io.portico.http1;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.http.ProtocolException;
import io.portico.http.ProtocolException.Kind;
import io.portico.http.RequestHead;
import io.portico.io.ByteReader;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Request framing and head rules that two HTTP parsers could read differently, as data: each
 * case names the RFC section it checks and the outcome we hold to, accept (with the framing
 * found) or reject (with the error kind). Each runs whole and one byte per read.
 */
class SmugglingMatrixTest {

    sealed interface Outcome {
    }

    record Accept(BodyFraming framing) implements Outcome {
        @Override
        public String toString() {
            return "accept " + framing;
        }
    }

    record Reject(Kind kind) implements Outcome {
        @Override
        public String toString() {
            return "reject " + kind;
        }
    }

    record Case(String section, String name, String head, Outcome expected) {
        @Override
        public String toString() {
            return section + " " + name + " -> " + expected;
        }
    }

    private static final String LINE = "POST /submit HTTP/1.1\r\nHost: example.com\r\n";
    private static final Outcome CHUNKED = new Accept(BodyFraming.CHUNKED);
    private static final Outcome NO_BODY = new Accept(BodyFraming.NO_BODY);

    private static Outcome fixed(long n) {
        return new Accept(new BodyFraming.FixedLength(n));
    }

    private static Outcome reject(Kind kind) {
        return new Reject(kind);
    }

    private static Case c(String section, String name, String fields, Outcome expected) {
        return new Case(section, name, LINE + fields + "\r\n", expected);
    }

    static final List<Case> CASES = List.of(
        c("RFC9112 6.3", "plain chunked", "Transfer-Encoding: chunked\r\n", CHUNKED),
        c("RFC9112 6.3", "chunked in any case with OWS", "Transfer-Encoding: \t ChUnKeD \r\n", CHUNKED),
        c("RFC9112 6.3", "Content-Length alone", "Content-Length: 5\r\n", fixed(5)),
        c("RFC9112 6.3", "no framing means no body", "", NO_BODY),
        c("RFC9112 6.3", "Content-Length with leading zeros", "Content-Length: 007\r\n", fixed(7)),
        c("RFC9112 6.3", "CL then TE", "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", reject(Kind.SMUGGLING)),
        c("RFC9112 6.3", "TE then CL", "Transfer-Encoding: chunked\r\nContent-Length: 0\r\n", reject(Kind.SMUGGLING)),
        c("RFC9112 6.1", "chunked not final: chunked, gzip", "Transfer-Encoding: chunked, gzip\r\n", reject(Kind.SMUGGLING)),
        c("RFC9112 6.1", "chunked not final: chunked, identity", "Transfer-Encoding: chunked, identity\r\n", reject(Kind.SMUGGLING)),
        c("RFC9112 6.1", "chunked twice in one field", "Transfer-Encoding: chunked, chunked\r\n", reject(Kind.SMUGGLING)),
        c("RFC9112 6.1", "chunked twice over two fields", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n",
            reject(Kind.SMUGGLING)),
        c("RFC9112 6.1", "TE: identity", "Transfer-Encoding: identity\r\n", reject(Kind.SMUGGLING)),
        c("RFC9112 6.1", "TE: xchunked", "Transfer-Encoding: xchunked\r\n", reject(Kind.SMUGGLING)),
        c("RFC9112 6.1", "TE: chunked with a parameter", "Transfer-Encoding: chunked;q=1\r\n", reject(Kind.SMUGGLING)),
        c("RFC9112 6.1", "TE: empty", "Transfer-Encoding: \r\n", reject(Kind.SMUGGLING)),
        c("RFC9112 6.1", "TE: quoted chunked", "Transfer-Encoding: \"chunked\"\r\n", reject(Kind.SMUGGLING)),
        c("RFC9112 6.1", "gzip, chunked is not implemented", "Transfer-Encoding: gzip, chunked\r\n",
            reject(Kind.NOT_IMPLEMENTED)),
        c("RFC9112 6.1", "gzip then chunked over two fields", "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
            reject(Kind.NOT_IMPLEMENTED)),
        new Case("RFC9112 6.1", "TE in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", reject(Kind.SMUGGLING)),
        new Case("RFC9112 6.1", "TE and CL in HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n",
            reject(Kind.SMUGGLING)),
        c("RFC9110 8.6", "Content-Length: +5", "Content-Length: +5\r\n", reject(Kind.BAD_REQUEST)),
        c("RFC9110 8.6", "Content-Length: -1", "Content-Length: -1\r\n", reject(Kind.BAD_REQUEST)),
        c("RFC9110 8.6", "Content-Length: 0x5", "Content-Length: 0x5\r\n", reject(Kind.BAD_REQUEST)),
        c("RFC9110 8.6", "Content-Length: 5 5", "Content-Length: 5 5\r\n", reject(Kind.BAD_REQUEST)),
        c("RFC9110 8.6", "Content-Length empty", "Content-Length: \r\n", reject(Kind.BAD_REQUEST)),
        c("RFC9110 8.6", "Content-Length trailing comma", "Content-Length: 5,\r\n", reject(Kind.BAD_REQUEST)),
        c("RFC9110 8.6", "Content-Length overflow", "Content-Length: 99999999999999999999\r\n", reject(Kind.BAD_REQUEST)),
        c("RFC9110 8.6", "Content-Length: 5, 6", "Content-Length: 5, 6\r\n", reject(Kind.SMUGGLING)),
        c("RFC9110 8.6", "two differing Content-Length fields", "Content-Length: 5\r\nContent-Length: 6\r\n",
            reject(Kind.SMUGGLING)),
        c("RFC9110 8.6", "Content-Length: 5, 5 is one value", "Content-Length: 5, 5\r\n", fixed(5)),
        c("RFC9110 8.6", "two identical Content-Length fields", "Content-Length: 5\r\nContent-Length: 5\r\n", fixed(5)),
        c("RFC9112 5.1", "space before colon in Content-Length", "Content-Length : 5\r\n", reject(Kind.BAD_REQUEST)),
        c("RFC9112 5.1", "tab before colon in Transfer-Encoding", "Transfer-Encoding\t: chunked\r\n", reject(Kind.BAD_REQUEST)),
        c("RFC9112 5.1", "space inside a field name", "Content Length: 5\r\n", reject(Kind.BAD_REQUEST)),
        c("RFC9112 5.2", "obs-fold in a request", "Transfer-Encoding: gzip,\r\n chunked\r\n", reject(Kind.BAD_REQUEST)),
        new Case("RFC9112 2.2", "whitespace before the first field", "GET / HTTP/1.1\r\n Host: a\r\n\r\n", reject(Kind.BAD_REQUEST)),
        c("RFC9112 2.2", "bare CR in a field value", "X-A: a\rb\r\n", reject(Kind.BAD_REQUEST)),
        c("RFC9112 2.2", "bare CR as a line end", "X-A: a\rContent-Length: 5\r\n", reject(Kind.BAD_REQUEST)),
        new Case("RFC9112 2.2", "bare CR in the request line", "GET /\r HTTP/1.1\r\nHost: a\r\n\r\n", reject(Kind.BAD_REQUEST)),
        new Case("RFC9112 2.2", "lone LF line ends", "GET / HTTP/1.1\nHost: a\nContent-Length: 2\n\n", fixed(2)),
        c("RFC9110 5.5", "NUL in a field value", "X-A: a\u0000b\r\n", reject(Kind.BAD_REQUEST)),
        c("RFC9110 5.5", "NUL in a field name", "X\u0000A: b\r\n", reject(Kind.BAD_REQUEST)),
        new Case("RFC9112 3.2", "HTTP/1.1 without Host", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", reject(Kind.BAD_REQUEST)),
        c("RFC9112 3.2", "HTTP/1.1 with two Host fields", "Host: other.example\r\n", reject(Kind.BAD_REQUEST)),
        new Case("RFC9112 3.2", "HTTP/1.0 without Host", "GET / HTTP/1.0\r\n\r\n", NO_BODY),
        new Case("RFC9112 3", "request-target over the limit", "GET /" + "a".repeat(8192) + " HTTP/1.1\r\nHost: a\r\n\r\n",
            reject(Kind.URI_TOO_LONG)),
        new Case("RFC9112 3", "request-target at the limit", "GET /" + "a".repeat(8191) + " HTTP/1.1\r\nHost: a\r\n\r\n", NO_BODY),
        new Case("RFC9112 2.3", "unknown HTTP version", "GET / HTTP/3.0\r\nHost: a\r\n\r\n", reject(Kind.VERSION_NOT_SUPPORTED)),
        new Case("RFC9112 2.3", "garbage HTTP version", "GET / HTTP/1.1.1\r\nHost: a\r\n\r\n", reject(Kind.BAD_REQUEST)),
        c("RFC6585 5", "more fields than allowed", "X-N: 1\r\n".repeat(100), reject(Kind.TOO_MANY_HEADERS)),
        c("RFC6585 5", "head over the byte limit", "X-Big: " + "v".repeat(64 * 1024) + "\r\n", reject(Kind.HEADER_TOO_LARGE)));

    private static Outcome run(ByteReader in) throws IOException {
        try {
            RequestHead head = Http1Parser.parseRequest(in, Http1Limits.DEFAULTS);
            assertThat(head).isNotNull();
            return new Accept(Http1Framing.request(head));
        } catch (ProtocolException e) {
            return new Reject(e.kind());
        }
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("CASES")
    void eachCaseHasItsExpectedOutcomeWhole(Case c) throws IOException {
        assertThat(run(Wire.whole(c.head()))).isEqualTo(c.expected());
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("CASES")
    void eachCaseHasItsExpectedOutcomeOneByteAtATime(Case c) throws IOException {
        assertThat(run(Wire.oneByteAtATime(c.head()))).isEqualTo(c.expected());
    }
}
