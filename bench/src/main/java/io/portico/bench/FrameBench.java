package io.portico.bench;

import io.portico.http2.ContinuationFrame;
import io.portico.http2.DataFrame;
import io.portico.http2.Frame;
import io.portico.http2.FrameReader;
import io.portico.http2.FrameWriter;
import io.portico.http2.HeadersFrame;
import io.portico.http2.WindowUpdateFrame;
import io.portico.io.ByteBuf;
import io.portico.io.ByteReader;
import java.io.IOException;
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
 * HTTP/2 frame reading as a connection thread does it: one {@link FrameReader} over one
 * {@link ByteReader} (16 KiB buffer) per connection, fed a stream that repeats the same traffic.
 * One op = {@value #STREAMS} uploads, each a HEADERS frame (a 64-byte field block), four DATA
 * frames of 1 KiB (END_STREAM on the last) and a WINDOW_UPDATE for the stream and one for the
 * connection: {@value #FRAMES_PER_OP} frames, about 41.5 KiB. Multiply ops/s by that for frames/s.
 * With {@code newArrays} each DATA payload is a new array (the reader's default); with
 * {@code pooledData} the data-buffer source hands back one reused array, so B/op is the
 * reader's own allocation (frame records and field-block fragments).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class FrameBench {
    static final int STREAMS = 10;
    static final int DATA_FRAMES = 4;
    static final int FRAMES_PER_OP = STREAMS * (1 + DATA_FRAMES + 2);

    private final byte[] pooled = new byte[16 * 1024];
    private FrameReader newArrays;
    private FrameReader pooledData;

    @Setup
    public void setUp() {
        byte[] wire = traffic();
        newArrays = new FrameReader(new ByteReader(new LoopingInput(wire), new byte[16 * 1024]));
        pooledData = new FrameReader(new ByteReader(new LoopingInput(wire), new byte[16 * 1024]),
                FrameReader.DEFAULT_MAX_FRAME_SIZE, n -> pooled);
    }

    static byte[] traffic() {
        FrameWriter w = new FrameWriter();
        ByteBuf out = new ByteBuf(48 * 1024);
        byte[] block = new byte[64];
        byte[] chunk = new byte[1024];
        Arrays.fill(block, (byte) 0x82);
        Arrays.fill(chunk, (byte) 'x');
        for (int s = 0; s < STREAMS; s++) {
            int id = 2 * s + 1;
            w.headers(out, id, false, block, 0, block.length);
            for (int d = 0; d < DATA_FRAMES; d++) {
                w.data(out, id, d == DATA_FRAMES - 1, chunk, 0, chunk.length);
            }
            w.windowUpdate(out, id, 4096);
            w.windowUpdate(out, 0, 4096);
        }
        return Arrays.copyOf(out.array(), out.length());
    }

    @Benchmark
    public long newArrays() throws IOException {
        return readOp(newArrays);
    }

    @Benchmark
    public long pooledData() throws IOException {
        return readOp(pooledData);
    }

    private static long readOp(FrameReader reader) throws IOException {
        long sum = 0;
        for (int i = 0; i < FRAMES_PER_OP; i++) {
            Frame f = reader.next();
            sum += switch (f) {
                case DataFrame d -> d.flowControlledLength();
                case HeadersFrame h -> h.fragment().length;
                case ContinuationFrame c -> c.fragment().length;
                case WindowUpdateFrame u -> u.increment();
                default -> throw new IllegalStateException("unexpected " + f);
            };
        }
        return sum;
    }
}
