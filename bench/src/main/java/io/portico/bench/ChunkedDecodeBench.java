package io.portico.bench;

import io.portico.http1.ChunkedInputStream;
import io.portico.http1.Http1Limits;
import io.portico.io.ByteBuf;
import io.portico.io.ByteReader;
import java.io.ByteArrayInputStream;
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
 * Decoding a chunked body of 64 KiB sent in 4 KiB chunks (16 chunks, a chunk extension on
 * none, one trailer field), read through a 16 KiB copy buffer like the proxy's body relay.
 * One op = the whole body; multiply ops/s by 64 KiB for bytes per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class ChunkedDecodeBench {
    static final int BODY_BYTES = 64 * 1024;
    static final int CHUNK_BYTES = 4 * 1024;

    private final byte[] readerBuffer = new byte[16 * 1024];
    private final byte[] copyBuffer = new byte[16 * 1024];
    private byte[] wire;

    @Setup
    public void setUp() {
        ByteBuf b = new ByteBuf(BODY_BYTES + 256);
        byte[] chunk = new byte[CHUNK_BYTES];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) ('a' + i % 26);
        }
        for (int sent = 0; sent < BODY_BYTES; sent += CHUNK_BYTES) {
            b.writeHex(CHUNK_BYTES).writeByte('\r').writeByte('\n').write(chunk).writeByte('\r').writeByte('\n');
        }
        b.writeLatin1("0\r\nX-Checksum: 9f2c\r\n\r\n");
        wire = Arrays.copyOf(b.array(), b.length());
    }

    @Benchmark
    public long body64KiBIn4KiBChunks() throws IOException {
        ByteReader reader = new ByteReader(new ByteArrayInputStream(wire), readerBuffer);
        ChunkedInputStream in = new ChunkedInputStream(reader, Http1Limits.DEFAULTS, true);
        long total = 0;
        for (int n; (n = in.read(copyBuffer, 0, copyBuffer.length)) >= 0; ) {
            total += n;
        }
        if (total != BODY_BYTES) {
            throw new IllegalStateException("decoded " + total + " bytes");
        }
        return total + in.trailers().size();
    }
}
