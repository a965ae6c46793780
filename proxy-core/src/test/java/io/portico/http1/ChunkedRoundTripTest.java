package io.portico.http1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.http.HttpFields;
import io.portico.io.ByteBuf;
import io.portico.io.ByteReader;
import io.portico.io.OneByteInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class ChunkedRoundTripTest {

    /** Records every write call it receives. */
    private static final class WriteLog extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<String> writes = new ArrayList<>();
        int flushes;

        @Override
        public void write(int b) {
            throw new AssertionError("single-byte write reached the socket");
        }

        @Override
        public void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
            writes.add(Wire.text(Arrays.copyOfRange(b, off, off + len)));
        }

        @Override
        public void flush() {
            flushes++;
        }
    }

    private static long crc(byte[] b) {
        CRC32 crc = new CRC32();
        crc.update(b);
        return crc.getValue();
    }

    @Test
    void randomWritesDecodeToTheSameBytesWithAnyReadBoundaries() throws IOException {
        Random random = new Random(20240611L);
        for (int round = 0; round < 20; round++) {
            byte[] data = new byte[random.nextInt(100_000)];
            random.nextBytes(data);
            ByteArrayOutputStream wire = new ByteArrayOutputStream();
            ChunkedOutputStream out = new ChunkedOutputStream(wire);
            for (int off = 0; off < data.length; ) {
                int len = Math.min(data.length - off, random.nextInt(3) == 0 ? random.nextInt(40_000) : random.nextInt(50));
                out.write(data, off, len);
                off += len;
            }
            HttpFields trailers = new HttpFields().add("X-Crc", Long.toHexString(crc(data)));
            out.finish(trailers);

            ByteReader in = new ByteReader(new ByteArrayInputStream(wire.toByteArray()), new byte[1 + random.nextInt(9000)]);
            ChunkedInputStream body = new ChunkedInputStream(in, Http1Limits.DEFAULTS, false);
            ByteArrayOutputStream decoded = new ByteArrayOutputStream();
            byte[] buf = new byte[1 + random.nextInt(10_000)];
            for (int n; (n = body.read(buf, 0, 1 + random.nextInt(buf.length))) >= 0; ) {
                decoded.write(buf, 0, n);
            }

            assertThat(crc(decoded.toByteArray())).isEqualTo(crc(data));
            assertThat(decoded.size()).isEqualTo(data.length);
            assertThat(body.trailers().firstOrNull("X-Crc")).isEqualTo(Long.toHexString(crc(data)));
            assertThat(in.buffered()).isZero();
        }
    }

    @Test
    void aSmallBodyRoundTripsOneByteAtATime() throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        ChunkedOutputStream out = new ChunkedOutputStream(wire);
        out.write(Wire.bytes("hello "));
        out.write('w');
        out.write(Wire.bytes("orld"));
        out.finish(null);

        ChunkedInputStream body = new ChunkedInputStream(
            new ByteReader(new OneByteInputStream(wire.toByteArray()), new byte[3]), Http1Limits.DEFAULTS, true);

        assertThat(Wire.text(body.readAllBytes())).isEqualTo("hello world");
    }

    @Test
    void eachChunkIsOneWriteAndTheEndIsOneWriteFollowedByAFlush() throws IOException {
        WriteLog log = new WriteLog();
        ChunkedOutputStream out = new ChunkedOutputStream(log);

        out.write(Wire.bytes("0123456789abcdefX"));
        out.write(new byte[0]);
        out.finish(new HttpFields().add("Expires", "0"));

        assertThat(log.writes).containsExactly("11\r\n0123456789abcdefX\r\n", "0\r\nExpires: 0\r\n\r\n");
        assertThat(log.flushes).isEqualTo(1);
    }

    @Test
    void aSuppliedScratchBufferIsUsedForAssembly() throws IOException {
        WriteLog log = new WriteLog();
        ByteBuf scratch = new ByteBuf(16);
        ChunkedOutputStream out = new ChunkedOutputStream(log, scratch);

        out.write(new byte[ChunkedOutputStream.ASSEMBLY_BYTES]);

        assertThat(log.writes).hasSize(1);
        assertThat(scratch.length()).isEqualTo(ChunkedOutputStream.ASSEMBLY_BYTES + "4000\r\n\r\n".length());
    }

    @Test
    void aChunkLargerThanTheBufferIsWrittenWithoutCopying() throws IOException {
        WriteLog log = new WriteLog();
        byte[] big = new byte[ChunkedOutputStream.ASSEMBLY_BYTES + 1];

        new ChunkedOutputStream(log).write(big);

        assertThat(log.writes).hasSize(3);
        assertThat(log.writes.get(0)).isEqualTo("4001\r\n");
        assertThat(log.writes.get(2)).isEqualTo("\r\n");
    }

    @Test
    void closeWithoutFinishLeavesTheBodyUnterminated() throws IOException {
        WriteLog log = new WriteLog();
        ChunkedOutputStream out = new ChunkedOutputStream(log);
        out.write(Wire.bytes("abc"));

        out.close();

        assertThat(log.bytes.toString()).isEqualTo("3\r\nabc\r\n");
        assertThatThrownBy(() -> out.write(1)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> out.finish(null)).isInstanceOf(IOException.class);
    }

    @Test
    void nothingCanBeWrittenAfterFinish() throws IOException {
        ChunkedOutputStream out = new ChunkedOutputStream(new ByteArrayOutputStream());
        out.finish(null);

        assertThatThrownBy(() -> out.write(Wire.bytes("x"))).isInstanceOf(IOException.class);
    }
}
