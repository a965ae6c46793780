package io.portico.http1;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.io.ByteReader;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/** Parses the same bytes whole and one byte per read; the outcomes must be identical. */
class DifferentialParseTest {

    static final List<String> REQUESTS = List.of(
        "GET / HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET /x?y=z HTTP/1.1\r\nHost: example.com\r\nUser-Agent: curl/8\r\nAccept: */*\r\n\r\n",
        "\r\n\r\nPOST /p HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\nbody",
        "GET / HTTP/1.0\n\n",
        "GET / HTTP/1.1\nHost: a\nX:  v  \n\n",
        "GET /\u00e9 HTTP/1.1\r\nHost: a\r\nX: \u00ff\u0080\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX : y\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX: y\r\n z\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX: a\rb\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX: a\u0000b\r\n\r\n",
        "GET / HTTP/1.1\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n",
        "GET / HTTP/2.0\r\n\r\n",
        "GET / HTTQ/1.1\r\n\r\n",
        "GET /" + "a".repeat(9000) + " HTTP/1.1\r\nHost: a\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\nX: " + "b".repeat(70_000) + "\r\n\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\n" + "X: 1\r\n".repeat(100) + "\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\n",
        "GET / HTTP/1.1\r\nHost: a\r\n\r",
        "",
        "\r\n",
        "GET\r\n\r\n");

    static final List<String> RESPONSES = List.of(
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok",
        "HTTP/1.1 204\r\n\r\n",
        "HTTP/1.0 302 Found\nLocation: /x\n\n",
        "HTTP/1.1 200 Fine\r\nX: a\r\n\tb\r\n\r\n",
        "HTTP/1.1 200 OK\r\n fold-first\r\n\r\n",
        "HTTP/1.1 20 OK\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX: a\rb\r\n\r\n",
        "HTTP/1.1 200 OK\r\nX",
        "");

    private static void same(String raw, Function<ByteReader, String> run) {
        String whole = run.apply(Wire.whole(raw));
        String oneByte = run.apply(Wire.oneByteAtATime(raw));
        assertThat(oneByte).as("one byte at a time").isEqualTo(whole);
    }

    @ParameterizedTest
    @FieldSource("REQUESTS")
    void aRequestParsesTheSameWholeAndOneByteAtATime(String raw) {
        same(raw, in -> Wire.outcome(in, r -> Http1Parser.parseRequest(r, Http1Limits.DEFAULTS)));
    }

    @ParameterizedTest
    @FieldSource("RESPONSES")
    void aResponseParsesTheSameWholeAndOneByteAtATime(String raw) {
        same(raw, in -> Wire.outcome(in, r -> Http1Parser.parseResponse(r, Http1Limits.DEFAULTS)));
    }

    @ParameterizedTest
    @FieldSource("REQUESTS")
    void everyRequestOutcomeIsAHeadAnErrorKindAnEofOrNull(String raw) {
        String outcome = Wire.outcome(Wire.whole(raw), r -> Http1Parser.parseRequest(r, Http1Limits.DEFAULTS));
        assertThat(outcome).doesNotStartWith("io ");
    }
}
