package io.portico.http1;

/**
 * Byte classes of RFC 9110 / RFC 9112 as one lookup table, so that every character test on
 * the parse path is a single array load and mask.
 */
final class HttpTokens {
    /** tchar: a byte of a token (method, field name, transfer coding). */
    static final byte TCHAR = 1;
    /** A byte allowed inside a field value: VCHAR, obs-text, SP, HTAB. */
    static final byte FIELD = 2;
    /** A byte allowed in a request-target: anything but controls, SP and DEL. */
    static final byte TARGET = 4;
    static final byte DIGIT = 8;
    static final byte HEX = 16;
    /** qdtext of a quoted-string (without the backslash and the quote). */
    static final byte QDTEXT = 32;

    private static final byte[] CLASSES = new byte[256];

    static {
        String tcharSymbols = "!#$%&'*+-.^_`|~";
        for (int c = 0; c < 256; c++) {
            int k = 0;
            boolean alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
            boolean digit = c >= '0' && c <= '9';
            boolean vchar = c > 0x20 && c < 0x7F;
            boolean obsText = c >= 0x80;
            if (alpha || digit || tcharSymbols.indexOf(c) >= 0) {
                k |= TCHAR;
            }
            if (vchar || obsText || c == ' ' || c == '\t') {
                k |= FIELD;
            }
            if (vchar || obsText) {
                k |= TARGET;
            }
            if (digit) {
                k |= DIGIT;
            }
            if (digit || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) {
                k |= HEX;
            }
            if ((k & FIELD) != 0 && c != '"' && c != '\\') {
                k |= QDTEXT;
            }
            CLASSES[c] = (byte) k;
        }
    }

    private HttpTokens() {
    }

    static boolean is(byte b, byte cls) {
        return (CLASSES[b & 0xFF] & cls) != 0;
    }

    static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\t';
    }

    /** The value of a hex digit byte, or -1. */
    static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int lower = b | 0x20;
        if (lower >= 'a' && lower <= 'f') {
            return lower - 'a' + 10;
        }
        return -1;
    }
}
