package io.portico.server.http2;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * HPACK representations (RFC 7541 §6) written by hand, for header blocks the core encoder will
 * not make: names in upper case, indexes past the tables, an entry inserted then named again and
 * again. Strings are raw (no Huffman) ISO-8859-1. A block that inserts into the dynamic table
 * ({@link #literalIndexed}) puts the server's table out of step with {@link H2Client}'s encoder
 * only for entries older than the encoder's own, which is harmless (see H2Client#block).
 */
public final class RawHpack {
    private RawHpack() {
    }

    /** An indexed field (§6.1): {@code index} into the static (1..61) or dynamic (62..) table; 0 is an error. */
    public static byte[] indexed(int index) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        integer(out, 0x80, 7, index);
        return out.toByteArray();
    }

    /** A literal with a new name, without indexing (§6.2.2): nothing enters the dynamic table. */
    public static byte[] literal(String name, String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x00);
        string(out, name);
        string(out, value);
        return out.toByteArray();
    }

    /** A literal with a new name and incremental indexing (§6.2.1): the field becomes dynamic entry 62. */
    public static byte[] literalIndexed(String name, String value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x40);
        string(out, name);
        string(out, value);
        return out.toByteArray();
    }

    /** The representations one after the other: one header block. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static void string(ByteArrayOutputStream out, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        integer(out, 0x00, 7, b.length);
        out.writeBytes(b);
    }

    /** An integer with an N-bit prefix (§5.1), {@code flags} in the first octet's high bits. */
    private static void integer(ByteArrayOutputStream out, int flags, int prefixBits, int value) {
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            out.write(flags | value);
            return;
        }
        out.write(flags | max);
        value -= max;
        while (value >= 0x80) {
            out.write(value & 0x7F | 0x80);
            value >>>= 7;
        }
        out.write(value);
    }
}
