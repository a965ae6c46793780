package io.portico.http2.hpack;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Decodes HPACK header blocks (RFC 7541) into {@link FieldSink} calls. One per HTTP/2
 * connection, used by the thread that reads its frames; not thread-safe. The caller hands it
 * each header block whole (HEADERS plus its CONTINUATION fragments, concatenated), in the order
 * the blocks arrived: every block changes the dynamic table, even one whose stream is refused.
 *
 * <p><b>Errors.</b> Anything that is not valid HPACK throws {@link HpackException}, a connection
 * error of type COMPRESSION_ERROR: an index of 0 or past the tables, an integer above
 * 2<sup>31</sup>-1 or with more than five continuation octets, a string or integer running past
 * the end of the block, Huffman code with EOS or with bad padding, a dynamic table size update
 * above the limit, after a field, or a third one in a block, and a block that lacks the update
 * owed after {@link #maxTableSize} lowered the limit.
 *
 * <p><b>Field checks.</b> The decoder checks every name and value against RFC 9113 §8.2.1 — a
 * lower-case token name, optionally a pseudo-header's leading colon; a value of VCHAR, obs-text,
 * SP and HTAB without whitespace at either end — so that the HTTP/2 layer need not look at the
 * octets again. A literal is checked once; a dynamic table entry keeps its result, so indexed
 * fields cost nothing. A field that fails is not an HPACK error: decoding goes on to keep the
 * table in step, the sink gets nothing more, and the result is {@link DecodeResult.Malformed}.
 * Which pseudo-headers may appear, in what order, is left to the HTTP/2 layer.
 *
 * <p><b>Limits.</b> The header list limit (SETTINGS_MAX_HEADER_LIST_SIZE, counted as name +
 * value + 32 octets per field) bounds what the decoder builds: once the list passes it, no more
 * Strings are made except for entries the dynamic table must hold, the sink gets nothing more,
 * and the result is {@link DecodeResult.TooLarge}. So an "HPACK bomb" — a small block that names a
 * large table entry thousands of times — costs one pass over its octets and no allocation. A
 * single string is never decoded into more than max(list limit, table size limit) octets: a
 * longer Huffman string is still checked to its end but never kept. Our dynamic table is bounded
 * by the SETTINGS_HEADER_TABLE_SIZE we advertise.
 */
public final class HpackDecoder {
    /** The dynamic table size both ends of an HTTP/2 connection start with (RFC 9113 §6.5.2). */
    public static final int DEFAULT_TABLE_SIZE = 4096;

    /** A Huffman scratch array larger than this is dropped at the end of the block that needed it. */
    private static final int SCRATCH_KEEP = 16 * 1024;
    /** The scratch array's first size: one Huffman string of a typical header. */
    private static final int SCRATCH_FIRST = 256;
    private static final byte[] NO_SCRATCH = new byte[0];

    private static final int OK = 0;
    private static final int TOO_LARGE = 1;
    private static final int MALFORMED = 2;

    private final DynamicTable table;
    private final int maxListSize;
    /** Our SETTINGS_HEADER_TABLE_SIZE, as acknowledged: the most a size update may set. */
    private int limit;
    /** Made by the first Huffman string; let go by {@link #releaseScratch}. */
    private byte[] scratch = NO_SCRATCH;

    // The block being decoded.
    private byte[] in;
    private int pos;
    private int end;
    private int status;
    private int problem;
    private long listSize;

    // Where the last string read is: in the block (raw) or in the scratch array (Huffman).
    private byte[] strArray;
    private int strOff;
    private int strLen;
    /** False when a Huffman string decoded to more octets than the decoder keeps. */
    private boolean strKept;

    /**
     * A decoder for a new HTTP/2 connection: the dynamic table starts at {@link
     * #DEFAULT_TABLE_SIZE}. {@code maxHeaderListSize} is the SETTINGS_MAX_HEADER_LIST_SIZE we
     * advertise (or enforce without advertising).
     */
    public HpackDecoder(int maxHeaderListSize) {
        this(DEFAULT_TABLE_SIZE, maxHeaderListSize);
    }

    /** A decoder whose table limit and capacity both start at {@code tableSize} (tests, RFC 7541 Appendix C.5). */
    HpackDecoder(int tableSize, int maxHeaderListSize) {
        if (tableSize < 0 || maxHeaderListSize < 0) {
            throw new IllegalArgumentException("negative limit");
        }
        this.table = new DynamicTable(tableSize);
        this.limit = tableSize;
        this.maxListSize = maxHeaderListSize;
    }

    /**
     * Applies a new SETTINGS_HEADER_TABLE_SIZE of ours; call it when the peer acknowledges the
     * SETTINGS frame that carried it. A larger value lets the peer's encoder grow the table with
     * a size update; a value below the current table size obliges it to begin its next block
     * with an update to at most this value (RFC 7541 §4.2), which the decoder checks.
     */
    public void maxTableSize(int settingsValue) {
        if (settingsValue < 0) {
            throw new IllegalArgumentException("negative table size " + settingsValue);
        }
        limit = settingsValue;
    }

    /** Lets the Huffman scratch array go between blocks (an idle connection); the next Huffman string makes a new one. */
    public void releaseScratch() {
        scratch = NO_SCRATCH;
    }

    /** Decodes a whole header block; see {@link #decode(byte[], int, int, FieldSink)}. */
    public DecodeResult decode(byte[] block, FieldSink sink) {
        return decode(block, 0, block.length, sink);
    }

    /**
     * Decodes the header block in {@code block[off, off + len)}, calling {@code sink} for each
     * field in order until the list turns out too large or malformed, and updates the dynamic
     * table. Throws {@link HpackException} (COMPRESSION_ERROR) for a block that is not valid
     * HPACK; the decoder is then unusable.
     */
    public DecodeResult decode(byte[] block, int off, int len, FieldSink sink) {
        Objects.checkFromIndexSize(off, len, block.length);
        Objects.requireNonNull(sink, "sink");
        in = block;
        pos = off;
        end = off + len;
        status = OK;
        problem = FieldCheck.OK;
        listSize = 0;
        try {
            tableSizeUpdates();
            while (pos < end) {
                int b = in[pos] & 0xFF;
                if (b >= 0x80) {
                    indexed(sink);
                } else if (b >= 0x40) {
                    literal(sink, 6, true, false);
                } else if (b >= 0x20) {
                    throw new HpackException("dynamic table size update after a field");
                } else {
                    literal(sink, 4, false, b >= 0x10);
                }
            }
        } finally {
            in = null;
            strArray = null;
            if (scratch.length > SCRATCH_KEEP) {
                scratch = NO_SCRATCH;
            }
        }
        return switch (status) {
            case OK -> DecodeResult.COMPLETE;
            case TOO_LARGE -> new DecodeResult.TooLarge(listSize, maxListSize);
            default -> new DecodeResult.Malformed(FieldCheck.reason(problem));
        };
    }

    /** The dynamic table, for tests. */
    DynamicTable table() {
        return table;
    }

    /** Reads the size updates a block may begin with: at most two (the smallest then the final size, §4.2). */
    private void tableSizeUpdates() {
        int updates = 0;
        while (pos < end && (in[pos] & 0xE0) == 0x20) {
            if (++updates > 2) {
                throw new HpackException("more than two dynamic table size updates in a block");
            }
            int size = readInt(5);
            if (size > limit) {
                throw new HpackException("dynamic table size update to " + size + " above the limit of " + limit);
            }
            table.capacity(size);
        }
        if (table.capacity() > limit) {
            throw new HpackException("block without the dynamic table size update owed after the limit went down to " + limit);
        }
    }

    private void indexed(FieldSink sink) {
        int index = readInt(7);
        if (index == 0) {
            throw new HpackException("indexed field with index 0");
        }
        String name;
        String value;
        int fieldProblem;
        if (index <= StaticTable.LENGTH) {
            name = StaticTable.name(index);
            value = StaticTable.value(index);
            fieldProblem = FieldCheck.OK;
        } else {
            int d = dynamicIndex(index);
            name = table.name(d);
            value = table.value(d);
            fieldProblem = table.problem(d);
        }
        if (admit((long) name.length() + value.length() + DynamicTable.ENTRY_OVERHEAD, fieldProblem)) {
            sink.field(name, value, false);
        }
    }

    /** A literal field (§6.2): with incremental indexing (6-bit prefix), or without / never indexed (4-bit). */
    private void literal(FieldSink sink, int prefix, boolean indexing, boolean neverIndexed) {
        int nameIndex = readInt(prefix);
        String name = null;
        byte[] nameArray = null;
        int nameOff = 0;
        int nameLen;
        boolean nameKept = true;
        int nameProblem;
        if (nameIndex == 0) {
            readString(0);
            nameArray = strArray;
            nameOff = strOff;
            nameLen = strLen;
            nameKept = strKept;
            nameProblem = nameKept ? FieldCheck.name(nameArray, nameOff, nameLen) : FieldCheck.OK;
        } else if (nameIndex <= StaticTable.LENGTH) {
            name = StaticTable.name(nameIndex);
            nameLen = name.length();
            nameProblem = FieldCheck.OK;
        } else {
            int d = dynamicIndex(nameIndex);
            name = table.name(d);
            nameLen = name.length();
            nameProblem = table.nameProblem(d);
        }
        // A kept Huffman name sits at the start of the scratch array (which may grow): the value goes after it.
        boolean nameInScratch = nameArray == scratch && nameKept;
        readString(nameInScratch ? nameLen : 0);
        if (nameInScratch) {
            nameArray = scratch;
        }
        boolean valueKept = strKept;
        int valueProblem = valueKept ? FieldCheck.value(strArray, strOff, strLen) : FieldCheck.OK;

        long entrySize = (long) nameLen + strLen + DynamicTable.ENTRY_OVERHEAD;
        boolean deliver = admit(entrySize, nameProblem != FieldCheck.OK ? nameProblem : valueProblem)
                && nameKept && valueKept;
        boolean insert = indexing && nameKept && valueKept && entrySize <= table.capacity();
        if (!deliver && !insert) {
            if (indexing) {
                table.clear();
            }
            return;
        }
        if (name == null) {
            name = new String(nameArray, nameOff, nameLen, StandardCharsets.ISO_8859_1);
        }
        String value = new String(strArray, strOff, strLen, StandardCharsets.ISO_8859_1);
        if (insert) {
            table.add(name, value, nameProblem, valueProblem);
        } else if (indexing) {
            table.clear();
        }
        if (deliver) {
            sink.field(name, value, neverIndexed);
        }
    }

    /**
     * Counts a field into the list size and says whether the sink gets it: not after the list
     * went over the limit or a field failed its checks (the first of those two decides the result).
     */
    private boolean admit(long entrySize, int fieldProblem) {
        listSize += entrySize;
        if (status != OK) {
            return false;
        }
        if (fieldProblem != FieldCheck.OK) {
            status = MALFORMED;
            problem = fieldProblem;
            return false;
        }
        if (listSize > maxListSize) {
            status = TOO_LARGE;
            return false;
        }
        return true;
    }

    /** The dynamic table position of HPACK index {@code index} (above the static table). */
    private int dynamicIndex(int index) {
        int d = index - StaticTable.LENGTH;
        if (d > table.length()) {
            throw new HpackException("index " + index + " past the dynamic table of " + table.length() + " entries");
        }
        return d;
    }

    /** An integer with an N-bit prefix (§5.1) starting at {@code pos}, which the caller knows is in the block. */
    private int readInt(int prefixBits) {
        int mask = (1 << prefixBits) - 1;
        int value = in[pos++] & mask;
        if (value < mask) {
            return value;
        }
        long v = value;
        int shift = 0;
        while (true) {
            if (pos >= end) {
                throw new HpackException("integer runs past the end of the block");
            }
            int b = in[pos++];
            v += (long) (b & 0x7F) << shift;
            if (v > Integer.MAX_VALUE) {
                throw new HpackException("integer above 2^31-1");
            }
            if ((b & 0x80) == 0) {
                return (int) v;
            }
            shift += 7;
            if (shift > 28) {
                throw new HpackException("integer with more than five continuation octets");
            }
        }
    }

    /**
     * A string literal (§5.2): sets {@link #strArray}, {@link #strOff}, {@link #strLen} and
     * {@link #strKept}. A raw string stays in the block; a Huffman string is decoded into the
     * scratch array from {@code scratchOff}, at most max(list limit, table limit) octets of it.
     */
    private void readString(int scratchOff) {
        if (pos >= end) {
            throw new HpackException("field ends before its string");
        }
        boolean huffman = (in[pos] & 0x80) != 0;
        int len = readInt(7);
        if (len > end - pos) {
            throw new HpackException("string of " + len + " octets past the end of the block");
        }
        if (!huffman) {
            strArray = in;
            strOff = pos;
            strLen = len;
            strKept = true;
            pos += len;
            return;
        }
        int keep = Math.min(Huffman.maxDecodedLength(len), Math.max(maxListSize, limit));
        int need = scratchOff + keep;
        if (need > scratch.length) {
            byte[] bigger = new byte[Math.max(need, Math.min(Math.max(SCRATCH_FIRST, 2 * scratch.length), Integer.MAX_VALUE - 8))];
            System.arraycopy(scratch, 0, bigger, 0, scratchOff);
            scratch = bigger;
        }
        int n = Huffman.decode(in, pos, len, scratch, scratchOff, need);
        pos += len;
        strArray = scratch;
        strOff = scratchOff;
        strLen = n;
        strKept = n <= keep;
    }
}
