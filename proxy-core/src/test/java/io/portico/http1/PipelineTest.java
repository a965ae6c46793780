package io.portico.http1;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.http.RequestHead;
import io.portico.io.ByteReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PipelineTest {

    private static final String PIPELINE =
        "POST /first HTTP/1.1\r\nHost: a\r\nContent-Length: 11\r\n\r\nhello world"
            + "POST /second HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "6\r\nchunky\r\n5;x=y\r\n body\r\n0\r\nX-T: 1\r\n\r\n"
            + "\r\n"
            + "GET /third HTTP/1.1\r\nHost: a\r\n\r\n";

    /** Reads every request and its whole body, in order, until the stream ends. */
    private static List<String> readAll(ByteReader in) throws IOException {
        List<String> seen = new ArrayList<>();
        RequestHead head;
        while ((head = Http1Parser.parseRequest(in, Http1Limits.DEFAULTS)) != null) {
            InputStream body = Bodies.open(Http1Framing.request(head), in, Http1Limits.DEFAULTS, false);
            seen.add(head.method() + " " + head.target() + " [" + Wire.text(body.readAllBytes()) + "]");
        }
        return seen;
    }

    private static void check(Function<String, ByteReader> feed) throws IOException {
        assertThat(readAll(feed.apply(PIPELINE)))
            .containsExactly("POST /first [hello world]", "POST /second [chunky body]", "GET /third []");
    }

    @Test
    void pipelinedRequestsInOneBufferAreReadInOrderWithTheirBodies() throws IOException {
        check(Wire::whole);
    }

    @Test
    void pipelinedRequestsArrivingOneByteAtATimeGiveTheSameResult() throws IOException {
        check(Wire::oneByteAtATime);
    }

    @Test
    void aBodyLeftUnreadIsDrainedSoTheNextRequestStartsAtItsFirstByte() throws IOException {
        ByteReader in = Wire.whole(PIPELINE);

        RequestHead first = Http1Parser.parseRequest(in, Http1Limits.DEFAULTS);
        InputStream body = Bodies.open(Http1Framing.request(first), in, Http1Limits.DEFAULTS, false);
        assertThat(body.read()).isEqualTo('h');
        assertThat(Bodies.drain(body, 1024)).isTrue();
        RequestHead second = Http1Parser.parseRequest(in, Http1Limits.DEFAULTS);
        assertThat(Bodies.drain(Bodies.open(Http1Framing.request(second), in, Http1Limits.DEFAULTS, false), 1024)).isTrue();

        assertThat(second.target()).isEqualTo("/second");
        assertThat(Http1Parser.parseRequest(in, Http1Limits.DEFAULTS).target()).isEqualTo("/third");
    }
}
