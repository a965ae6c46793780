package io.portico.bench;

import io.portico.http.HttpFields;
import io.portico.http.HttpVersion;
import io.portico.http.RequestHead;
import io.portico.http.ResponseHead;
import io.portico.http1.Http1HeadWriter;
import io.portico.http1.Http1Limits;
import io.portico.http1.Http1Parser;
import io.portico.io.ByteBuf;
import io.portico.io.ByteReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
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

/** Writing HTTP/1.1 heads into a reused {@link ByteBuf}, as a connection reuses its head buffer. */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class HeadWriteBench {
    private final ByteBuf out = new ByteBuf(4096);
    private RequestHead upstreamRequest;
    private ResponseHead standardResponse;
    private ResponseHead customReasonResponse;

    @Setup
    public void setUp() throws IOException {
        RequestHead parsed = Http1Parser.parseRequest(
                new ByteReader(new ByteArrayInputStream(Messages.bytes(Messages.BROWSER_GET)), new byte[4096]),
                Http1Limits.DEFAULTS);
        HttpFields f = parsed.fields().copy();
        f.remove("Connection");
        f.add("X-Forwarded-For", "203.0.113.7").add("X-Real-IP", "203.0.113.7").add("X-Forwarded-Proto", "http")
                .add("X-Forwarded-Host", "www.example.com");
        upstreamRequest = new RequestHead(parsed.method(), parsed.originForm(), HttpVersion.HTTP_1_1, f);
        ResponseHead backend = Http1Parser.parseResponse(
                new ByteReader(new ByteArrayInputStream(Messages.bytes(Messages.RESPONSE_HEAD)), new byte[4096]),
                Http1Limits.DEFAULTS);
        HttpFields rf = backend.fields().copy();
        rf.remove("Connection");
        standardResponse = new ResponseHead(HttpVersion.HTTP_1_1, 200, "OK", rf);
        customReasonResponse = new ResponseHead(HttpVersion.HTTP_1_1, 200, "Fine Thanks", rf);
    }

    /** The upstream request head of a proxied browser GET: request line and 15 fields, every byte checked. */
    @Benchmark
    public int upstreamRequestHead() {
        out.reset();
        Http1HeadWriter.writeRequest(upstreamRequest, out);
        return out.length();
    }

    /** A 200 OK response head with 8 fields: the status line comes precomputed. */
    @Benchmark
    public int responseHead() {
        out.reset();
        Http1HeadWriter.writeResponse(standardResponse, out);
        return out.length();
    }

    /** The same with a non-standard reason phrase, which is checked and written byte by byte. */
    @Benchmark
    public int responseHeadCustomReason() {
        out.reset();
        Http1HeadWriter.writeResponse(customReasonResponse, out);
        return out.length();
    }
}
