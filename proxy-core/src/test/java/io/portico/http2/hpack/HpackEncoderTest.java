package io.portico.http2.hpack;

import static io.portico.http2.hpack.Blocks.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.http.HttpFields;
import io.portico.http2.hpack.Blocks.Collector;
import io.portico.http2.hpack.Blocks.Field;
import io.portico.io.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HpackEncoderTest {
    /** C.5.3 and C.6.3 index set-cookie (0x77); this encoder sends it never-indexed with its static name (0x1f 0x28). */
    private static final String C5_3 = HpackDecoderTest.C5_3.replace("7738 666f", "1f28 38 666f");
    private static final String C6_3 = HpackDecoderTest.C6_3.replace("77ad 94e7", "1f28 ad 94e7");

    @Test
    void theRequestExamplesWithoutHuffmanAreWrittenOctetForOctet() {
        HpackEncoder encoder = new HpackEncoder(4096, 4096, false);
        assertThat(encode(encoder, HpackDecoderTest.REQUEST_1)).isEqualTo(compact(HpackDecoderTest.C3_1));
        assertThat(encode(encoder, HpackDecoderTest.REQUEST_2)).isEqualTo(compact(HpackDecoderTest.C3_2));
        assertThat(encode(encoder, HpackDecoderTest.REQUEST_3)).isEqualTo(compact(HpackDecoderTest.C3_3));
        assertThat(entries(encoder.table()))
                .containsExactly("custom-key: custom-value", "cache-control: no-cache", ":authority: www.example.com");
        assertThat(encoder.table().size()).isEqualTo(164);
    }

    @Test
    void theRequestExamplesWithHuffmanAreWrittenOctetForOctet() {
        HpackEncoder encoder = new HpackEncoder();
        assertThat(encode(encoder, HpackDecoderTest.REQUEST_1)).isEqualTo(compact(HpackDecoderTest.C4_1));
        assertThat(encode(encoder, HpackDecoderTest.REQUEST_2)).isEqualTo(compact(HpackDecoderTest.C4_2));
        assertThat(encode(encoder, HpackDecoderTest.REQUEST_3)).isEqualTo(compact(HpackDecoderTest.C4_3));
        assertThat(encoder.table().size()).isEqualTo(164);
    }

    @Test
    void theResponseExamplesAreWrittenOctetForOctetButForSetCookieWhichIsNeverIndexed() {
        HpackEncoder encoder = new HpackEncoder(256, 256, false);
        assertThat(encodeResponse(encoder, HpackDecoderTest.RESPONSE_1)).isEqualTo(compact(HpackDecoderTest.C5_1));
        assertThat(entries(encoder.table())).containsExactly("location: https://www.example.com",
                "date: " + HpackDecoderTest.DATE_21, "cache-control: private", ":status: 302");
        assertThat(encoder.table().size()).isEqualTo(222);
        assertThat(encodeResponse(encoder, HpackDecoderTest.RESPONSE_2)).isEqualTo(compact(HpackDecoderTest.C5_2));
        assertThat(encoder.table().size()).isEqualTo(222);
        assertThat(encodeResponse(encoder, HpackDecoderTest.RESPONSE_3)).isEqualTo(compact(C5_3));
        assertThat(entries(encoder.table())).containsExactly("content-encoding: gzip", "date: " + HpackDecoderTest.DATE_22,
                ":status: 307", "location: https://www.example.com");
        assertThat(encoder.table().size()).isEqualTo(222);
    }

    @Test
    void theHuffmanResponseExamplesAreWrittenOctetForOctetButForSetCookie() {
        HpackEncoder encoder = new HpackEncoder(256, 256, true);
        assertThat(encodeResponse(encoder, HpackDecoderTest.RESPONSE_1)).isEqualTo(compact(HpackDecoderTest.C6_1));
        // "307" is three octets raw and three in Huffman: the tie goes to Huffman, as in the RFC.
        assertThat(encodeResponse(encoder, HpackDecoderTest.RESPONSE_2)).isEqualTo(compact(HpackDecoderTest.C6_2));
        assertThat(encodeResponse(encoder, HpackDecoderTest.RESPONSE_3)).isEqualTo(compact(C6_3));
        // The decoder reads what the encoder wrote, with set-cookie marked sensitive.
        HpackDecoder decoder = new HpackDecoder(256, 16384);
        HpackDecoderTest.decode(decoder, HpackDecoderTest.C6_1);
        HpackDecoderTest.decode(decoder, HpackDecoderTest.C6_2);
        List<Field> third = HpackDecoderTest.decode(decoder, C6_3);
        assertThat(third.get(5)).isEqualTo(new Field("set-cookie", HpackDecoderTest.COOKIE, true));
        assertThat(Blocks.entries(decoder.table())).isEqualTo(entries(encoder.table()));
    }

    @Test
    void integersOfAppendixC1AreWrittenWithTheirPrefixes() {
        assertThat(hexOf(out -> HpackEncoder.writeInt(out, 0, 5, 10))).isEqualTo("0a");
        assertThat(hexOf(out -> HpackEncoder.writeInt(out, 0, 5, 1337))).isEqualTo("1f9a0a");
        assertThat(hexOf(out -> HpackEncoder.writeInt(out, 0, 8, 42))).isEqualTo("2a");
        assertThat(hexOf(out -> HpackEncoder.writeInt(out, 0xE0, 5, 31))).isEqualTo("ff00");
        assertThat(hexOf(out -> HpackEncoder.writeInt(out, 0x80, 7, Integer.MAX_VALUE))).isEqualTo("ff80ffffff07");
    }

    @Test
    void credentialsAndSetCookieAndShortCookiesAreNeverIndexed() {
        HpackEncoder encoder = new HpackEncoder();
        HpackDecoder decoder = new HpackDecoder(65536);
        List<Field> sent = List.of(Field.of("authorization", "Bearer abc"), Field.of("Proxy-Authorization", "Basic xyz"),
                Field.of("set-cookie", "id=1; Secure"), Field.of("cookie", "sid=short"),
                Field.of("cookie", "prefs=a-long-cookie-value-of-more-than-twenty-chars"));
        List<Field> got = roundTrip(encoder, decoder, sent);
        assertThat(got).containsExactly(new Field("authorization", "Bearer abc", true),
                new Field("proxy-authorization", "Basic xyz", true), new Field("set-cookie", "id=1; Secure", true),
                new Field("cookie", "sid=short", true),
                Field.of("cookie", "prefs=a-long-cookie-value-of-more-than-twenty-chars"));
        assertThat(entries(encoder.table())).containsExactly("cookie: prefs=a-long-cookie-value-of-more-than-twenty-chars");
        // The same fields again: the sensitive ones are literals again, the long cookie one octet.
        ByteBuf again = new ByteBuf();
        encoder.beginBlock(again);
        encoder.field("cookie", "prefs=a-long-cookie-value-of-more-than-twenty-chars", again);
        assertThat(Blocks.hex(again)).isEqualTo("be");
    }

    @Test
    void aFieldTheCallerMarksSensitiveIsNeverIndexedEvenWhenTheTableHasIt() {
        HpackEncoder encoder = new HpackEncoder();
        HpackDecoder decoder = new HpackDecoder(65536);
        roundTrip(encoder, decoder, List.of(Field.of("x-token", "abc")));
        ByteBuf out = new ByteBuf();
        encoder.beginBlock(out);
        encoder.field("x-token", "abc", true, out);
        encoder.field(":method", "GET", true, out);
        // Never indexed, name from the dynamic table (62 = 15 + 47), raw value; then :method's name from the static table.
        assertThat(Blocks.hex(out)).startsWith("1f2f");
        Collector sink = new Collector();
        decoder.decode(Blocks.bytes(out), sink);
        assertThat(sink.fields).containsExactly(new Field("x-token", "abc", true), new Field(":method", "GET", true));
    }

    @Test
    void fieldsWhoseValuesChangeEveryMessageAreNotIndexed() {
        HpackEncoder encoder = new HpackEncoder();
        for (String name : List.of(":path", "content-length", "content-range", "etag", "last-modified", "age",
                "if-modified-since", "if-none-match", "if-unmodified-since", "x-request-id", "traceparent", "X-Request-ID")) {
            ByteBuf out = new ByteBuf();
            encoder.beginBlock(out);
            encoder.field(name, "some-value-1234", out);
            assertThat(out.array()[0] & 0xF0).as(name).isEqualTo(0x00);
        }
        assertThat(encoder.table().length()).isZero();
    }

    @Test
    void aFieldLargerThanHalfTheTableIsNotIndexed() {
        HpackEncoder encoder = new HpackEncoder();
        HpackDecoder decoder = new HpackDecoder(65536);
        roundTrip(encoder, decoder, List.of(Field.of("x-a", "1")));
        roundTrip(encoder, decoder, List.of(Field.of("x-big", "v".repeat(2100))));
        assertThat(entries(encoder.table())).containsExactly("x-a: 1");
        roundTrip(encoder, decoder, List.of(Field.of("x-fits", "v".repeat(2000))));
        assertThat(entries(encoder.table())).containsExactly("x-fits: " + "v".repeat(2000), "x-a: 1");
        assertThat(Blocks.entries(decoder.table())).isEqualTo(entries(encoder.table()));
    }

    @Test
    void namesAreWrittenInLowerCaseAndMatchTablesWhateverTheirCase() {
        HpackEncoder encoder = new HpackEncoder(4096, 4096, false);
        ByteBuf out = new ByteBuf();
        encoder.beginBlock(out);
        encoder.field("Content-Type", "text/html", out);
        encoder.field("X-Custom", "1", out);
        encoder.field("x-CUSTOM", "1", out);
        encoder.field("Accept-Encoding", "gzip, deflate", out);
        // content-type: static name 31, incremental; x-custom: new name in lower case; then its entry; then static 16.
        assertThat(Blocks.hex(out)).isEqualTo("5f" + "09" + hexOf("text/html") + "40" + "08" + hexOf("x-custom")
                + "01" + "31" + "be" + "90");
        Collector sink = new Collector();
        new HpackDecoder(16384).decode(Blocks.bytes(out), sink);
        assertThat(sink.fields).extracting(Field::name).containsExactly("content-type", "x-custom", "x-custom", "accept-encoding");
    }

    @Test
    void onlyAsciiLettersFoldSoLookAlikeNamesMatchNothing() {
        // U+017F (long s) upper-cases to S and U+212A (Kelvin) lower-cases to k under String.equalsIgnoreCase.
        assertThat(StaticTable.info("\u017Fet-cookie", StaticTable.hash("\u017Fet-cookie"))).isEqualTo(-1);
        assertThat(StaticTable.info("lin\u212A", StaticTable.hash("lin\u212A"))).isEqualTo(-1);
        assertThat(StaticTable.nameIndex("SET-COOKIE", StaticTable.hash("SET-COOKIE"))).isEqualTo(55);
        assertThat(StaticTable.nameIndex(":status", StaticTable.hash(":status"))).isEqualTo(8);
        assertThat(StaticTable.fieldIndex(8, "404")).isEqualTo(13);
        assertThat(StaticTable.fieldIndex(8, "302")).isZero();
    }

    @Test
    void everyStaticEntryIsFoundByItsNameAndValue() {
        for (int i = 1; i <= StaticTable.LENGTH; i++) {
            String name = StaticTable.name(i);
            int nameIndex = StaticTable.nameIndex(name, StaticTable.hash(name));
            assertThat(StaticTable.name(nameIndex)).isSameAs(name);
            assertThat(nameIndex).isLessThanOrEqualTo(i);
            if (!StaticTable.value(i).isEmpty()) {
                assertThat(StaticTable.fieldIndex(nameIndex, StaticTable.value(i))).isEqualTo(i);
            }
        }
    }

    @Test
    void statusCodesInTheStaticTableTakeOneOctetAndOthersAreIndexedOnce() {
        HpackEncoder encoder = new HpackEncoder();
        ByteBuf out = new ByteBuf();
        encoder.beginBlock(out);
        for (int code : new int[] {200, 204, 206, 304, 400, 404, 500}) {
            encoder.status(code, out);
        }
        assertThat(Blocks.hex(out)).isEqualTo("88898a8b8c8d8e");
        out.reset();
        encoder.status(302, out);
        encoder.status(302, out);
        assertThat(Blocks.hex(out)).isEqualTo("48826402" + "be");
        assertThatThrownBy(() -> encoder.status(99, new ByteBuf())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> encoder.status(1000, new ByteBuf())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aSmallerPeerTableIsAnnouncedAtTheStartOfTheNextBlockAndEvictsAtOnce() {
        HpackEncoder encoder = new HpackEncoder();
        HpackDecoder decoder = new HpackDecoder(65536);
        roundTrip(encoder, decoder, HpackDecoderTest.REQUEST_3);
        assertThat(encoder.table().length()).isEqualTo(2);
        encoder.peerMaxTableSize(60);
        decoder.maxTableSize(60);
        // :authority (57) is evicted at once; custom-key (54) fits.
        assertThat(entries(encoder.table())).containsExactly("custom-key: custom-value");
        ByteBuf out = new ByteBuf();
        encoder.beginBlock(out);
        encoder.field(":method", "GET", out);
        assertThat(Blocks.hex(out)).isEqualTo("3f1d" + "82");
        Collector sink = new Collector();
        assertThat(decoder.decode(Blocks.bytes(out), sink)).isEqualTo(DecodeResult.COMPLETE);
        assertThat(decoder.table().capacity()).isEqualTo(60);
        assertThat(Blocks.entries(decoder.table())).isEqualTo(entries(encoder.table()));
    }

    @Test
    void aTableThatShrankAndGrewBetweenBlocksIsAnnouncedAsTheSmallestThenTheFinalSize() {
        HpackEncoder encoder = new HpackEncoder();
        HpackDecoder decoder = new HpackDecoder(65536);
        roundTrip(encoder, decoder, HpackDecoderTest.REQUEST_3);
        encoder.peerMaxTableSize(1000);
        encoder.peerMaxTableSize(0);
        encoder.peerMaxTableSize(2000);
        encoder.peerMaxTableSize(4096);
        ByteBuf out = new ByteBuf();
        encoder.beginBlock(out);
        assertThat(Blocks.hex(out)).isEqualTo("20" + "3fe11f");
        encoder.field("x-a", "1", out);
        List<Field> got = new ArrayList<>();
        assertThat(decoder.decode(Blocks.bytes(out), (n, v, s) -> got.add(new Field(n, v, s))))
                .isEqualTo(DecodeResult.COMPLETE);
        assertThat(Blocks.entries(decoder.table())).containsExactly("x-a: 1");
        assertThat(entries(encoder.table())).containsExactly("x-a: 1");
        // No change since: nothing more is written.
        out.reset();
        encoder.peerMaxTableSize(4096);
        encoder.beginBlock(out);
        assertThat(out.length()).isZero();
    }

    @Test
    void theEncoderKeepsToItsOwnMaximumWhateverThePeerAllows() {
        HpackEncoder encoder = new HpackEncoder(1024);
        ByteBuf out = new ByteBuf();
        encoder.beginBlock(out);
        // 1024 = 31 + 993: the table starts at the protocol's 4096, so the first block lowers it.
        assertThat(Blocks.hex(out)).isEqualTo("3fe107");
        encoder.peerMaxTableSize((1L << 32) - 1);
        out.reset();
        encoder.beginBlock(out);
        assertThat(out.length()).isZero();
        assertThat(encoder.table().capacity()).isEqualTo(1024);

        HpackEncoder noTable = new HpackEncoder(0);
        out.reset();
        noTable.beginBlock(out);
        noTable.field("x-a", "1", out);
        noTable.field("x-a", "1", out);
        assertThat(noTable.table().length()).isZero();
        Collector sink = new Collector();
        assertThat(new HpackDecoder(16384).decode(Blocks.bytes(out), sink)).isEqualTo(DecodeResult.COMPLETE);
        assertThat(sink.fields).containsExactly(Field.of("x-a", "1"), Field.of("x-a", "1"));
    }

    @Test
    void aFieldBeforeBeginBlockAfterASizeChangeIsAProgrammingError() {
        HpackEncoder encoder = new HpackEncoder();
        encoder.peerMaxTableSize(100);
        assertThatThrownBy(() -> encoder.field("x", "y", new ByteBuf())).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> encoder.status(200, new ByteBuf())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void encodingIsDeterministic() {
        List<Field> fields = HpackRoundTripTest.browserRequest();
        HpackEncoder a = new HpackEncoder();
        HpackEncoder b = new HpackEncoder();
        for (int i = 0; i < 3; i++) {
            assertThat(encode(a, fields)).isEqualTo(encode(b, fields));
        }
    }

    @Test
    void httpFieldsAreEncodedInOrder() {
        HttpFields fields = new HttpFields().add("Content-Type", "text/plain").add("Set-Cookie", "a=1").add("Set-Cookie", "b=2")
                .add("X-Trace", "\u20ac");
        HpackEncoder encoder = new HpackEncoder();
        ByteBuf out = new ByteBuf();
        encoder.beginBlock(out);
        encoder.status(201, out);
        encoder.fields(fields, out);
        Collector sink = new Collector();
        assertThat(new HpackDecoder(16384).decode(Blocks.bytes(out), sink)).isEqualTo(DecodeResult.COMPLETE);
        assertThat(sink.fields).containsExactly(Field.of(":status", "201"), Field.of("content-type", "text/plain"),
                new Field("set-cookie", "a=1", true), new Field("set-cookie", "b=2", true), Field.of("x-trace", "?"));
    }

    /** Encodes fields (sensitive ones marked) as one block; returns its hex. */
    static String encode(HpackEncoder encoder, List<Field> fields) {
        ByteBuf out = new ByteBuf();
        encoder.beginBlock(out);
        for (Field f : fields) {
            encoder.field(f.name(), f.value(), f.sensitive(), out);
        }
        return Blocks.hex(out);
    }

    /** Encodes a response: :status through {@link HpackEncoder#status}, the rest as fields. */
    private static String encodeResponse(HpackEncoder encoder, List<Field> fields) {
        ByteBuf out = new ByteBuf();
        encoder.beginBlock(out);
        encoder.status(Integer.parseInt(fields.get(0).value()), out);
        for (Field f : fields.subList(1, fields.size())) {
            encoder.field(f.name(), f.value(), out);
        }
        return Blocks.hex(out);
    }

    static List<Field> roundTrip(HpackEncoder encoder, HpackDecoder decoder, List<Field> fields) {
        Collector sink = new Collector();
        assertThat(decoder.decode(hex(encode(encoder, fields)), sink)).isEqualTo(DecodeResult.COMPLETE);
        return sink.fields;
    }

    static List<String> entries(EncoderTable t) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= t.length(); i++) {
            out.add(t.name(i) + ": " + t.value(i));
        }
        return out;
    }

    private static String compact(String hex) {
        return hex.replaceAll("\\s+", "");
    }

    private static String hexOf(String ascii) {
        return java.util.HexFormat.of().formatHex(ascii.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    private static String hexOf(java.util.function.Consumer<ByteBuf> writer) {
        ByteBuf out = new ByteBuf();
        writer.accept(out);
        return Blocks.hex(out);
    }
}
