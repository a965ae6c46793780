package io.portico.http1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.http.ProtocolException;
import io.portico.http.ProtocolException.Kind;
import io.portico.io.ByteReader;
import java.io.EOFException;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.api.Test;

class ChunkedInputStreamTest {

    private static ChunkedInputStream chunked(ByteReader in) {
        return new ChunkedInputStream(in, Http1Limits.DEFAULTS, false);
    }

    private static String decode(String body) throws IOException {
        return Wire.text(chunked(Wire.whole(body)).readAllBytes());
    }

    @Test
    void chunksAreJoinedAndTheReaderStopsRightAfterTheBody() throws IOException {
        ByteReader in = Wire.whole("5\r\nhello\r\n7\r\n, world\r\n0\r\n\r\nNEXT");
        ChunkedInputStream body = chunked(in);

        assertThat(Wire.text(body.readAllBytes())).isEqualTo("hello, world");
        assertThat(body.trailers().isEmpty()).isTrue();
        assertThat(in.buffered()).isEqualTo(4);
        assertThat(body.read()).isEqualTo(-1);
    }

    @Test
    void chunkSizesAreHexInEitherCaseWithLeadingZerosAllowed() throws IOException {
        String data = "x".repeat(0x1A);
        assertThat(decode("1a\r\n" + data + "\r\n0\r\n\r\n")).isEqualTo(data);
        assertThat(decode("001A\r\n" + data + "\r\n000\r\n\r\n")).isEqualTo(data);
    }

    @Test
    void chunkExtensionsAreValidatedAndDropped() throws IOException {
        String body = "3;name=value\r\nabc\r\n"
            + "2 ; a ; b = \"q;u\\\"o\\\\ted\" ;c=t\r\nde\r\n"
            + "0;last\r\n\r\n";

        assertThat(decode(body)).isEqualTo("abcde");
    }

    @Test
    void trailerFieldsAreExposedAfterTheBody() throws IOException {
        ChunkedInputStream body = chunked(Wire.whole("4\r\ndata\r\n0\r\nX-Checksum: abc \r\nServer-Timing: db;dur=5\r\n\r\n"));

        assertThat(body.trailers().isEmpty()).isTrue();
        assertThat(Wire.text(body.readAllBytes())).isEqualTo("data");
        assertThat(Wire.fields(body.trailers())).isEqualTo("<X-Checksum><abc>\n<Server-Timing><db;dur=5>\n");
    }

    @Test
    void singleByteReadsAndSkipsWalkThroughChunkBoundaries() throws IOException {
        ChunkedInputStream body = chunked(Wire.oneByteAtATime("2\r\nab\r\n3\r\ncde\r\n0\r\n\r\n"));

        assertThat(body.read()).isEqualTo('a');
        assertThat(body.skip(2)).isEqualTo(1);
        assertThat(body.skip(1)).isEqualTo(1);
        assertThat(body.read()).isEqualTo('d');
        assertThat(body.read()).isEqualTo('e');
        assertThat(body.read()).isEqualTo(-1);
        assertThat(body.skip(5)).isZero();
    }

    @Test
    void availableCountsOnlyBufferedDataOfTheCurrentChunk() throws IOException {
        ChunkedInputStream body = chunked(Wire.whole("4\r\nabcd\r\n0\r\n\r\n"));

        assertThat(body.available()).isZero();
        assertThat(body.read()).isEqualTo('a');
        assertThat(body.available()).isEqualTo(3);
    }

    record Bad(String name, String body) {
        @Override
        public String toString() {
            return name;
        }
    }

    static final List<Bad> MALFORMED = List.of(
        new Bad("empty size line", "\r\nabc\r\n0\r\n\r\n"),
        new Bad("size not hex", "g\r\nabc\r\n0\r\n\r\n"),
        new Bad("size with a sign", "+3\r\nabc\r\n0\r\n\r\n"),
        new Bad("size with 0x", "0x3\r\nabc\r\n0\r\n\r\n"),
        new Bad("size overflows a long", "10000000000000000\r\n"),
        new Bad("whitespace after the size", "3 \r\nabc\r\n0\r\n\r\n"),
        new Bad("whitespace before the size", " 3\r\nabc\r\n0\r\n\r\n"),
        new Bad("size line ended by a lone LF", "3\nabc\r\n0\r\n\r\n"),
        new Bad("bare CR in the size line", "3\rx\r\nabc\r\n0\r\n\r\n"),
        new Bad("data followed by LF only", "3\r\nabc\n0\r\n\r\n"),
        new Bad("data followed by nothing like CRLF", "3\r\nabcd\r\n0\r\n\r\n"),
        new Bad("data followed by CR and junk", "3\r\nabc\rX0\r\n\r\n"),
        new Bad("extension without a name", "3;\r\nabc\r\n0\r\n\r\n"),
        new Bad("extension with an empty value", "3;a=\r\nabc\r\n0\r\n\r\n"),
        new Bad("extension with an unterminated quote", "3;a=\"x\r\nabc\r\n0\r\n\r\n"),
        new Bad("extension with a control byte", "3;a=\"x\u0001\"\r\nabc\r\n0\r\n\r\n"),
        new Bad("extension line over the limit", "3;a=" + "v".repeat(5000) + "\r\nabc\r\n0\r\n\r\n"),
        new Bad("trailer with space before the colon", "0\r\nX : y\r\n\r\n"),
        new Bad("trailer with a NUL", "0\r\nX: a\u0000b\r\n\r\n"),
        new Bad("trailer section ended by a lone LF", "0\r\nX: a\r\n\n"));

    @ParameterizedTest(name = "{0}")
    @FieldSource("MALFORMED")
    void malformedChunkedBodiesAreBadRequests(Bad bad) {
        assertThatThrownBy(() -> chunked(Wire.whole(bad.body())).readAllBytes())
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST));
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("MALFORMED")
    void malformedChunkedBodiesFromABackendAreBadResponses(Bad bad) {
        ChunkedInputStream body = new ChunkedInputStream(Wire.oneByteAtATime(bad.body()), Http1Limits.DEFAULTS, true);
        assertThatThrownBy(body::readAllBytes)
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_RESPONSE));
    }

    @Test
    void anObsFoldInTrailersIsRejectedFromAClientAndUnfoldedFromABackend() throws IOException {
        String body = "0\r\nX: a\r\n b\r\n\r\n";
        assertThatThrownBy(() -> chunked(Wire.whole(body)).readAllBytes())
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.BAD_REQUEST));

        ChunkedInputStream fromBackend = new ChunkedInputStream(Wire.whole(body), Http1Limits.DEFAULTS, true);
        fromBackend.readAllBytes();
        assertThat(fromBackend.trailers().firstOrNull("X")).isEqualTo("a b");
    }

    static final List<Bad> TRUNCATED = List.of(
        new Bad("nothing at all", ""),
        new Bad("inside the size line", "1"),
        new Bad("inside the data", "5\r\nhel"),
        new Bad("before the CRLF after data", "5\r\nhello"),
        new Bad("between CR and LF after data", "5\r\nhello\r"),
        new Bad("before the last chunk", "5\r\nhello\r\n"),
        new Bad("inside the trailers", "0\r\nX: y\r\n"),
        new Bad("before the final CRLF", "0\r\n"));

    @ParameterizedTest(name = "{0}")
    @FieldSource("TRUNCATED")
    void aTruncatedChunkedBodyIsAnEofError(Bad bad) {
        assertThatThrownBy(() -> chunked(Wire.whole(bad.body())).readAllBytes()).isInstanceOf(EOFException.class);
    }

    @Test
    void trailersAreBoundedByTheFieldLimits() {
        Http1Limits limits = new Http1Limits(64, 100, 2);
        String many = "0\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n";
        String big = "0\r\nA: " + "x".repeat(100) + "\r\n\r\n";

        assertThatThrownBy(() -> new ChunkedInputStream(Wire.whole(many), limits, false).readAllBytes())
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_MANY_HEADERS));
        assertThatThrownBy(() -> new ChunkedInputStream(Wire.whole(big), limits, false).readAllBytes())
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.HEADER_TOO_LARGE));
    }

    @Test
    void theLargestChunkSizeThatFitsALongIsAccepted() throws IOException {
        ChunkedInputStream body = chunked(Wire.whole("7fffffffffffffff\r\nabc"));

        byte[] b = new byte[3];
        assertThat(body.read(b, 0, 3)).isEqualTo(3);
        assertThatThrownBy(body::read).isInstanceOf(EOFException.class);
    }
}
