package io.portico.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A growable byte array to assemble output (a message head, a chunk) before one write, reused
 * across messages with {@link #reset()}. Owned by one thread at a time.
 */
public final class ByteBuf {
    private static final byte[] NONE = new byte[0];
    /** What a released buffer takes when it is written to again. */
    private static final int REGROWN = 256;
    private static final byte[] DIGITS = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};

    private byte[] bytes;
    private int length;
    private char[] chars;

    public ByteBuf() {
        this(256);
    }

    public ByteBuf(int initialCapacity) {
        bytes = new byte[Math.max(initialCapacity, 16)];
    }

    public ByteBuf writeByte(int b) {
        ensure(1);
        bytes[length++] = (byte) b;
        return this;
    }

    public ByteBuf write(byte[] src) {
        return write(src, 0, src.length);
    }

    public ByteBuf write(byte[] src, int off, int len) {
        ensure(len);
        System.arraycopy(src, off, bytes, length, len);
        length += len;
        return this;
    }

    /** Writes each char as one byte (ISO-8859-1); a char above 0xFF becomes '?'. */
    public ByteBuf writeLatin1(String s) {
        int n = s.length();
        ensure(n);
        byte[] b = bytes;
        int at = length;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            b[at + i] = c <= 0xFF ? (byte) c : (byte) '?';
        }
        length = at + n;
        return this;
    }

    /**
     * A scratch array of at least {@code n} chars, kept with this buffer, for a caller that
     * checks a String's chars before it writes them here ({@code String.getChars} into an
     * array and a loop over it is several times faster than {@code charAt} per char).
     */
    public char[] charScratch(int n) {
        char[] c = chars;
        if (c == null || c.length < n) {
            c = new char[Math.max(n, 128)];
            chars = c;
        }
        return c;
    }

    /**
     * Makes room for {@code n} more bytes and counts them as written; returns where in
     * {@link #array()} they go. The caller fills them (before anything else is written).
     */
    public int claim(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("negative claim " + n);
        }
        ensure(n);
        int at = length;
        length = at + n;
        return at;
    }

    public ByteBuf writeDecimal(long value) {
        if (value < 0) {
            if (value == Long.MIN_VALUE) {
                return writeLatin1(Long.toString(value));
            }
            writeByte('-');
            value = -value;
        }
        return writeDigits(value, 10);
    }

    /** Writes a non-negative value as lower-case hex digits without leading zeros (a chunk size). */
    public ByteBuf writeHex(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative: " + value);
        }
        return writeDigits(value, 16);
    }

    private ByteBuf writeDigits(long value, int radix) {
        int digits = 1;
        for (long v = value / radix; v != 0; v /= radix) {
            digits++;
        }
        ensure(digits);
        int at = length + digits;
        long v = value;
        do {
            bytes[--at] = DIGITS[(int) (v % radix)];
            v /= radix;
        } while (v != 0);
        length += digits;
        return this;
    }

    /** The backing array; valid up to {@link #length()}, replaced when the buffer grows. */
    public byte[] array() {
        return bytes;
    }

    public int length() {
        return length;
    }

    public ByteBuf reset() {
        length = 0;
        return this;
    }

    /** Empties the buffer and lets its arrays go, for an owner that idles; the next write takes a new array. */
    public ByteBuf release() {
        length = 0;
        bytes = NONE;
        chars = null;
        return this;
    }

    public void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, length);
    }

    private void ensure(int more) {
        int need = length + more;
        if (need < 0) {
            throw new OutOfMemoryError("ByteBuf over 2 GiB");
        }
        if (need > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(need, bytes.length == 0 ? REGROWN : bytes.length * 2));
        }
    }

    /** The content decoded as ISO-8859-1, for logs and tests. */
    @Override
    public String toString() {
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }
}
