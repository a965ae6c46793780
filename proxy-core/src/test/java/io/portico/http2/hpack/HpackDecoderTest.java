package io.portico.http2.hpack;

import static io.portico.http2.hpack.Blocks.entries;
import static io.portico.http2.hpack.Blocks.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.portico.http2.hpack.Blocks.Collector;
import io.portico.http2.hpack.Blocks.Field;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 7541 Appendix C, decoded from the exact octets, with the dynamic table after each block. */
class HpackDecoderTest {
    static final String C3_1 = "8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d";
    static final String C3_2 = "8286 84be 5808 6e6f 2d63 6163 6865";
    static final String C3_3 = "8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65";
    static final String C4_1 = "8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff";
    static final String C4_2 = "8286 84be 5886 a8eb 1064 9cbf";
    static final String C4_3 = "8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf";
    static final String C5_1 = """
            4803 3330 3258 0770 7269 7661 7465 611d
            4d6f 6e2c 2032 3120 4f63 7420 3230 3133
            2032 303a 3133 3a32 3120 474d 546e 1768
            7474 7073 3a2f 2f77 7777 2e65 7861 6d70
            6c65 2e63 6f6d""";
    static final String C5_2 = "4803 3330 37c1 c0bf";
    static final String C5_3 = """
            88c1 611d 4d6f 6e2c 2032 3120 4f63 7420
            3230 3133 2032 303a 3133 3a32 3220 474d
            54c0 5a04 677a 6970 7738 666f 6f3d 4153
            444a 4b48 514b 425a 584f 5157 454f 5049
            5541 5851 5745 4f49 553b 206d 6178 2d61
            6765 3d33 3630 303b 2076 6572 7369 6f6e
            3d31""";
    static final String C6_1 = """
            4882 6402 5885 aec3 771a 4b61 96d0 7abe
            9410 54d4 44a8 2005 9504 0b81 66e0 82a6
            2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8
            e9ae 82ae 43d3""";
    static final String C6_2 = "4883 640e ffc1 c0bf";
    static final String C6_3 = """
            88c1 6196 d07a be94 1054 d444 a820 0595
            040b 8166 e084 a62d 1bff c05a 839b d9ab
            77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b
            3960 d5af 2708 7f36 72c1 ab27 0fb5 291f
            9587 3160 65c0 03ed 4ee5 b106 3d50 07""";

    static final List<Field> REQUEST_1 = List.of(Field.of(":method", "GET"), Field.of(":scheme", "http"),
            Field.of(":path", "/"), Field.of(":authority", "www.example.com"));
    static final List<Field> REQUEST_2 = List.of(Field.of(":method", "GET"), Field.of(":scheme", "http"),
            Field.of(":path", "/"), Field.of(":authority", "www.example.com"), Field.of("cache-control", "no-cache"));
    static final List<Field> REQUEST_3 = List.of(Field.of(":method", "GET"), Field.of(":scheme", "https"),
            Field.of(":path", "/index.html"), Field.of(":authority", "www.example.com"),
            Field.of("custom-key", "custom-value"));
    static final String DATE_21 = "Mon, 21 Oct 2013 20:13:21 GMT";
    static final String DATE_22 = "Mon, 21 Oct 2013 20:13:22 GMT";
    static final String COOKIE = "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1";
    static final List<Field> RESPONSE_1 = List.of(Field.of(":status", "302"), Field.of("cache-control", "private"),
            Field.of("date", DATE_21), Field.of("location", "https://www.example.com"));
    static final List<Field> RESPONSE_2 = List.of(Field.of(":status", "307"), Field.of("cache-control", "private"),
            Field.of("date", DATE_21), Field.of("location", "https://www.example.com"));
    static final List<Field> RESPONSE_3 = List.of(Field.of(":status", "200"), Field.of("cache-control", "private"),
            Field.of("date", DATE_22), Field.of("location", "https://www.example.com"),
            Field.of("content-encoding", "gzip"), Field.of("set-cookie", COOKIE));

    @Test
    void aLiteralWithIncrementalIndexingIsAddedToTheTable() {
        HpackDecoder decoder = new HpackDecoder(16384);
        assertThat(decode(decoder, "400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572"))
                .containsExactly(Field.of("custom-key", "custom-header"));
        assertThat(entries(decoder.table())).containsExactly("custom-key: custom-header");
        assertThat(decoder.table().size()).isEqualTo(55);
    }

    @Test
    void aLiteralWithoutIndexingLeavesTheTableEmpty() {
        HpackDecoder decoder = new HpackDecoder(16384);
        assertThat(decode(decoder, "040c 2f73 616d 706c 652f 7061 7468")).containsExactly(Field.of(":path", "/sample/path"));
        assertThat(decoder.table().length()).isZero();
        assertThat(decoder.table().size()).isZero();
    }

    @Test
    void aNeverIndexedLiteralReachesTheSinkMarkedSensitive() {
        HpackDecoder decoder = new HpackDecoder(16384);
        assertThat(decode(decoder, "1008 7061 7373 776f 7264 0673 6563 7265 74"))
                .containsExactly(new Field("password", "secret", true));
        assertThat(decoder.table().length()).isZero();
    }

    @Test
    void anIndexedFieldComesFromTheStaticTable() {
        HpackDecoder decoder = new HpackDecoder(16384);
        assertThat(decode(decoder, "82")).containsExactly(Field.of(":method", "GET"));
        assertThat(decoder.table().length()).isZero();
    }

    @Test
    void theRequestSequenceWithoutHuffmanBuildsTheTableOfAppendixC3() {
        HpackDecoder decoder = new HpackDecoder(16384);
        assertThat(decode(decoder, C3_1)).isEqualTo(REQUEST_1);
        assertTable(decoder, 57, ":authority: www.example.com");
        assertThat(decode(decoder, C3_2)).isEqualTo(REQUEST_2);
        assertTable(decoder, 110, "cache-control: no-cache", ":authority: www.example.com");
        assertThat(decode(decoder, C3_3)).isEqualTo(REQUEST_3);
        assertTable(decoder, 164, "custom-key: custom-value", "cache-control: no-cache", ":authority: www.example.com");
    }

    @Test
    void theRequestSequenceWithHuffmanBuildsTheSameTables() {
        HpackDecoder decoder = new HpackDecoder(16384);
        assertThat(decode(decoder, C4_1)).isEqualTo(REQUEST_1);
        assertTable(decoder, 57, ":authority: www.example.com");
        assertThat(decode(decoder, C4_2)).isEqualTo(REQUEST_2);
        assertTable(decoder, 110, "cache-control: no-cache", ":authority: www.example.com");
        assertThat(decode(decoder, C4_3)).isEqualTo(REQUEST_3);
        assertTable(decoder, 164, "custom-key: custom-value", "cache-control: no-cache", ":authority: www.example.com");
    }

    @Test
    void huffmanStringsDecodeAfterTheScratchArrayWasReleased() {
        HpackDecoder decoder = new HpackDecoder(16384);
        assertThat(decode(decoder, C4_1)).isEqualTo(REQUEST_1);
        decoder.releaseScratch();
        assertThat(decode(decoder, C4_2)).isEqualTo(REQUEST_2);
        decoder.releaseScratch();
        assertThat(decode(decoder, C4_3)).isEqualTo(REQUEST_3);
        assertTable(decoder, 164, "custom-key: custom-value", "cache-control: no-cache", ":authority: www.example.com");
    }

    @Test
    void theResponseSequenceWithoutHuffmanEvictsFromA256OctetTable() {
        HpackDecoder decoder = new HpackDecoder(256, 16384);
        assertThat(decode(decoder, C5_1)).isEqualTo(RESPONSE_1);
        assertTable(decoder, 222, "location: https://www.example.com", "date: " + DATE_21, "cache-control: private",
                ":status: 302");
        assertThat(decode(decoder, C5_2)).isEqualTo(RESPONSE_2);
        assertTable(decoder, 222, ":status: 307", "location: https://www.example.com", "date: " + DATE_21,
                "cache-control: private");
        assertThat(decode(decoder, C5_3)).isEqualTo(RESPONSE_3);
        assertTable(decoder, 215, "set-cookie: " + COOKIE, "content-encoding: gzip", "date: " + DATE_22);
    }

    @Test
    void theResponseSequenceWithHuffmanEvictsTheSameEntries() {
        HpackDecoder decoder = new HpackDecoder(256, 16384);
        assertThat(decode(decoder, C6_1)).isEqualTo(RESPONSE_1);
        assertTable(decoder, 222, "location: https://www.example.com", "date: " + DATE_21, "cache-control: private",
                ":status: 302");
        assertThat(decode(decoder, C6_2)).isEqualTo(RESPONSE_2);
        assertTable(decoder, 222, ":status: 307", "location: https://www.example.com", "date: " + DATE_21,
                "cache-control: private");
        assertThat(decode(decoder, C6_3)).isEqualTo(RESPONSE_3);
        assertTable(decoder, 215, "set-cookie: " + COOKIE, "content-encoding: gzip", "date: " + DATE_22);
    }

    @Test
    void integersOfAppendixC1DecodeAsTableSizeUpdates() {
        // C.1.1: 10 with a 5-bit prefix; C.1.2: 1337 with a 5-bit prefix (the update's own prefix).
        HpackDecoder decoder = new HpackDecoder(16384);
        assertThat(decoder.decode(hex("2a"), new Collector())).isEqualTo(DecodeResult.COMPLETE);
        assertThat(decoder.table().capacity()).isEqualTo(10);
        decoder.decode(hex("3f9a0a"), new Collector());
        assertThat(decoder.table().capacity()).isEqualTo(1337);
        // The same values with leading zero continuation octets still decode (within five octets).
        decoder.decode(hex("3f9a8a80 00"), new Collector());
        assertThat(decoder.table().capacity()).isEqualTo(1337);
    }

    @Test
    void namesFromTheStaticTableAreItsOwnStringInstances() {
        HpackDecoder decoder = new HpackDecoder(16384);
        Collector sink = new Collector();
        // Indexed :method (2), literal with the name of :path (index 4) and of :path (index 5), then the dynamic copy.
        decoder.decode(Blocks.concat(hex("82 04"), Blocks.rawString("/a"), hex("05"), Blocks.rawString("/b"),
                hex("41"), Blocks.rawString("example.com"), hex("be")), sink);
        assertThat(sink.fields.get(0).name()).isSameAs(StaticTable.name(2));
        assertThat(sink.fields.get(1).name()).isSameAs(StaticTable.name(4));
        assertThat(sink.fields.get(2).name()).isSameAs(StaticTable.name(4));
        assertThat(sink.fields.get(3).name()).isSameAs(StaticTable.name(1));
        assertThat(sink.fields.get(4).name()).isSameAs(StaticTable.name(1));
        assertThat(sink.fields.get(4).value()).isSameAs(sink.fields.get(3).value());
    }

    @Test
    void aDecoderKeepsItsTableAcrossManyBlocks() {
        HpackDecoder decoder = new HpackDecoder(16384);
        // Block i adds x-n: i (incremental indexing, new name) and repeats the previous one by index.
        for (int i = 0; i < 300; i++) {
            byte[] add = Blocks.concat(hex("40"), Blocks.rawString("x-n"), Blocks.rawString(Integer.toString(i)));
            byte[] block = i == 0 ? add : Blocks.concat(hex("be"), add);
            List<Field> fields = decode(decoder, block);
            if (i > 0) {
                assertThat(fields.get(0)).isEqualTo(Field.of("x-n", Integer.toString(i - 1)));
            }
        }
        // 4096 / (3 + 3 + 32) = 107 entries of three-digit values fit.
        assertThat(decoder.table().length()).isEqualTo(107);
        assertThat(decoder.table().value(1)).isEqualTo("299");
        assertThat(decoder.table().value(107)).isEqualTo("193");
    }

    @Test
    void anEmptyBlockIsAnEmptyList() {
        assertThat(decode(new HpackDecoder(16384), "")).isEmpty();
    }

    @Test
    void aBlockInsideALargerArrayIsReadBetweenItsBounds() {
        HpackDecoder decoder = new HpackDecoder(16384);
        byte[] framed = Blocks.concat(hex("ffff"), hex(C4_1), hex("ffff"));
        Collector sink = new Collector();
        assertThat(decoder.decode(framed, 2, framed.length - 4, sink)).isEqualTo(DecodeResult.COMPLETE);
        assertThat(sink.fields).isEqualTo(REQUEST_1);
    }

    static List<Field> decode(HpackDecoder decoder, String hex) {
        return decode(decoder, hex(hex));
    }

    static List<Field> decode(HpackDecoder decoder, byte[] block) {
        Collector sink = new Collector();
        assertThat(decoder.decode(block, sink)).isEqualTo(DecodeResult.COMPLETE);
        return sink.fields;
    }

    private static void assertTable(HpackDecoder decoder, long size, String... entries) {
        assertThat(entries(decoder.table())).containsExactly(entries);
        assertThat(decoder.table().size()).isEqualTo(size);
    }
}
