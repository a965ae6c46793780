package io.portico.http1;

import static io.portico.http1.Wire.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.http.HttpVersion;
import io.portico.http.ProtocolException;
import io.portico.http.ProtocolException.Kind;
import io.portico.http.RequestHead;
import io.portico.io.ByteReader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class RequestParserTest {

    /** An endless stream of one byte, counting what was read, to prove limits stop the reading. */
    private static final class Endless extends InputStream {
        private final byte[] prefix;
        private final byte fill;
        long served;

        Endless(String prefix, char fill) {
            this.prefix = Wire.bytes(prefix);
            this.fill = (byte) fill;
        }

        @Override
        public int read() {
            return served < prefix.length ? prefix[(int) served++] : fill1();
        }

        private int fill1() {
            served++;
            return fill;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            for (int i = 0; i < len; i++) {
                b[off + i] = (byte) read();
            }
            return len;
        }
    }

    private static Kind kindOf(String raw) {
        try {
            request(raw);
        } catch (ProtocolException e) {
            return e.kind();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted: " + raw);
    }

    @Test
    void aSimpleRequestIsParsedIntoItsParts() throws IOException {
        RequestHead head = request("GET /a/b?x=1 HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n");

        assertThat(head.method()).isEqualTo("GET");
        assertThat(head.target()).isEqualTo("/a/b?x=1");
        assertThat(head.version()).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(head.fields().size()).isEqualTo(2);
        assertThat(head.fields().firstOrNull("host")).isEqualTo("example.com");
        assertThat(head.fields().name(1)).isEqualTo("Accept");
        assertThat(head.fields().value(1)).isEqualTo("*/*");
    }

    @Test
    void wellKnownMethodsAndHeaderNamesAreSharedConstants() throws IOException {
        RequestHead head = request("POST / HTTP/1.1\r\nHost: a\r\ncontent-length: 0\r\nX-Custom: 1\r\n\r\n");

        assertThat(head.method()).isSameAs("POST");
        assertThat(head.fields().name(0)).isSameAs("Host");
        assertThat(head.fields().name(1)).isSameAs("content-length");
        assertThat(head.fields().name(2)).isEqualTo("X-Custom");
    }

    @Test
    void unknownMethodsAndOddCaseNamesKeepTheirSpelling() throws IOException {
        RequestHead head = request("PROPFIND /dav HTTP/1.1\r\nHOST: a\r\ncOnTeNt-LeNgTh: 0\r\n\r\n");

        assertThat(head.method()).isEqualTo("PROPFIND");
        assertThat(head.fields().name(0)).isEqualTo("HOST");
        assertThat(head.fields().name(1)).isEqualTo("cOnTeNt-LeNgTh");
    }

    @Test
    void leadingEmptyLinesBeforeTheRequestLineAreIgnored() throws IOException {
        RequestHead head = request("\r\n\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n");

        assertThat(head.target()).isEqualTo("/");
    }

    @Test
    void aLoneLineFeedEndsALine() throws IOException {
        RequestHead head = request("GET / HTTP/1.0\nUser-Agent: x\n\n");

        assertThat(head.version()).isEqualTo(HttpVersion.HTTP_1_0);
        assertThat(head.fields().firstOrNull("User-Agent")).isEqualTo("x");
    }

    @Test
    void optionalWhitespaceAroundAValueIsTrimmedButInnerWhitespaceKept() throws IOException {
        RequestHead head = request("GET / HTTP/1.1\r\nHost:a\r\nX-A: \t one  two \t\r\nX-Empty:\r\nX-Blank:   \r\n\r\n");

        assertThat(head.fields().firstOrNull("Host")).isEqualTo("a");
        assertThat(head.fields().firstOrNull("X-A")).isEqualTo("one  two");
        assertThat(head.fields().firstOrNull("X-Empty")).isEmpty();
        assertThat(head.fields().firstOrNull("X-Blank")).isEmpty();
    }

    @Test
    void obsTextBytesRoundTripThroughIso88591() throws IOException {
        RequestHead head = request("GET /caf\u00e9 HTTP/1.1\r\nHost: a\r\nX-Name: J\u00f6rg \u00ff\r\n\r\n");

        assertThat(head.target()).isEqualTo("/caf\u00e9");
        assertThat(Wire.bytes(head.fields().firstOrNull("X-Name"))).containsExactly('J', 0xF6, 'r', 'g', ' ', 0xFF);
    }

    @Test
    void repeatedFieldsAreKeptInOrder() throws IOException {
        RequestHead head = request("GET / HTTP/1.1\r\nHost: a\r\nCookie: a=1\r\nX: y\r\nCookie: b=2\r\n\r\n");

        assertThat(head.fields().all("cookie")).containsExactly("a=1", "b=2");
    }

    @Test
    void absoluteAuthorityAndAsteriskFormsAreKeptAsSent() throws IOException {
        assertThat(request("GET http://h/p?q HTTP/1.1\r\nHost: h\r\n\r\n").target()).isEqualTo("http://h/p?q");
        assertThat(request("CONNECT h:443 HTTP/1.1\r\nHost: h:443\r\n\r\n").target()).isEqualTo("h:443");
        assertThat(request("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n").target()).isEqualTo("*");
    }

    @Test
    void anHttp10RequestNeedsNoHost() throws IOException {
        assertThat(request("GET / HTTP/1.0\r\n\r\n").fields().isEmpty()).isTrue();
    }

    @Test
    void aStreamThatEndsBeforeAnyRequestGivesNull() throws IOException {
        assertThat(request("")).isNull();
        assertThat(request("\r\n")).isNull();
    }

    @Test
    void aStreamThatEndsInsideTheHeadIsAnEofError() {
        assertThatThrownBy(() -> request("GET / HT")).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> request("GET / HTTP/1.1\r\nHost: a\r\n")).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> request("GET / HTTP/1.1\r\nHost: a\r\n\r")).isInstanceOf(EOFException.class);
    }

    @Test
    void versionsOtherThan10And11AreRefusedWith505() {
        assertThat(kindOf("GET / HTTP/2.0\r\n\r\n")).isEqualTo(Kind.VERSION_NOT_SUPPORTED);
        assertThat(kindOf("GET / HTTP/1.2\r\n\r\n")).isEqualTo(Kind.VERSION_NOT_SUPPORTED);
        assertThat(kindOf("GET / HTTP/0.9\r\n\r\n")).isEqualTo(Kind.VERSION_NOT_SUPPORTED);
    }

    @Test
    void malformedRequestLinesAreBadRequests() {
        assertThat(kindOf("GET / http/1.1\r\nHost: a\r\n\r\n")).isEqualTo(Kind.BAD_REQUEST);
        assertThat(kindOf("GET / HTTP/1.1 \r\nHost: a\r\n\r\n")).isEqualTo(Kind.BAD_REQUEST);
        assertThat(kindOf("GET /\r\nHost: a\r\n\r\n")).isEqualTo(Kind.BAD_REQUEST);
        assertThat(kindOf("GET  / HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo(Kind.BAD_REQUEST);
        assertThat(kindOf(" GET / HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo(Kind.BAD_REQUEST);
        assertThat(kindOf("GET\t/ HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo(Kind.BAD_REQUEST);
        assertThat(kindOf("G(T / HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo(Kind.BAD_REQUEST);
        assertThat(kindOf("GET /a\u0001b HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo(Kind.BAD_REQUEST);
        assertThat(kindOf("GET /a\u007fb HTTP/1.1\r\nHost: a\r\n\r\n")).isEqualTo(Kind.BAD_REQUEST);
        assertThat(kindOf("GET / HTTP/1.10\r\nHost: a\r\n\r\n")).isEqualTo(Kind.BAD_REQUEST);
    }

    @Test
    void malformedFieldLinesAreBadRequests() {
        assertThat(kindOf("GET / HTTP/1.1\r\nHost: a\r\nNoColon\r\n\r\n")).isEqualTo(Kind.BAD_REQUEST);
        assertThat(kindOf("GET / HTTP/1.1\r\nHost: a\r\n: empty-name\r\n\r\n")).isEqualTo(Kind.BAD_REQUEST);
        assertThat(kindOf("GET / HTTP/1.1\r\nHost: a\r\nBad\"Name: x\r\n\r\n")).isEqualTo(Kind.BAD_REQUEST);
        assertThat(kindOf("GET / HTTP/1.1\r\nHost: a\r\nX: a\u0007b\r\n\r\n")).isEqualTo(Kind.BAD_REQUEST);
        assertThat(kindOf("GET / HTTP/1.1\r\nHost: a\r\nX: a\u007fb\r\n\r\n")).isEqualTo(Kind.BAD_REQUEST);
    }

    @Test
    void anOverlongTargetIsRefusedWith414WithoutReadingItAll() {
        Endless stream = new Endless("GET /", 'a');
        ByteReader in = new ByteReader(stream, new byte[1024]);
        Http1Limits limits = new Http1Limits(65536, 2048, 100);

        assertThatThrownBy(() -> Http1Parser.parseRequest(in, limits))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.URI_TOO_LONG));
        assertThat(stream.served).isLessThan(2048 + 2 * 1024);
    }

    @Test
    void aTargetJustOverTheLimitOnACompleteLineIs414AndOneAtTheLimitIsAccepted() throws IOException {
        Http1Limits limits = new Http1Limits(65536, 10, 100);
        String ok = "GET /123456789 HTTP/1.1\r\nHost: a\r\n\r\n";
        String over = "GET /1234567890 HTTP/1.1\r\nHost: a\r\n\r\n";

        assertThat(Http1Parser.parseRequest(Wire.whole(ok), limits).target()).hasSize(10);
        assertThatThrownBy(() -> Http1Parser.parseRequest(Wire.whole(over), limits))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.URI_TOO_LONG));
    }

    @Test
    void anEndlessHeaderLineIsRefusedWith431AtTheHeadLimit() {
        Endless stream = new Endless("GET / HTTP/1.1\r\nHost: a\r\nX-Long: ", 'b');
        ByteReader in = new ByteReader(stream, new byte[512]);
        Http1Limits limits = new Http1Limits(4096, 1024, 100);

        assertThatThrownBy(() -> Http1Parser.parseRequest(in, limits))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.HEADER_TOO_LARGE));
        assertThat(stream.served).isLessThan(4096 + 512);
    }

    @Test
    void aHeadOfExactlyTheLimitIsAcceptedAndOneByteMoreIsNot() throws IOException {
        String head = "GET / HTTP/1.1\r\nHost: a\r\nX: 12345\r\n\r\n";
        Http1Limits exact = new Http1Limits(head.length(), 100, 10);
        Http1Limits under = new Http1Limits(head.length() - 1, 100, 10);

        assertThat(Http1Parser.parseRequest(Wire.whole(head), exact).fields().size()).isEqualTo(2);
        assertThatThrownBy(() -> Http1Parser.parseRequest(Wire.whole(head), under))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.HEADER_TOO_LARGE));
    }

    @Test
    void moreFieldsThanTheLimitAreRefusedWith431() throws IOException {
        Http1Limits limits = new Http1Limits(65536, 100, 3);
        String three = "GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\n\r\n";
        String four = "GET / HTTP/1.1\r\nHost: a\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n";

        assertThat(Http1Parser.parseRequest(Wire.whole(three), limits).fields().size()).isEqualTo(3);
        assertThatThrownBy(() -> Http1Parser.parseRequest(Wire.whole(four), limits))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.TOO_MANY_HEADERS));
    }

    private static void refused(String raw, Http1Limits limits, Kind kind, String message) {
        assertThatThrownBy(() -> Http1Parser.parseRequest(Wire.whole(raw), limits))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(kind))
            .hasMessageContaining(message);
    }

    @Test
    void emptyLinesPastTheHeadLimitAre431() {
        Http1Limits limits = new Http1Limits(32, 100, 10);
        refused("\r\n".repeat(17) + "GET / HTTP/1.1\r\nHost: a\r\n\r\n", limits, Kind.HEADER_TOO_LARGE,
            "empty lines over the head limit");
        // A few fit: they count against the head like any line.
        assertThat(Wire.outcome(Wire.whole("\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n"),
            in -> Http1Parser.parseRequest(in, new Http1Limits(64, 100, 10)))).contains("GET /");
    }

    @Test
    void anEndlessRunOfEmptyLinesStopsAtTheHeadLimit() {
        Endless stream = new Endless("", '\n');
        ByteReader in = new ByteReader(stream, new byte[256]);
        assertThatThrownBy(() -> Http1Parser.parseRequest(in, new Http1Limits(4096, 1024, 100)))
            .isInstanceOfSatisfying(ProtocolException.class, e -> assertThat(e.kind()).isEqualTo(Kind.HEADER_TOO_LARGE));
        assertThat(stream.served).isLessThan(4096 + 256);
    }

    @Test
    void aRequestLineThatRunsPastTheHeadLimitIs431NotA414() {
        // Empty lines used most of the head: the request line, its target short, does not end in the rest.
        Http1Limits limits = new Http1Limits(40, 1000, 10);
        refused("\r\n".repeat(10) + "GET /abcdefghijklmnopqrstuvwxyz HTTP/1.1\r\nHost: a\r\n\r\n", limits,
            Kind.HEADER_TOO_LARGE, "request line over the head limit");
        refused("X".repeat(100) + " / HTTP/1.1\r\nHost: a\r\n\r\n", new Http1Limits(64, 1000, 10),
            Kind.HEADER_TOO_LARGE, "request line over the head limit");
    }

    @Test
    void aRequestLineTooLongForItsShortTargetIsABadRequest() {
        // The head has room, the target is short: the line is long because of what follows the target.
        refused("GET / " + "H".repeat(500) + "\r\nHost: a\r\n\r\n", new Http1Limits(65536, 100, 10),
            Kind.BAD_REQUEST, "request line too long for its target");
    }

    @Test
    void theParserConsumesExactlyTheHeadAndLeavesTheBodyBuffered() throws IOException {
        String head = "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n";
        ByteReader in = Wire.whole(head + "hello");

        Http1Parser.parseRequest(in, Http1Limits.DEFAULTS);

        assertThat(in.consumed()).isEqualTo(head.length());
        assertThat(in.buffered()).isEqualTo(5);
    }
}
