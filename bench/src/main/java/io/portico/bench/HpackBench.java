package io.portico.bench;

import io.portico.http.HttpFields;
import io.portico.http2.hpack.DecodeResult;
import io.portico.http2.hpack.FieldSink;
import io.portico.http2.hpack.HpackDecoder;
import io.portico.http2.hpack.HpackEncoder;
import io.portico.io.ByteBuf;
import java.util.Arrays;
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
 * HPACK for a browser's request (14 fields: four pseudo-headers, user agent, client hints,
 * fetch metadata, referer, a 51-octet cookie), as an HTTP/2 connection sees it: the first
 * request fills the dynamic table, later ones are mostly one-octet indexes (only {@code :path}
 * is a literal, in Huffman code). The decode sink does what an HTTP/2 server would: pseudo-headers
 * into locals, the rest into a reused {@link HttpFields}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class HpackBench {
    private static final String[][] REQUEST = {
        {":method", "GET"},
        {":scheme", "https"},
        {":authority", "www.example.com"},
        {":path", "/static/app.js?v=12"},
        {"sec-ch-ua", "\"Chromium\";v=\"126\", \"Google Chrome\";v=\"126\""},
        {"user-agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36"},
        {"accept", "*/*"},
        {"sec-fetch-site", "same-origin"},
        {"sec-fetch-mode", "no-cors"},
        {"sec-fetch-dest", "script"},
        {"referer", "https://www.example.com/"},
        {"accept-encoding", "gzip, deflate, br, zstd"},
        {"accept-language", "en-US,en;q=0.9"},
        {"cookie", "session=8f14e45fceea167a5a36dedd4bea2543; theme=dark"},
    };

    private final ByteBuf out = new ByteBuf(4096);
    private final Sink sink = new Sink();
    private HpackEncoder warmEncoder;
    private HpackDecoder warmDecoder;
    private byte[] firstBlock;
    private byte[] warmBlock;

    /** What an HTTP/2 server keeps of a request's fields. */
    static final class Sink implements FieldSink {
        final HttpFields fields = new HttpFields(32);
        String method;
        String scheme;
        String authority;
        String path;

        @Override
        public void field(String name, String value, boolean sensitive) {
            if (name.charAt(0) == ':') {
                switch (name) {
                    case ":method" -> method = value;
                    case ":scheme" -> scheme = value;
                    case ":authority" -> authority = value;
                    case ":path" -> path = value;
                    default -> throw new IllegalStateException(name);
                }
            } else {
                fields.addParsed(name, value);
            }
        }

        int reset() {
            int n = fields.size();
            fields.clear();
            return n;
        }
    }

    @Setup
    public void setUp() {
        warmEncoder = new HpackEncoder();
        firstBlock = encode(warmEncoder);
        warmBlock = encode(warmEncoder);
        warmDecoder = new HpackDecoder(16384);
        check(warmDecoder.decode(firstBlock, sink));
        sink.reset();
        check(warmDecoder.decode(warmBlock, sink));
        if (sink.reset() != REQUEST.length - 4 || !"/static/app.js?v=12".equals(sink.path)) {
            throw new IllegalStateException("the warm block does not decode to the request");
        }
    }

    /** Decodes the request with a warm table (13 one-octet indexes and the Huffman :path), into the sink. */
    @Benchmark
    public int decodeWarm() {
        check(warmDecoder.decode(warmBlock, sink));
        return sink.reset();
    }

    /** Decodes the connection's first request: every field a literal, mostly Huffman, each added to a new table. */
    @Benchmark
    public int decodeFirst() {
        check(new HpackDecoder(16384).decode(firstBlock, sink));
        return sink.reset();
    }

    /** Encodes the request with a warm table into a reused buffer. */
    @Benchmark
    public int encodeWarm() {
        out.reset();
        warmEncoder.beginBlock(out);
        for (String[] f : REQUEST) {
            warmEncoder.field(f[0], f[1], out);
        }
        return out.length();
    }

    /** Encodes the connection's first request: lookups that miss, Huffman coding of every value, table insertions. */
    @Benchmark
    public int encodeFirst() {
        out.reset();
        HpackEncoder encoder = new HpackEncoder();
        encoder.beginBlock(out);
        for (String[] f : REQUEST) {
            encoder.field(f[0], f[1], out);
        }
        return out.length();
    }

    private byte[] encode(HpackEncoder encoder) {
        out.reset();
        encoder.beginBlock(out);
        for (String[] f : REQUEST) {
            encoder.field(f[0], f[1], out);
        }
        return Arrays.copyOf(out.array(), out.length());
    }

    private static void check(DecodeResult result) {
        if (result != DecodeResult.COMPLETE) {
            throw new IllegalStateException(result.toString());
        }
    }
}
