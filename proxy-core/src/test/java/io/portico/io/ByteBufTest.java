package io.portico.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ByteBufTest {

    @Test
    void aReleasedBufferIsEmptyHoldsNoArrayAndTakesWritesAgain() {
        ByteBuf buf = new ByteBuf(16);
        buf.write("0123456789abcdefXYZ".getBytes(StandardCharsets.US_ASCII));
        buf.release();

        assertThat(buf.length()).isZero();
        assertThat(buf.array()).isEmpty();
        buf.writeByte('a').write("bc".getBytes(StandardCharsets.US_ASCII)).writeDecimal(42);
        assertThat(buf.toString()).isEqualTo("abc42");
        assertThat(buf.array().length).isEqualTo(256);
    }

    @Test
    void decimalsAreWrittenInAsciiIncludingTheExtremes() {
        ByteBuf buf = new ByteBuf(16);
        buf.writeDecimal(0).writeByte(' ').writeDecimal(200).writeByte(' ').writeDecimal(-42)
            .writeByte(' ').writeDecimal(Long.MAX_VALUE).writeByte(' ').writeDecimal(Long.MIN_VALUE);

        assertThat(buf.toString()).isEqualTo("0 200 -42 9223372036854775807 -9223372036854775808");
    }

    @Test
    void claimedBytesGrowTheBufferAndAreFilledInPlace() {
        ByteBuf buf = new ByteBuf(16);
        buf.write("0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        int at = buf.claim(3);
        buf.array()[at] = 'x';
        buf.array()[at + 1] = 'y';
        buf.array()[at + 2] = 'z';

        assertThat(at).isEqualTo(16);
        assertThat(buf.length()).isEqualTo(19);
        assertThat(buf.toString()).isEqualTo("0123456789abcdefxyz");
        assertThatThrownBy(() -> buf.claim(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hexIsLowerCaseWithoutLeadingZeros() {
        ByteBuf buf = new ByteBuf();
        buf.writeHex(0).writeByte(' ').writeHex(255).writeByte(' ').writeHex(0x1000).writeByte(' ').writeHex(Long.MAX_VALUE);

        assertThat(buf.toString()).isEqualTo("0 ff 1000 7fffffffffffffff");
    }

    @Test
    void growsPastItsInitialCapacityAndKeepsTheContent() {
        ByteBuf buf = new ByteBuf(16);
        for (int i = 0; i < 1000; i++) {
            buf.writeByte('a' + i % 26);
        }
        buf.write("tail".getBytes(StandardCharsets.US_ASCII));

        assertThat(buf.length()).isEqualTo(1004);
        assertThat(buf.toString()).startsWith("abcdefghijklmnopqrstuvwxyzab").endsWith("tail");
    }

    @Test
    void latin1WritesOneBytePerCharAndReplacesWiderChars() {
        ByteBuf buf = new ByteBuf();
        buf.writeLatin1("caf\u00e9 \u20ac");

        assertThat(java.util.Arrays.copyOf(buf.array(), buf.length()))
            .containsExactly('c', 'a', 'f', (byte) 0xE9, ' ', '?');
    }

    @Test
    void resetEmptiesTheBufferForReuseAndWriteToCopiesOnlyTheContent() throws IOException {
        ByteBuf buf = new ByteBuf();
        buf.writeLatin1("first message");
        buf.reset().writeLatin1("second");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        buf.write(new byte[] {'x', '!', 'y'}, 1, 1).writeTo(out);

        assertThat(out.toString(StandardCharsets.ISO_8859_1)).isEqualTo("second!");
    }
}
