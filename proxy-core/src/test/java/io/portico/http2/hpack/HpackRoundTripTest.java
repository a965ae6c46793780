package io.portico.http2.hpack;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.http2.hpack.Blocks.Collector;
import io.portico.http2.hpack.Blocks.Field;
import io.portico.io.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Seeded random field lists through an encoder and a decoder, and random octets through a decoder. */
class HpackRoundTripTest {
    private static final String[] NAMES = {
        ":method", ":path", ":authority", ":scheme", "accept", "Accept-Encoding", "user-agent", "cookie", "set-cookie",
        "authorization", "content-type", "Content-Length", "date", "etag", "x-request-id", "X-Custom", "x-custom",
        "x-a", "x-b", "x-long-name-for-a-header-field", "vary", "cache-control",
    };
    private static final String[] VALUES = {
        "GET", "POST", "/", "/index.html", "https", "http", "gzip, deflate", "text/html; charset=utf-8", "0", "1",
        "no-cache", "www.example.com", "caf\u00e9", "a b\tc", "",
    };
    private static final int[] TABLE_SIZES = {0, 64, 100, 256, 1000, 4096, 8192, 65536};

    /** A browser's request for a script: 14 fields as a page load sends them, the cookie long enough to index. */
    static List<Field> browserRequest() {
        return List.of(Field.of(":method", "GET"), Field.of(":scheme", "https"),
                Field.of(":authority", "www.example.com"), Field.of(":path", "/static/app.js?v=12"),
                Field.of("sec-ch-ua", "\"Chromium\";v=\"126\", \"Google Chrome\";v=\"126\""),
                Field.of("user-agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                        + "Chrome/126.0.0.0 Safari/537.36"),
                Field.of("accept", "*/*"), Field.of("sec-fetch-site", "same-origin"),
                Field.of("sec-fetch-mode", "no-cors"), Field.of("sec-fetch-dest", "script"),
                Field.of("referer", "https://www.example.com/"), Field.of("accept-encoding", "gzip, deflate, br, zstd"),
                Field.of("accept-language", "en-US,en;q=0.9"),
                Field.of("cookie", "session=8f14e45fceea167a5a36dedd4bea2543; theme=dark"));
    }

    @Test
    void randomFieldListsRoundTripAndBothTablesStayEqualThroughTableSizeChanges() {
        Random random = new Random(7541_9113L);
        int blocks = 0;
        for (int connection = 0; connection < 60; connection++) {
            int ownMaximum = TABLE_SIZES[random.nextInt(TABLE_SIZES.length)];
            HpackEncoder encoder = new HpackEncoder(ownMaximum);
            HpackDecoder decoder = new HpackDecoder(1 << 20);
            for (int block = 0; block < 150; block++, blocks++) {
                // The decoder's side sends SETTINGS (sometimes twice before a block): the encoder applies it on
                // receipt, the decoder once it is acknowledged.
                while (random.nextInt(8) == 0) {
                    int setting = TABLE_SIZES[random.nextInt(TABLE_SIZES.length)];
                    encoder.peerMaxTableSize(setting);
                    decoder.maxTableSize(setting);
                }
                List<Field> sent = randomFields(random);
                ByteBuf out = new ByteBuf();
                encoder.beginBlock(out);
                for (Field f : sent) {
                    encoder.field(f.name(), f.value(), f.sensitive(), out);
                }
                Collector sink = new Collector();
                assertThat(decoder.decode(Blocks.bytes(out), sink)).as("block %d", blocks).isEqualTo(DecodeResult.COMPLETE);

                assertThat(sink.fields).hasSameSizeAs(sent);
                for (int i = 0; i < sent.size(); i++) {
                    Field s = sent.get(i);
                    Field got = sink.fields.get(i);
                    assertThat(got.name()).isEqualTo(s.name().toLowerCase(Locale.ROOT));
                    assertThat(got.value()).isEqualTo(s.value());
                    if (s.sensitive()) {
                        assertThat(got.sensitive()).as("sensitive %s", s.name()).isTrue();
                    }
                }
                List<String> encoderEntries = HpackEncoderTest.entries(encoder.table()).stream()
                        .map(e -> e.substring(0, e.indexOf(':', 1)).toLowerCase(Locale.ROOT) + e.substring(e.indexOf(':', 1)))
                        .toList();
                assertThat(Blocks.entries(decoder.table())).isEqualTo(encoderEntries);
                assertThat(decoder.table().size()).isEqualTo(encoder.table().size());
                assertThat(decoder.table().capacity()).isEqualTo(encoder.table().capacity());
                assertThat(encoder.table().capacity()).isLessThanOrEqualTo(ownMaximum);
            }
        }
        assertThat(blocks).isEqualTo(9000);
    }

    @Test
    void aWarmTableSendsARepeatedBrowserRequestInAFewOctets() {
        HpackEncoder encoder = new HpackEncoder();
        HpackDecoder decoder = new HpackDecoder(16384);
        List<Field> request = browserRequest();
        String first = HpackEncoderTest.encode(encoder, request);
        String second = HpackEncoderTest.encode(encoder, request);
        assertThat(first.length() / 2).isGreaterThan(300);
        // Everything indexed but :path, a literal with the static name and 15 octets of Huffman.
        assertThat(second.length() / 2).isLessThan(35);
        assertThat(HpackDecoderTest.decode(decoder, Blocks.hex(first))).isEqualTo(request);
        assertThat(HpackDecoderTest.decode(decoder, Blocks.hex(second))).isEqualTo(request);
    }

    @Test
    void randomOctetsEitherDecodeOrFailWithAnHpackException() {
        Random random = new Random(1);
        int rejected = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] block = new byte[random.nextInt(40)];
            random.nextBytes(block);
            rejected += decodeOrReject(new HpackDecoder(4096), block);
        }
        assertThat(rejected).isGreaterThan(1000);
    }

    @Test
    void mutatedValidBlocksEitherDecodeOrFailWithAnHpackException() {
        Random random = new Random(2);
        HpackEncoder encoder = new HpackEncoder();
        List<byte[]> valid = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            valid.add(Blocks.hex(HpackEncoderTest.encode(encoder, randomFields(random))));
        }
        for (int i = 0; i < 20_000; i++) {
            byte[] block = valid.get(random.nextInt(valid.size())).clone();
            if (block.length == 0) {
                continue;
            }
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                block[random.nextInt(block.length)] ^= (byte) (1 << random.nextInt(8));
            }
            decodeOrReject(new HpackDecoder(4096), block);
        }
    }

    /** 1 when the decoder rejects the block with an HpackException; anything else thrown fails the test. */
    private static int decodeOrReject(HpackDecoder decoder, byte[] block) {
        try {
            decoder.decode(block, (n, v, s) -> { });
            return 0;
        } catch (HpackException e) {
            return 1;
        }
    }

    private static List<Field> randomFields(Random random) {
        List<Field> fields = new ArrayList<>();
        for (int n = random.nextInt(12); n > 0; n--) {
            String name = random.nextInt(6) == 0 ? randomName(random) : NAMES[random.nextInt(NAMES.length)];
            String value = switch (random.nextInt(6)) {
                case 0, 1 -> VALUES[random.nextInt(VALUES.length)];
                case 2 -> randomValue(random, 1 + random.nextInt(30));
                case 3 -> randomValue(random, 1 + random.nextInt(random.nextInt(10) == 0 ? 3000 : 200));
                default -> "v" + random.nextInt(40);
            };
            fields.add(new Field(name, value, random.nextInt(15) == 0));
        }
        return fields;
    }

    private static String randomName(Random random) {
        String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_!#$%&'*+.^`|~";
        char[] name = new char[1 + random.nextInt(20)];
        for (int i = 0; i < name.length; i++) {
            name[i] = chars.charAt(random.nextInt(chars.length()));
        }
        return new String(name);
    }

    /** VCHAR and obs-text, with SP and HTAB inside only. */
    private static String randomValue(Random random, int length) {
        char[] value = new char[length];
        for (int i = 0; i < length; i++) {
            boolean inside = i > 0 && i < length - 1;
            int kind = random.nextInt(20);
            if (kind == 0 && inside) {
                value[i] = random.nextBoolean() ? ' ' : '\t';
            } else if (kind == 1) {
                value[i] = (char) (0x80 + random.nextInt(0x80));
            } else {
                value[i] = (char) (0x21 + random.nextInt(0x5E));
            }
        }
        return new String(value);
    }
}
