package io.portico.http1;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.http.RequestHead;
import io.portico.http.ResponseHead;
import io.portico.io.ByteBuf;
import io.portico.io.ByteReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FieldValuesTest {
    private final FieldValues values = new FieldValues();
    private final ByteBuf line = new ByteBuf(64);

    @Test
    void aValueThatComesAgainIsTheSameStringAndADifferentOneIsItself() throws IOException {
        RequestHead first = parse("GET / HTTP/1.1\r\nHost: example.com\r\nUser-Agent: curl/8.5\r\n\r\n");
        RequestHead second = parse("GET /x HTTP/1.1\r\nHost: example.com\r\nUser-Agent: curl/8.6\r\n\r\n");
        assertThat(second.fields().firstOrNull("Host")).isSameAs(first.fields().firstOrNull("Host"));
        assertThat(second.fields().firstOrNull("User-Agent")).isEqualTo("curl/8.6");
        assertThat(first.fields().firstOrNull("User-Agent")).isEqualTo("curl/8.5");
    }

    @Test
    void valuesThatShareASlotStillComeBackRight() {
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 100; i++) {
                byte[] b = ("value-" + i).getBytes(StandardCharsets.ISO_8859_1);
                assertThat(values.of(b, 0, b.length, hash(b))).isEqualTo("value-" + i);
            }
        }
    }

    @Test
    void everyValueOfATypicalResponseIsSharedTheSecondTime() throws IOException {
        // Two pairs of these values share a set of slots: with one slot per set each response
        // made new Strings for four of them.
        String raw = "HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\nDate: Sun, 22 Nov 2026 12:24:57 GMT\r\n"
                + "Content-Type: application/octet-stream\r\nContent-Length: 1024\r\n"
                + "Last-Modified: Sun, 22 Nov 2026 10:25:29 GMT\r\nConnection: keep-alive\r\n"
                + "ETag: \"6b02c319-400\"\r\nAccept-Ranges: bytes\r\n\r\n";
        ResponseHead first = parseResponse(raw);
        ResponseHead second = parseResponse(raw);
        for (int i = 0; i < first.fields().size(); i++) {
            assertThat(second.fields().value(i)).isSameAs(first.fields().value(i));
        }
    }

    @Test
    void longValuesAreNotKept() {
        byte[] b = "c".repeat(500).getBytes(StandardCharsets.ISO_8859_1);
        String one = values.of(b, 0, b.length, hash(b));
        String two = values.of(b, 0, b.length, hash(b));
        assertThat(two).isEqualTo(one).isNotSameAs(one);
    }

    private RequestHead parse(String raw) throws IOException {
        ByteReader in = new ByteReader(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)), new byte[128]);
        return Http1Parser.parseRequest(in, Http1Limits.DEFAULTS, line, values);
    }

    private ResponseHead parseResponse(String raw) throws IOException {
        ByteReader in = new ByteReader(new ByteArrayInputStream(raw.getBytes(StandardCharsets.ISO_8859_1)), new byte[512]);
        return Http1Parser.parseResponse(in, Http1Limits.DEFAULTS, line, values);
    }

    private static int hash(byte[] b) {
        int h = 0;
        for (byte x : b) {
            h = KnownStrings.step(h, x);
        }
        return h;
    }
}
