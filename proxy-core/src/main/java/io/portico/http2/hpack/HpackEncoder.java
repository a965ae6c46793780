package io.portico.http2.hpack;

import io.portico.http.HttpFields;
import io.portico.io.ByteBuf;

/**
 * Encodes header blocks (RFC 7541) into a {@link ByteBuf}. One per HTTP/2 connection, used under
 * the connection's writer lock (blocks must reach the socket in the order they were encoded);
 * not thread-safe. Deterministic: the same calls from the same state write the same octets.
 *
 * <p>A block is {@link #beginBlock}, then {@link #status} (responses) and {@link #field} calls,
 * pseudo-headers first; the bytes written between form one header block, to be sent as HEADERS
 * plus CONTINUATION frames. Names are written in lower case (RFC 9113 §8.2), so a caller may pass
 * HTTP/1.1 spellings such as {@code Content-Type}; removing connection-specific fields
 * ({@code Connection}, {@code Keep-Alive}, {@code Transfer-Encoding}...) and checking names and
 * values is the caller's job. Strings are written as ISO-8859-1 ({@code '?'} for a char above 0xFF).
 *
 * <p><b>Policy.</b> A field that matches a static or dynamic table entry is sent as an index; else
 * as a literal naming a table entry's name where one matches (the static table first). Literals
 * are added to the dynamic table (incremental indexing) except:
 * <ul>
 *   <li><b>never indexed</b> (§6.2.3, §7.1.3): a field the caller marks sensitive (such as one that
 *       arrived never-indexed), {@code authorization}, {@code proxy-authorization}, {@code set-cookie}
 *       (a secret that is unique per response anyway), and a {@code cookie} under 20 characters (short
 *       enough to guess; a longer one is indexed, as a browser resends it on every request);</li>
 *   <li><b>without indexing</b>: names whose values are mostly unique per message — {@code :path},
 *       {@code content-length}, {@code content-range}, {@code etag}, {@code last-modified}, {@code age},
 *       {@code if-modified-since}, {@code if-none-match}, {@code if-unmodified-since}, {@code
 *       x-request-id}, {@code traceparent} — and any field larger than half the table, which would
 *       evict most of it.</li>
 * </ul>
 * A string is Huffman-coded unless that makes it longer (a tie goes to Huffman, as in the RFC's
 * examples).
 *
 * <p><b>Table size.</b> The table starts at the protocol's 4096 octets, capped by this encoder's own
 * {@code maxTableSize} (memory per connection). {@link #peerMaxTableSize} applies the peer's
 * SETTINGS_HEADER_TABLE_SIZE; when the size the encoder uses changes, the next {@link #beginBlock}
 * writes the dynamic table size update, preceded by the smallest size in between when the size went
 * down and up again (§4.2).
 */
public final class HpackEncoder {
    private static final String[] STATUS_TEXT = new String[1000];

    private final EncoderTable table;
    private final int maxTableSize;
    private final boolean huffman;
    private boolean updatePending;
    private int smallestPending = Integer.MAX_VALUE;

    /** An encoder that keeps at most {@link HpackDecoder#DEFAULT_TABLE_SIZE} octets of table. */
    public HpackEncoder() {
        this(HpackDecoder.DEFAULT_TABLE_SIZE);
    }

    /**
     * An encoder for a new HTTP/2 connection that keeps at most {@code maxTableSize} octets of
     * dynamic table, however much the peer allows (0 disables the table).
     */
    public HpackEncoder(int maxTableSize) {
        this(HpackDecoder.DEFAULT_TABLE_SIZE, maxTableSize, true);
    }

    /**
     * An encoder whose peer's table starts at {@code tableSize} (tests, RFC 7541 Appendix C.5),
     * capped at {@code maxTableSize}; {@code huffman} false writes every string raw (Appendix C.3).
     */
    HpackEncoder(int tableSize, int maxTableSize, boolean huffman) {
        if (tableSize < 0 || maxTableSize < 0) {
            throw new IllegalArgumentException("negative table size");
        }
        this.table = new EncoderTable(tableSize, Math.max(tableSize, maxTableSize));
        this.maxTableSize = maxTableSize;
        this.huffman = huffman;
        resize(Math.min(tableSize, maxTableSize));
    }

    /**
     * Applies the peer's SETTINGS_HEADER_TABLE_SIZE (an unsigned 32-bit value), when its SETTINGS
     * frame arrives: the encoder uses the smaller of it and its own maximum from the next block on.
     */
    public void peerMaxTableSize(long settingsValue) {
        if (settingsValue < 0) {
            throw new IllegalArgumentException("negative table size " + settingsValue);
        }
        resize((int) Math.min(settingsValue, maxTableSize));
    }

    /** Starts a header block: writes the dynamic table size updates owed since the last block, if any. */
    public void beginBlock(ByteBuf out) {
        if (updatePending) {
            if (smallestPending < table.capacity()) {
                writeInt(out, 0x20, 5, smallestPending);
            }
            writeInt(out, 0x20, 5, table.capacity());
            updatePending = false;
            smallestPending = Integer.MAX_VALUE;
        }
    }

    /** Writes {@code :status} for a three-digit code (100 to 999): one octet for the seven in the static table. */
    public void status(int code, ByteBuf out) {
        int index = switch (code) {
            case 200 -> 8;
            case 204 -> 9;
            case 206 -> 10;
            case 304 -> 11;
            case 400 -> 12;
            case 404 -> 13;
            case 500 -> 14;
            default -> 0;
        };
        if (index != 0) {
            checkBlockStarted();
            writeInt(out, 0x80, 7, index);
            return;
        }
        if (code < 100 || code > 999) {
            throw new IllegalArgumentException("status code " + code);
        }
        String text = STATUS_TEXT[code];
        if (text == null) {
            text = Integer.toString(code);
            STATUS_TEXT[code] = text; // a benign race: Strings are safely published
        }
        field(StaticTable.name(8), text, false, out);
    }

    /** Writes one field, by the policy above. */
    public void field(String name, String value, ByteBuf out) {
        field(name, value, false, out);
    }

    /**
     * Writes one field; {@code sensitive} sends it as a never-indexed literal (RFC 7541 §6.2.3),
     * which intermediaries must keep: pass the flag a decoder reported for a field being forwarded.
     */
    public void field(String name, String value, boolean sensitive, ByteBuf out) {
        checkBlockStarted();
        int hash = StaticTable.hash(name);
        int info = StaticTable.info(name, hash);
        int staticIndex = info < 0 ? 0 : info >>> 8;
        int policy = info < 0 ? StaticTable.INDEX : info & 0xFF;
        boolean never = sensitive || policy == StaticTable.NEVER_INDEX
                || (policy == StaticTable.COOKIE && value.length() < 20);
        if (!never) {
            int index = StaticTable.fieldIndex(staticIndex, value);
            if (index == 0) {
                index = table.fieldIndex(name, hash, value);
            }
            if (index != 0) {
                writeInt(out, 0x80, 7, index);
                return;
            }
        }
        int nameIndex = staticIndex != 0 ? staticIndex : table.nameIndex(name, hash);
        if (never) {
            literal(0x10, 4, nameIndex, name, value, out);
        } else if (policy == StaticTable.NO_INDEX
                || (long) name.length() + value.length() + DynamicTable.ENTRY_OVERHEAD > table.capacity() / 2) {
            literal(0x00, 4, nameIndex, name, value, out);
        } else {
            literal(0x40, 6, nameIndex, name, value, out);
            table.add(name, hash, value);
        }
    }

    /** Writes every field of {@code fields} in order, none of them sensitive beyond the policy. */
    public void fields(HttpFields fields, ByteBuf out) {
        for (int i = 0, n = fields.size(); i < n; i++) {
            field(fields.name(i), fields.value(i), false, out);
        }
    }

    /** The dynamic table, for tests. */
    EncoderTable table() {
        return table;
    }

    /** Writes {@code value} as an integer with an N-bit prefix (§5.1), {@code flags} in the first octet's high bits. */
    static void writeInt(ByteBuf out, int flags, int prefixBits, int value) {
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            out.writeByte(flags | value);
            return;
        }
        out.writeByte(flags | max);
        int rest = value - max;
        while (rest >= 0x80) {
            out.writeByte((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        out.writeByte(rest);
    }

    private void literal(int flags, int prefixBits, int nameIndex, String name, String value, ByteBuf out) {
        writeInt(out, flags, prefixBits, nameIndex);
        if (nameIndex == 0) {
            writeString(name, true, out);
        }
        writeString(value, false, out);
    }

    private void writeString(String s, boolean lowerCase, ByteBuf out) {
        int raw = s.length();
        if (huffman && raw > 0) {
            int coded = Huffman.encodedLength(s, lowerCase);
            if (coded <= raw) {
                writeInt(out, 0x80, 7, coded);
                Huffman.encode(s, lowerCase, coded, out);
                return;
            }
        }
        writeInt(out, 0, 7, raw);
        if (!lowerCase) {
            out.writeLatin1(s);
            return;
        }
        int at = out.claim(raw);
        byte[] a = out.array();
        for (int i = 0; i < raw; i++) {
            char c = s.charAt(i);
            a[at + i] = c > 0xFF ? (byte) '?' : (byte) Ascii.lower(c);
        }
    }

    private void resize(int size) {
        if (size != table.capacity()) {
            table.capacity(size);
            updatePending = true;
            smallestPending = Math.min(smallestPending, size);
        }
    }

    private void checkBlockStarted() {
        if (updatePending) {
            throw new IllegalStateException("the table size changed: call beginBlock before the first field");
        }
    }
}
