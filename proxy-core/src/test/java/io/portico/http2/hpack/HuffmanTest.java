package io.portico.http2.hpack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.io.ByteBuf;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class HuffmanTest {

    /** RFC 7541 Appendix C.4 and C.6: each string with its Huffman code. */
    private static final String[][] RFC_STRINGS = {
        {"www.example.com", "f1e3 c2e5 f23a 6ba0 ab90 f4ff"},
        {"no-cache", "a8eb 1064 9cbf"},
        {"custom-key", "25a8 49e9 5ba9 7d7f"},
        {"custom-value", "25a8 49e9 5bb8 e8b4 bf"},
        {"302", "6402"},
        {"307", "640e ff"},
        {"private", "aec3 771a 4b"},
        {"Mon, 21 Oct 2013 20:13:21 GMT", "d07a be94 1054 d444 a820 0595 040b 8166 e082 a62d 1bff"},
        {"Mon, 21 Oct 2013 20:13:22 GMT", "d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff"},
        {"https://www.example.com", "9d29 ad17 1863 c78f 0b97 c8e9 ae82 ae43 d3"},
        {"gzip", "9bd9 ab"},
        {"foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1",
            "94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07"},
    };

    @Test
    void theCodeTableIsTheCanonicalCompleteCodeOfAppendixB() {
        // Kraft: a complete prefix code has sum(2^-len) == 1 exactly.
        BigInteger sum = BigInteger.ZERO;
        for (int s = 0; s <= Huffman.EOS; s++) {
            sum = sum.add(BigInteger.ONE.shiftLeft(30 - Huffman.codeLength(s)));
        }
        assertThat(sum).isEqualTo(BigInteger.ONE.shiftLeft(30));
        // Canonical: ordered by (length, symbol), each code is the previous plus one, shifted to its length.
        Integer[] order = IntStream.rangeClosed(0, Huffman.EOS).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.<Integer>comparingInt(Huffman::codeLength).thenComparing(s -> s));
        int code = 0;
        int previousLength = Huffman.codeLength(order[0]);
        for (int i = 0; i < order.length; i++) {
            int length = Huffman.codeLength(order[i]);
            if (i > 0) {
                code = (code + 1) << (length - previousLength);
            }
            previousLength = length;
            assertThat(Huffman.code(order[i])).as("code of %d", order[i]).isEqualTo(code);
        }
        // A few entries as printed in the RFC.
        assertThat(Huffman.code('0')).isEqualTo(0x0);
        assertThat(Huffman.codeLength('0')).isEqualTo(5);
        assertThat(Huffman.code(' ')).isEqualTo(0x14);
        assertThat(Huffman.code(0)).isEqualTo(0x1ff8);
        assertThat(Huffman.codeLength(0)).isEqualTo(13);
        assertThat(Huffman.code(10)).isEqualTo(0x3ffffffc);
        assertThat(Huffman.code(Huffman.EOS)).isEqualTo(0x3fffffff);
        assertThat(Huffman.codeLength(Huffman.EOS)).isEqualTo(30);
    }

    @Test
    void theRfcExampleStringsEncodeAndDecodeToTheirPrintedCodes() {
        for (String[] example : RFC_STRINGS) {
            assertThat(encode(example[0])).as(example[0]).isEqualTo(hex(example[1]));
            assertThat(Huffman.encodedLength(example[0], false)).isEqualTo(hex(example[1]).length);
            assertThat(decode(hex(example[1]))).as(example[1]).isEqualTo(example[0]);
        }
    }

    @Test
    void everyOctetValueRoundTripsAloneAndAllTogether() {
        StringBuilder all = new StringBuilder();
        for (int c = 0; c < 256; c++) {
            String one = String.valueOf((char) c);
            assertThat(decode(encode(one))).as("octet %d", c).isEqualTo(one);
            all.append((char) c);
        }
        String s = all.toString();
        assertThat(decode(encode(s))).isEqualTo(s);
        String reversed = new StringBuilder(s).reverse().toString();
        assertThat(decode(encode(s + reversed))).isEqualTo(s + reversed);
    }

    @Test
    void randomStringsRoundTripAndTheirLengthIsPredicted() {
        Random random = new Random(7541);
        for (int i = 0; i < 2000; i++) {
            char[] chars = new char[random.nextInt(64)];
            for (int j = 0; j < chars.length; j++) {
                chars[j] = (char) (i % 2 == 0 ? random.nextInt(256) : 32 + random.nextInt(95));
            }
            String s = new String(chars);
            byte[] coded = encode(s);
            assertThat(coded).hasSize(Huffman.encodedLength(s, false));
            assertThat(decode(coded)).isEqualTo(s);
        }
    }

    @Test
    void lowerCasingFoldsOnlyAsciiLettersAndCharsAboveFfBecomeQuestionMarks() {
        ByteBuf out = new ByteBuf();
        String name = "X-Forwarded-For";
        Huffman.encode(name, true, Huffman.encodedLength(name, true), out);
        assertThat(decode(bytes(out))).isEqualTo("x-forwarded-for");
        assertThat(decode(encode("caf\u00e9 \u20ac"))).isEqualTo("caf\u00e9 ?");
    }

    @Test
    void eosInsideAStringIsRejected() {
        // 30 one-bits are EOS; two more make 32 bits = four octets of 0xff.
        assertThatThrownBy(() -> decode(hex("ffff ffff"))).isInstanceOf(HpackException.class).hasMessageContaining("EOS");
        // 'a' (00011) then EOS then padding.
        byte[] aThenEos = encodeBits("00011" + "1".repeat(30) + "1");
        assertThatThrownBy(() -> decode(aThenEos)).isInstanceOf(HpackException.class).hasMessageContaining("EOS");
    }

    @Test
    void paddingLongerThanSevenBitsIsRejected() {
        // 'a' then 3 padding bits, then a whole octet of ones: 11 bits of padding.
        assertThatThrownBy(() -> decode(hex("1fff"))).isInstanceOf(HpackException.class)
                .hasMessageContaining("longer than 7 bits");
        // A lone octet of ones: 8 bits of padding and no symbol.
        assertThatThrownBy(() -> decode(hex("ff"))).isInstanceOf(HpackException.class)
                .hasMessageContaining("longer than 7 bits");
    }

    @Test
    void paddingThatIsNotAllOnesIsRejected() {
        // 'a' (00011) then 000.
        assertThatThrownBy(() -> decode(hex("18"))).isInstanceOf(HpackException.class)
                .hasMessageContaining("not all ones");
        // 'a' then 110.
        assertThatThrownBy(() -> decode(hex("1e"))).isInstanceOf(HpackException.class)
                .hasMessageContaining("not all ones");
        // The same with the padding right: fine.
        assertThat(decode(hex("1f"))).isEqualTo("a");
    }

    @Test
    void anEmptyCodeDecodesToAnEmptyString() {
        assertThat(decode(new byte[0])).isEmpty();
        assertThat(Huffman.encodedLength("", false)).isZero();
    }

    @Test
    void decodingPastTheLimitStopsWritingButCountsAndChecksTheWholeString() {
        byte[] coded = encode("hello, world");
        byte[] dst = new byte[20];
        Arrays.fill(dst, (byte) '#');
        int n = Huffman.decode(coded, 0, coded.length, dst, 2, 7);
        assertThat(n).isEqualTo(12);
        assertThat(new String(dst, 0, 8, StandardCharsets.ISO_8859_1)).isEqualTo("##hello#");
        byte[] bad = Arrays.copyOf(coded, coded.length + 1);
        bad[coded.length] = 0x00;
        assertThatThrownBy(() -> Huffman.decode(bad, 0, bad.length, dst, 0, 1)).isInstanceOf(HpackException.class);
    }

    @Test
    void theLongestDecodingIsBoundedByTheShortestCode() {
        String zeros = "0".repeat(40);
        byte[] coded = encode(zeros);
        assertThat(coded).hasSize(25);
        assertThat(Huffman.maxDecodedLength(coded.length)).isEqualTo(40);
    }

    private static byte[] encode(String s) {
        ByteBuf out = new ByteBuf();
        Huffman.encode(s, false, Huffman.encodedLength(s, false), out);
        return bytes(out);
    }

    private static String decode(byte[] coded) {
        byte[] dst = new byte[Huffman.maxDecodedLength(coded.length)];
        int n = Huffman.decode(coded, 0, coded.length, dst, 0, dst.length);
        return new String(dst, 0, n, StandardCharsets.ISO_8859_1);
    }

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replace(" ", ""));
    }

    private static byte[] bytes(ByteBuf out) {
        return Arrays.copyOf(out.array(), out.length());
    }

    /** Octets from a bit string, padded with ones. */
    private static byte[] encodeBits(String bits) {
        String padded = bits + "1".repeat((8 - bits.length() % 8) % 8);
        byte[] out = new byte[padded.length() / 8];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(padded.substring(8 * i, 8 * i + 8), 2);
        }
        return out;
    }
}
