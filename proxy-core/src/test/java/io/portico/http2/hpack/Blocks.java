package io.portico.http2.hpack;

import io.portico.io.ByteBuf;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Test helpers: hex blocks, a collecting sink, field records. */
final class Blocks {
    private Blocks() {
    }

    /** A field as a sink saw it. */
    record Field(String name, String value, boolean sensitive) {
        static Field of(String name, String value) {
            return new Field(name, value, false);
        }
    }

    /** Collects the fields a decoder delivers. */
    static final class Collector implements FieldSink {
        final List<Field> fields = new ArrayList<>();

        @Override
        public void field(String name, String value, boolean sensitive) {
            fields.add(new Field(name, value, sensitive));
        }
    }

    /** Bytes from hex, ignoring spaces and line breaks (the RFC's layout). */
    static byte[] hex(String s) {
        return HexFormat.of().parseHex(s.replaceAll("\\s+", ""));
    }

    static String hex(ByteBuf buf) {
        return HexFormat.of().formatHex(buf.array(), 0, buf.length());
    }

    static byte[] bytes(ByteBuf buf) {
        return java.util.Arrays.copyOf(buf.array(), buf.length());
    }

    /** The HPACK integer with an N-bit prefix, flags in the first octet (written here, apart from the encoder's). */
    static byte[] integer(int flags, int prefixBits, int value) {
        ByteBuf b = new ByteBuf();
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            return new byte[] {(byte) (flags | value)};
        }
        b.writeByte(flags | max);
        long rest = value - max;
        while (rest >= 128) {
            b.writeByte((int) (rest % 128 + 128));
            rest /= 128;
        }
        b.writeByte((int) rest);
        return bytes(b);
    }

    /** A Huffman string literal: 7-bit length with the H bit, then the code. */
    static byte[] huffmanString(String s) {
        ByteBuf code = new ByteBuf();
        Huffman.encode(s, false, Huffman.encodedLength(s, false), code);
        return concat(integer(0x80, 7, code.length()), bytes(code));
    }

    static byte[] concat(byte[]... parts) {
        ByteBuf b = new ByteBuf();
        for (byte[] p : parts) {
            b.write(p);
        }
        return bytes(b);
    }

    /** A raw string literal: 7-bit length then the octets. */
    static byte[] rawString(String s) {
        return concat(integer(0, 7, s.length()), s.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
    }

    /** The decoder table as "name: value" lines, newest first. */
    static List<String> entries(DynamicTable t) {
        List<String> out = new ArrayList<>();
        for (int i = 1; i <= t.length(); i++) {
            out.add(t.name(i) + ": " + t.value(i));
        }
        return out;
    }
}
