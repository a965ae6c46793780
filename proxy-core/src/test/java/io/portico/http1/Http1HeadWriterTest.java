package io.portico.http1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.http.HttpFields;
import io.portico.http.HttpVersion;
import io.portico.http.RequestHead;
import io.portico.http.ResponseHead;
import io.portico.io.ByteBuf;
import java.io.IOException;
import org.junit.jupiter.api.Test;

class Http1HeadWriterTest {

    private static String request(RequestHead head) {
        ByteBuf out = new ByteBuf(16);
        Http1HeadWriter.writeRequest(head, out);
        return out.toString();
    }

    private static String response(ResponseHead head) {
        ByteBuf out = new ByteBuf(16);
        Http1HeadWriter.writeResponse(head, out);
        return out.toString();
    }

    @Test
    void aRequestHeadIsWrittenByteForByte() {
        HttpFields fields = new HttpFields().add("Host", "example.com").add("X-Empty", "").add("cookie", "a=1; b=2");

        assertThat(request(new RequestHead("GET", "/p?q=1", HttpVersion.HTTP_1_1, fields)))
            .isEqualTo("GET /p?q=1 HTTP/1.1\r\nHost: example.com\r\nX-Empty: \r\ncookie: a=1; b=2\r\n\r\n");
        assertThat(request(new RequestHead("OPTIONS", "*", HttpVersion.HTTP_1_0, new HttpFields())))
            .isEqualTo("OPTIONS * HTTP/1.0\r\n\r\n");
    }

    @Test
    void anHttp2RequestIsWrittenAsHttp11() {
        assertThat(request(new RequestHead("GET", "/", HttpVersion.HTTP_2, new HttpFields().add("Host", "h"))))
            .isEqualTo("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    }

    @Test
    void aResponseWithAnEmptyReasonGetsTheStandardOne() {
        HttpFields fields = new HttpFields().add("Content-Length", "0");

        assertThat(response(new ResponseHead(HttpVersion.HTTP_1_1, 200, "", fields)))
            .isEqualTo("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
        assertThat(response(new ResponseHead(HttpVersion.HTTP_1_0, 404, "", new HttpFields())))
            .isEqualTo("HTTP/1.0 404 Not Found\r\n\r\n");
        assertThat(response(new ResponseHead(HttpVersion.HTTP_1_1, 431, "Request Header Fields Too Large", new HttpFields())))
            .isEqualTo("HTTP/1.1 431 Request Header Fields Too Large\r\n\r\n");
    }

    @Test
    void aCustomReasonIsWrittenAsGiven() {
        assertThat(response(new ResponseHead(HttpVersion.HTTP_1_1, 200, "Fine \u00e9", new HttpFields())))
            .isEqualTo("HTTP/1.1 200 Fine \u00e9\r\n\r\n");
    }

    @Test
    void aStatusWithoutAStandardReasonKeepsTheSpaceBeforeTheEmptyReason() {
        assertThat(response(new ResponseHead(HttpVersion.HTTP_1_1, 299, "", new HttpFields())))
            .isEqualTo("HTTP/1.1 299 \r\n\r\n");
    }

    @Test
    void partsThatWouldSplitTheMessageAreRefused() {
        assertThatThrownBy(() -> response(new ResponseHead(HttpVersion.HTTP_1_1, 200, "",
            new HttpFields().add("X", "a\r\nInjected: 1")))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> response(new ResponseHead(HttpVersion.HTTP_1_1, 200, "",
            new HttpFields().add("X Y", "1")))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> response(new ResponseHead(HttpVersion.HTTP_1_1, 200, "OK\n", new HttpFields())))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> request(new RequestHead("GET", "/a b", HttpVersion.HTTP_1_1, new HttpFields())))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> request(new RequestHead("G T", "/", HttpVersion.HTTP_1_1, new HttpFields())))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> response(new ResponseHead(HttpVersion.HTTP_1_1, 1000, "", new HttpFields())))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void charsAboveLatin1AreRefusedEvenWhereTheirLowByteWouldBeAllowed() {
        // U+0141's low byte is 'A', U+010A's is LF: neither may be written as one byte.
        assertThatThrownBy(() -> response(new ResponseHead(HttpVersion.HTTP_1_1, 200, "",
            new HttpFields().add("X", "\u0141")))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> response(new ResponseHead(HttpVersion.HTTP_1_1, 200, "",
            new HttpFields().add("X", "ok\u010A")))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void longPartsAndManyFieldsAreWrittenWhole() {
        String cookie = "c=" + "x".repeat(5000);
        HttpFields fields = new HttpFields();
        StringBuilder expected = new StringBuilder("GET /" + "p".repeat(3000) + " HTTP/1.1\r\n");
        for (int i = 0; i < 40; i++) {
            fields.add("X-F" + i, i % 7 == 0 ? cookie : "v" + i);
            expected.append("X-F").append(i).append(": ").append(i % 7 == 0 ? cookie : "v" + i).append("\r\n");
        }
        expected.append("\r\n");
        assertThat(request(new RequestHead("GET", "/" + "p".repeat(3000), HttpVersion.HTTP_1_1, fields)))
            .isEqualTo(expected.toString());
    }

    @Test
    void writtenHeadsParseBackToTheSameHeads() throws IOException {
        HttpFields fields = new HttpFields().add("Host", "h").add("X-Bytes", "\u00e9\u00ff\u0080").add("X-Tab", "a\tb");
        RequestHead req = new RequestHead("PATCH", "/r", HttpVersion.HTTP_1_1, fields);
        ResponseHead resp = new ResponseHead(HttpVersion.HTTP_1_1, 503, "Busy", fields);

        assertThat(Wire.describe(Wire.request(request(req)))).isEqualTo(Wire.describe(req));
        assertThat(Wire.describe(Wire.response(response(resp)))).isEqualTo(Wire.describe(resp));
    }

    @Test
    void parsedFieldsAreCopiedByteForByteAndFieldsMadeOrReplacedSinceAreCheckedAgain() throws IOException {
        String wire = "GET / HTTP/1.1\r\nHost: h\r\nX-Obs: caf\u00e9 \u00ff\r\nX-Empty: \r\nX-Set: ok\r\n\r\n";
        HttpFields parsed = Wire.request(wire).fields();
        assertThat(parsed.parsed(1)).isTrue();

        HttpFields forwarded = new HttpFields();
        for (int i = 0; i < parsed.size(); i++) {
            forwarded.add(parsed, i);
        }
        assertThat(request(new RequestHead("GET", "/", HttpVersion.HTTP_1_1, forwarded))).isEqualTo(wire);

        forwarded.set("X-Set", "a\r\nInjected: 1");
        assertThat(forwarded.parsed(forwarded.indexOf("X-Set"))).isFalse();
        assertThatThrownBy(() -> request(new RequestHead("GET", "/", HttpVersion.HTTP_1_1, forwarded)))
            .isInstanceOf(IllegalArgumentException.class);
        forwarded.remove("X-Set");
        forwarded.add("X-Added", "\u010a");
        assertThatThrownBy(() -> request(new RequestHead("GET", "/", HttpVersion.HTTP_1_1, forwarded)))
            .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsedMarksFollowTheirFieldsThroughRemoveCopyAndClear() {
        HttpFields f = new HttpFields(2).addParsed("A", "1").add("B", "2").addParsed("C", "3").addParsed("A", "4");
        f.remove("A");
        assertThat(f.size()).isEqualTo(2);
        assertThat(f.parsed(0)).isFalse();
        assertThat(f.parsed(1)).isTrue();
        HttpFields c = f.copy();
        assertThat(c.parsed(0)).isFalse();
        assertThat(c.parsed(1)).isTrue();
        c.clear();
        c.add("C", "x");
        assertThat(c.parsed(0)).isFalse();
    }
}
