package io.portico.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ByteReaderTest {

    /** Serves its bytes in fixed slices per read call and counts the calls. */
    private static final class SlicedStream extends InputStream {
        private final byte[] bytes;
        private final int slice;
        private int pos;
        int reads;

        SlicedStream(String s, int slice) {
            this.bytes = s.getBytes(StandardCharsets.ISO_8859_1);
            this.slice = slice;
        }

        @Override
        public int read() {
            throw new AssertionError("single-byte read of the underlying stream");
        }

        @Override
        public int read(byte[] b, int off, int len) {
            reads++;
            if (pos == bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, slice), bytes.length - pos);
            System.arraycopy(bytes, pos, b, off, n);
            pos += n;
            return n;
        }
    }

    private static ByteReader reader(String s, int bufferSize) {
        return new ByteReader(new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1)), new byte[bufferSize]);
    }

    @Test
    void readLineReturnsTheBytesBeforeTheLineFeedAndKeepsTheCarriageReturn() throws IOException {
        ByteReader in = reader("GET / HTTP/1.1\r\nHost: a\nrest", 64);
        ByteBuf line = new ByteBuf();

        assertThat(in.readLine(line, 100)).isEqualTo(15);
        assertThat(line.toString()).isEqualTo("GET / HTTP/1.1\r");
        line.reset();
        assertThat(in.readLine(line, 100)).isEqualTo(7);
        assertThat(line.toString()).isEqualTo("Host: a");
        assertThat(in.consumed()).isEqualTo(24);
        assertThat(in.buffered()).isEqualTo(4);
    }

    @Test
    void readLineJoinsALineSpreadOverManyBufferFills() throws IOException {
        String text = "x".repeat(50) + "\n";
        SlicedStream stream = new SlicedStream(text, 3);
        ByteReader in = new ByteReader(stream, new byte[4]);
        ByteBuf line = new ByteBuf();

        assertThat(in.readLine(line, 50)).isEqualTo(50);
        assertThat(line.toString()).isEqualTo("x".repeat(50));
        assertThat(in.consumed()).isEqualTo(51);
    }

    @Test
    void readLineReturnsMinusOneWhenTheStreamEndsBeforeAnyByte() throws IOException {
        assertThat(reader("", 8).readLine(new ByteBuf(), 10)).isEqualTo(-1);
    }

    @Test
    void readLineThrowsEofWhenTheStreamEndsInsideALine() {
        assertThatThrownBy(() -> reader("abc", 8).readLine(new ByteBuf(), 10)).isInstanceOf(EOFException.class);
    }

    @Test
    void readLineStopsAtTheLimitWithoutReadingFurther() throws IOException {
        SlicedStream stream = new SlicedStream("y".repeat(10_000) + "\n", 16);
        ByteReader in = new ByteReader(stream, new byte[16]);
        ByteBuf line = new ByteBuf();

        assertThatThrownBy(() -> in.readLine(line, 40))
            .isInstanceOfSatisfying(LineTooLongException.class, e -> assertThat(e.max()).isEqualTo(40));
        assertThat(line.length()).isEqualTo(40);
        assertThat(in.consumed()).isLessThanOrEqualTo(48);
        assertThat(stream.reads).isLessThanOrEqualTo(3);
    }

    @Test
    void aZeroLimitAcceptsOnlyAnEmptyLine() throws IOException {
        ByteReader in = reader("\nx\n", 4);
        assertThat(in.readLine(new ByteBuf(), 0)).isZero();
        assertThatThrownBy(() -> in.readLine(new ByteBuf(), 0)).isInstanceOf(LineTooLongException.class);
    }

    @Test
    void aLineOfExactlyTheLimitIsAccepted() throws IOException {
        ByteReader in = reader("12345\n", 4);
        ByteBuf line = new ByteBuf();
        assertThat(in.readLine(line, 5)).isEqualTo(5);
        assertThat(line.toString()).isEqualTo("12345");
    }

    @Test
    void readServesBufferedBytesBeforeTouchingTheStreamAgain() throws IOException {
        SlicedStream stream = new SlicedStream("line\nbody-bytes", 100);
        ByteReader in = new ByteReader(stream, new byte[64]);
        in.readLine(new ByteBuf(), 10);
        assertThat(stream.reads).isEqualTo(1);

        byte[] dst = new byte[100];
        int n = in.read(dst, 0, dst.length);

        assertThat(n).isEqualTo(10);
        assertThat(new String(dst, 0, n, StandardCharsets.ISO_8859_1)).isEqualTo("body-bytes");
        assertThat(stream.reads).isEqualTo(1);
    }

    @Test
    void readDoesAtMostOneReadOfTheStreamWhenTheBufferIsEmpty() throws IOException {
        SlicedStream stream = new SlicedStream("abcdefghij", 3);
        ByteReader in = new ByteReader(stream, new byte[8]);
        byte[] dst = new byte[6];

        assertThat(in.read(dst, 0, 6)).isEqualTo(3);
        assertThat(stream.reads).isEqualTo(1);
        assertThat(in.read(dst, 0, 2)).isEqualTo(2);
        assertThat(in.read(dst, 0, 6)).isEqualTo(1);
        assertThat(stream.reads).isEqualTo(2);
    }

    @Test
    void largeReadsGoStraightIntoTheCallersArray() throws IOException {
        SlicedStream stream = new SlicedStream("0123456789abcdef", 100);
        ByteReader in = new ByteReader(stream, new byte[4]);
        byte[] dst = new byte[16];

        assertThat(in.read(dst, 0, 16)).isEqualTo(16);
        assertThat(new String(dst, StandardCharsets.ISO_8859_1)).isEqualTo("0123456789abcdef");
        assertThat(in.consumed()).isEqualTo(16);
        assertThat(in.read(dst, 0, 16)).isEqualTo(-1);
    }

    @Test
    void singleByteReadsPeekAndSkipCountConsumedBytes() throws IOException {
        ByteReader in = reader("abcdef", 4);

        assertThat(in.peek()).isEqualTo('a');
        assertThat(in.consumed()).isZero();
        assertThat(in.read()).isEqualTo('a');
        assertThat(in.skip(10)).isEqualTo(3);
        assertThat(in.read()).isEqualTo('e');
        assertThat(in.consumed()).isEqualTo(5);
        assertThat(in.skip(1)).isEqualTo(1);
        assertThat(in.read()).isEqualTo(-1);
        assertThat(in.fill()).isFalse();
        assertThat(in.skip(1)).isZero();
    }

    @Test
    void fillReportsBufferedBytesWithoutReading() throws IOException {
        SlicedStream stream = new SlicedStream("ab", 1);
        ByteReader in = new ByteReader(stream, new byte[4]);

        assertThat(in.fill()).isTrue();
        assertThat(in.fill()).isTrue();
        assertThat(stream.reads).isEqualTo(1);
        assertThat(in.buffered()).isEqualTo(1);
    }

    @Test
    void asInputStreamReadsThroughTheSameBuffer() throws IOException {
        ByteReader in = reader("head\nbody", 16);
        in.readLine(new ByteBuf(), 10);
        InputStream view = in.asInputStream();

        assertThat(view.available()).isEqualTo(4);
        assertThat(new String(view.readAllBytes(), StandardCharsets.ISO_8859_1)).isEqualTo("body");
        assertThat(in.consumed()).isEqualTo(9);
        assertThat(in.asInputStream()).isSameAs(view);
    }

    @Test
    void everyByteValueSurvivesALine() throws IOException {
        byte[] all = new byte[255];
        int k = 0;
        for (int b = 0; b < 256; b++) {
            if (b != '\n') {
                all[k++] = (byte) b;
            }
        }
        byte[] input = new byte[256];
        System.arraycopy(all, 0, input, 0, 255);
        input[255] = '\n';
        ByteReader in = new ByteReader(new OneByteInputStream(input), new byte[7]);
        ByteBuf line = new ByteBuf(4);

        assertThat(in.readLine(line, 255)).isEqualTo(255);
        assertThat(java.util.Arrays.copyOf(line.array(), line.length())).isEqualTo(all);
    }

    @Test
    void fillToLooksAheadWithoutConsumingAcrossReadsAndCompacts() throws Exception {
        ByteReader r = new ByteReader(new OneByteInputStream("abcdefgh".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                new byte[6]);
        assertThat(r.read()).isEqualTo('a');
        assertThat(r.read()).isEqualTo('b');
        assertThat(r.fillTo(5)).isTrue();
        assertThat(r.peekAt(0)).isEqualTo('c');
        assertThat(r.peekAt(4)).isEqualTo('g');
        assertThat(r.consumed()).isEqualTo(2);
        assertThat(r.read()).as("nothing was consumed by the look ahead").isEqualTo('c');
        assertThat(r.fillTo(5)).as("d to h").isTrue();
        assertThat(r.fillTo(6)).as("the stream ends first").isFalse();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> r.fillTo(7)).isInstanceOf(IllegalArgumentException.class);
    }
}
