package io.portico.http2.hpack;

import static io.portico.http2.hpack.Blocks.concat;
import static io.portico.http2.hpack.Blocks.hex;
import static io.portico.http2.hpack.Blocks.integer;
import static io.portico.http2.hpack.Blocks.rawString;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.http2.hpack.Blocks.Collector;
import io.portico.http2.hpack.Blocks.Field;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/** COMPRESSION_ERRORs, the header list limit, and malformed fields. */
class HpackDecoderErrorsTest {

    @Test
    void indexZeroIsACompressionError() {
        assertRejected("80", "index 0");
    }

    @Test
    void anIndexPastTheDynamicTableIsACompressionError() {
        assertRejected("be", "past the dynamic table");
        // A literal naming index 62 on an empty table.
        assertRejected(concat(hex("7e"), rawString("v")), "past the dynamic table");
        HpackDecoder decoder = new HpackDecoder(16384);
        decoder.decode(concat(hex("40"), rawString("x"), rawString("y")), new Collector());
        assertThat(decoder.decode(hex("be"), new Collector())).isEqualTo(DecodeResult.COMPLETE);
        assertThatThrownBy(() -> decoder.decode(hex("bf"), new Collector())).isInstanceOf(HpackException.class);
    }

    @Test
    void aTableSizeUpdateAboveTheLimitIsACompressionError() {
        assertRejected(integer(0x20, 5, 4097), "above the limit of 4096");
        HpackDecoder decoder = new HpackDecoder(16384);
        assertThat(decoder.decode(integer(0x20, 5, 4096), new Collector())).isEqualTo(DecodeResult.COMPLETE);
        decoder.maxTableSize(8192);
        assertThat(decoder.decode(integer(0x20, 5, 8192), new Collector())).isEqualTo(DecodeResult.COMPLETE);
        assertThat(decoder.table().capacity()).isEqualTo(8192);
    }

    @Test
    void aTableSizeUpdateAfterAFieldIsACompressionError() {
        assertRejected("82 20", "after a field");
        assertRejected("20 82 3f e1 1f", "after a field");
    }

    @Test
    void twoTableSizeUpdatesMayStartABlockButNotThree() {
        HpackDecoder decoder = new HpackDecoder(16384);
        Collector sink = new Collector();
        assertThat(decoder.decode(hex("20 3fe11f 82"), sink)).isEqualTo(DecodeResult.COMPLETE);
        assertThat(decoder.table().capacity()).isEqualTo(4096);
        assertThat(sink.fields).containsExactly(Field.of(":method", "GET"));
        assertRejected("20 20 20 82", "more than two");
    }

    @Test
    void aSmallerTableSizeUpdateEvictsAtOnce() {
        HpackDecoder decoder = new HpackDecoder(16384);
        decoder.decode(hex(HpackDecoderTest.C3_1), new Collector());
        decoder.decode(hex(HpackDecoderTest.C3_2), new Collector());
        assertThat(decoder.table().length()).isEqualTo(2);
        // Down to 60 octets (only the newest entry, 53 octets, fits), then back up to 4096.
        Collector sink = new Collector();
        decoder.decode(concat(integer(0x20, 5, 60), integer(0x20, 5, 4096), hex("be")), sink);
        assertThat(sink.fields).containsExactly(Field.of("cache-control", "no-cache"));
        assertThat(decoder.table().length()).isEqualTo(1);
        assertThat(decoder.table().capacity()).isEqualTo(4096);
        assertThatThrownBy(() -> decoder.decode(hex("bf"), new Collector())).isInstanceOf(HpackException.class);
    }

    @Test
    void afterTheLimitGoesDownTheNextBlockMustStartWithAnUpdate() {
        HpackDecoder decoder = new HpackDecoder(16384);
        decoder.maxTableSize(1024);
        assertThatThrownBy(() -> decoder.decode(hex("82"), new Collector())).isInstanceOf(HpackException.class)
                .hasMessageContaining("size update owed");

        HpackDecoder obliging = new HpackDecoder(16384);
        obliging.maxTableSize(1024);
        assertThat(obliging.decode(concat(integer(0x20, 5, 1024), hex("82")), new Collector()))
                .isEqualTo(DecodeResult.COMPLETE);
        assertThat(obliging.decode(hex("82"), new Collector())).isEqualTo(DecodeResult.COMPLETE);
        // A raised limit owes nothing.
        obliging.maxTableSize(65536);
        assertThat(obliging.decode(hex("82"), new Collector())).isEqualTo(DecodeResult.COMPLETE);
        assertThat(obliging.table().capacity()).isEqualTo(1024);
    }

    @Test
    void huffmanWithEosIsACompressionError() {
        // Literal without indexing, new name, Huffman name of four octets of ones (EOS + 2 bits).
        assertRejected(concat(hex("00 84 ffffffff"), rawString("v")), "EOS");
    }

    @Test
    void huffmanPaddingLongerThanSevenBitsIsACompressionError() {
        // Value 'a' then 11 bits of ones.
        assertRejected(concat(hex("00"), rawString("x"), hex("82 1fff")), "longer than 7 bits");
    }

    @Test
    void huffmanPaddingThatIsNotAllOnesIsACompressionError() {
        assertRejected(concat(hex("00"), rawString("x"), hex("81 18")), "not all ones");
    }

    @Test
    void anIntegerAboveIntMaxIsACompressionError() {
        // Index with a 7-bit prefix: 127 + 0x7f + 0x7f<<7 + 0x7f<<14 + 0x7f<<21 + 0x0f<<28 > 2^31 - 1.
        assertRejected("ff ff ff ff ff 0f", "above 2^31-1");
        // A string length just as large.
        assertRejected("00 7f ff ff ff ff 0f", "above 2^31-1");
    }

    @Test
    void anIntegerWithALongRunOfContinuationOctetsIsACompressionError() {
        // Zero-valued continuation octets keep the value small; the sixth is too many.
        assertRejected("ff 80 80 80 80 80 00", "more than five continuation octets");
        assertRejected("ff" + " 80".repeat(1000) + " 00", "more than five continuation octets");
    }

    @Test
    void aTruncatedBlockIsACompressionError() {
        assertRejected("ff", "past the end of the block");
        assertRejected(concat(hex("00 05"), "ab".getBytes()), "past the end of the block");
        assertRejected(concat(hex("00"), rawString("x")), "ends before its string");
        assertRejected("40", "ends before its string");
        // A huge declared length in a tiny block is refused before anything is allocated for it.
        assertRejected(concat(hex("00"), rawString("x"), integer(0x80, 7, 1 << 30)), "past the end of the block");
    }

    @Test
    void aHeaderListOverTheLimitIsReportedAfterTheFieldsThatFit() {
        HpackDecoder decoder = new HpackDecoder(100);
        Collector sink = new Collector();
        // :method GET is 42 octets, :path / 38: 80 fit; :scheme http (43) does not.
        DecodeResult result = decoder.decode(hex("82 84 86 87"), sink);
        assertThat(result).isEqualTo(new DecodeResult.TooLarge(42 + 38 + 43 + 44, 100));
        assertThat(sink.fields).containsExactly(Field.of(":method", "GET"), Field.of(":path", "/"));
        // The next block starts afresh.
        assertThat(decoder.decode(hex("82"), new Collector())).isEqualTo(DecodeResult.COMPLETE);
    }

    @Test
    void anHpackBombIsStoppedByTheListLimitWithoutBuildingTheListAndTheTableStaysInStep() {
        HpackDecoder decoder = new HpackDecoder(8192);
        String big = "a".repeat(4000);
        // Block 1 puts one entry of 6 + 4000 + 32 = 4038 octets in the table.
        byte[] setUp = concat(hex("40"), rawString("x-bomb"), rawString(big));
        assertThat(decoder.decode(setUp, new Collector())).isEqualTo(DecodeResult.COMPLETE);
        // Block 2: 10,000 references to it (10 KiB) — a 40 MB header list — then a new entry.
        byte[] bomb = concat(hex("be".repeat(10_000)), hex("40"), rawString("x-after"), rawString("1"));
        warmUp(bomb);

        Collector sink = new Collector();
        long before = allocatedBytes();
        DecodeResult result = decoder.decode(bomb, sink);
        long allocated = allocatedBytes() - before;

        assertThat(result).isEqualTo(new DecodeResult.TooLarge(10_000L * 4038 + 7 + 1 + 32, 8192));
        assertThat(sink.fields).hasSize(2);
        assertThat(allocated).as("bytes allocated while decoding the bomb").isLessThan(16 * 1024);
        // The table took the entry after the limit was passed, and still holds the big one.
        assertThat(decoder.table().name(1)).isEqualTo("x-after");
        Collector next = new Collector();
        assertThat(decoder.decode(hex("bf be"), next)).isEqualTo(DecodeResult.COMPLETE);
        assertThat(next.fields).containsExactly(Field.of("x-bomb", big), Field.of("x-after", "1"));
    }

    @Test
    void aHuffmanStringLongerThanAnyLimitIsCheckedButNeverKept() {
        // 200 KiB less one of '0' in Huffman (5 bits each) in a literal without indexing; limits are 16 KiB and 4 KiB.
        String zeros = "0".repeat(200 * 1024 - 1);
        byte[] block = concat(hex("00"), rawString("x"), Blocks.huffmanString(zeros));
        HpackDecoder decoder = new HpackDecoder(16384);
        Collector sink = new Collector();
        DecodeResult result = decoder.decode(block, sink);
        assertThat(result).isEqualTo(new DecodeResult.TooLarge(1 + 200 * 1024 - 1 + 32, 16384));
        assertThat(sink.fields).isEmpty();
        assertThat(decoder.decode(hex("82"), new Collector())).isEqualTo(DecodeResult.COMPLETE);
        // The code is still checked to its end: the last octet holds three code bits and five of padding;
        // as 000 01010 it ends in the first five bits of a six-bit code instead.
        byte[] bad = block.clone();
        bad[bad.length - 1] = 0x0A;
        assertThatThrownBy(() -> new HpackDecoder(16384).decode(bad, new Collector()))
                .isInstanceOf(HpackException.class).hasMessageContaining("not all ones");
    }

    @Test
    void anIndexedEntryTooLargeForTheTableEmptiesIt() {
        HpackDecoder decoder = new HpackDecoder(16384);
        decoder.decode(hex(HpackDecoderTest.C3_1), new Collector());
        Collector sink = new Collector();
        assertThat(decoder.decode(concat(hex("40"), rawString("x-big"), rawString("b".repeat(5000))), sink))
                .isEqualTo(DecodeResult.COMPLETE);
        assertThat(sink.fields).hasSize(1);
        assertThat(decoder.table().length()).isZero();
        assertThat(decoder.table().size()).isZero();
    }

    @Test
    void anUpperCaseNameIsMalformedAndDecodingGoesOnToKeepTheTable() {
        HpackDecoder decoder = new HpackDecoder(16384);
        Collector sink = new Collector();
        byte[] block = concat(hex("82"), hex("40"), rawString("X-Up"), rawString("1"), hex("40"), rawString("x-ok"),
                rawString("2"));
        DecodeResult result = decoder.decode(block, sink);
        assertThat(result).isEqualTo(new DecodeResult.Malformed("upper-case letter in a field name"));
        assertThat(sink.fields).containsExactly(Field.of(":method", "GET"));
        assertThat(Blocks.entries(decoder.table())).containsExactly("x-ok: 2", "X-Up: 1");
        // The bad entry stays bad when indexed; the good one is fine.
        assertThat(decoder.decode(hex("be"), new Collector())).isEqualTo(DecodeResult.COMPLETE);
        assertThat(decoder.decode(hex("bf"), new Collector())).isInstanceOf(DecodeResult.Malformed.class);
        // Its name used for a new literal is still bad; a good name with its value is fine.
        assertThat(decoder.decode(concat(hex("0f 30"), rawString("3")), new Collector()))
                .isInstanceOf(DecodeResult.Malformed.class);
    }

    @Test
    void aBadValueInATableEntryDoesNotTaintItsNameForANewLiteral() {
        HpackDecoder decoder = new HpackDecoder(16384);
        decoder.decode(concat(hex("40"), rawString("x-v"), rawString("a\rb")), new Collector());
        Collector sink = new Collector();
        // Literal without indexing, name = dynamic index 62, a good value.
        assertThat(decoder.decode(concat(hex("0f 2f"), rawString("fine")), sink)).isEqualTo(DecodeResult.COMPLETE);
        assertThat(sink.fields).containsExactly(Field.of("x-v", "fine"));
        assertThat(decoder.decode(hex("be"), new Collector()))
                .isEqualTo(new DecodeResult.Malformed("field value with NUL, CR, LF or another control octet"));
    }

    @Test
    void namesAndValuesAreCheckedAsRfc9113AndTheHttp1ParserWant() {
        assertMalformed("", "v", "empty field name");
        assertMalformed(":", "v", "outside a token");
        assertMalformed("a:b", "v", "outside a token");
        assertMalformed("::path", "v", "outside a token");
        assertMalformed("a b", "v", "outside a token");
        assertMalformed("caf\u00e9", "v", "outside a token");
        assertMalformed("x\u0000", "v", "outside a token");
        assertMalformed("Host", "v", "upper-case");
        assertMalformed("x", "a\u0000b", "control");
        assertMalformed("x", "a\nb", "control");
        assertMalformed("x", "a\rb", "control");
        assertMalformed("x", "a\u0001b", "control");
        assertMalformed("x", "a\u007fb", "control");
        assertMalformed("x", " a", "whitespace");
        assertMalformed("x", "a\t", "whitespace");
        assertWellFormed(":path", "/a b?c=\u00e9");
        assertWellFormed("x-weird!#$%&'*+-.^_`|~09az", "");
        assertWellFormed("x", "a\tb c");
    }

    @Test
    void checksApplyToHuffmanLiteralsToo() {
        byte[] block = concat(hex("00"), Blocks.huffmanString("Bad"), Blocks.huffmanString("v"));
        assertThat(new HpackDecoder(16384).decode(block, new Collector()))
                .isEqualTo(new DecodeResult.Malformed("upper-case letter in a field name"));
    }

    @Test
    void theFirstProblemDecidesTheResult() {
        HpackDecoder decoder = new HpackDecoder(50);
        byte[] malformedThenLarge = concat(hex("00"), rawString("A"), rawString("1"), hex("82 82"));
        assertThat(decoder.decode(malformedThenLarge, new Collector())).isInstanceOf(DecodeResult.Malformed.class);
        byte[] largeThenMalformed = concat(hex("82 82"), hex("00"), rawString("A"), rawString("1"));
        assertThat(decoder.decode(largeThenMalformed, new Collector())).isInstanceOf(DecodeResult.TooLarge.class);
    }

    private static void assertMalformed(String name, String value, String reason) {
        Collector sink = new Collector();
        byte[] block = concat(hex("00"), rawString(name), rawString(value));
        DecodeResult result = new HpackDecoder(16384).decode(block, sink);
        assertThat(result).as("%s: %s", name, value).isInstanceOf(DecodeResult.Malformed.class);
        assertThat(((DecodeResult.Malformed) result).reason()).contains(reason);
        assertThat(sink.fields).isEmpty();
    }

    private static void assertWellFormed(String name, String value) {
        Collector sink = new Collector();
        assertThat(new HpackDecoder(16384).decode(concat(hex("00"), rawString(name), rawString(value)), sink))
                .isEqualTo(DecodeResult.COMPLETE);
        assertThat(sink.fields).containsExactly(Field.of(name, value));
    }

    private static void assertRejected(String hex, String message) {
        assertRejected(hex(hex), message);
    }

    private static void assertRejected(byte[] block, String message) {
        assertThatThrownBy(() -> new HpackDecoder(16384).decode(block, new Collector()))
                .isInstanceOf(HpackException.class).hasMessageContaining(message);
    }

    private static void warmUp(byte[] bomb) {
        for (int i = 0; i < 20; i++) {
            HpackDecoder d = new HpackDecoder(8192);
            d.decode(concat(hex("40"), rawString("x-bomb"), rawString("a".repeat(4000))), new Collector());
            d.decode(bomb, new Collector());
            allocatedBytes();
        }
    }

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().threadId());
    }
}
