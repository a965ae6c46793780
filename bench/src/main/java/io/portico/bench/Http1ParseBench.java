package io.portico.bench;

import io.portico.http.RequestHead;
import io.portico.http.ResponseHead;
import io.portico.http1.Bodies;
import io.portico.http1.Http1Framing;
import io.portico.http1.Http1Limits;
import io.portico.http1.Http1Parser;
import io.portico.io.ByteReader;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * HTTP/1.1 head parsing as a keep-alive connection sees it: one {@link ByteReader} (and its
 * buffer) per connection, the same message arriving again and again, one message per read.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class Http1ParseBench {
    private final byte[] bodyBuffer = new byte[4096];
    private ByteReader browserGet;
    private ByteReader smallPost;
    private ByteReader response;

    @Setup
    public void setUp() {
        browserGet = new ByteReader(new LoopingInput(Messages.bytes(Messages.BROWSER_GET)), new byte[16 * 1024]);
        smallPost = new ByteReader(new LoopingInput(Messages.bytes(Messages.SMALL_POST)), new byte[16 * 1024]);
        response = new ByteReader(new LoopingInput(Messages.bytes(Messages.RESPONSE_HEAD)), new byte[16 * 1024]);
    }

    /** Request line and 12 header fields of a browser GET, plus its body framing. */
    @Benchmark
    public Object browserGetHead() throws IOException {
        RequestHead head = Http1Parser.parseRequest(browserGet, Http1Limits.DEFAULTS);
        return Http1Framing.request(head);
    }

    /** A small POST: the head, its framing, and its 64-byte body read through the fixed-length stream. */
    @Benchmark
    public int smallPostWithBody() throws IOException {
        RequestHead head = Http1Parser.parseRequest(smallPost, Http1Limits.DEFAULTS);
        InputStream body = Bodies.open(Http1Framing.request(head), smallPost, Http1Limits.DEFAULTS, false);
        int total = 0;
        for (int n; (n = body.read(bodyBuffer, 0, bodyBuffer.length)) > 0; ) {
            total += n;
        }
        return total;
    }

    /** A backend's status line and 8 header fields, plus the response framing and keep-alive decision. */
    @Benchmark
    public boolean responseHead() throws IOException {
        ResponseHead head = Http1Parser.parseResponse(response, Http1Limits.DEFAULTS);
        return Http1Framing.response("GET", head) != null && Http1Framing.keepAlive(head);
    }
}
