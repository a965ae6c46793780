package io.portico.http2.hpack;

/**
 * The field checks RFC 9113 §8.2.1 asks of HTTP/2, done by the decoder on the octets it
 * decodes, once per literal (a dynamic table entry keeps its result). A name must be a
 * lower-case token (RFC 9110 §5.6.2 tchar without {@code A-Z}), optionally after one leading
 * colon (a pseudo-header); a value may hold the octets the HTTP/1.1 parser accepts in a field
 * value (VCHAR, obs-text, SP, HTAB — so no NUL, CR, LF or other control) and must not begin or
 * end with SP or HTAB. These are stricter than RFC 9113's minimum (which only bans NUL, CR and
 * LF in values and non-visible octets and {@code A-Z} in names) so that a field accepted over
 * HTTP/2 is one the HTTP/1.1 side would accept too. A problem is a small code so that a table
 * entry can carry it in a nibble. Stateless.
 */
final class FieldCheck {
    static final int OK = 0;
    static final int EMPTY_NAME = 1;
    static final int UPPER_CASE_NAME = 2;
    static final int BAD_NAME = 3;
    static final int BAD_VALUE = 4;
    static final int SPACE_AROUND_VALUE = 5;

    private static final String[] REASONS = {
        "no problem",
        "empty field name",
        "upper-case letter in a field name",
        "field name with an octet outside a token (or a colon after the first octet)",
        "field value with NUL, CR, LF or another control octet",
        "field value with leading or trailing whitespace",
    };

    private static final byte NAME = 1;
    private static final byte VALUE = 2;
    private static final byte[] CLASSES = new byte[256];

    static {
        String symbols = "!#$%&'*+-.^_`|~";
        for (int c = 0; c < 256; c++) {
            int k = 0;
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || symbols.indexOf(c) >= 0) {
                k |= NAME;
            }
            if ((c > 0x20 && c < 0x7F) || c >= 0x80 || c == ' ' || c == '\t') {
                k |= VALUE;
            }
            CLASSES[c] = (byte) k;
        }
    }

    private FieldCheck() {
    }

    /** The problem with the name in {@code a[off, off + len)}, or {@link #OK}. */
    static int name(byte[] a, int off, int len) {
        if (len == 0) {
            return EMPTY_NAME;
        }
        int i = off;
        int end = off + len;
        if (a[i] == ':') {
            if (len == 1) {
                return BAD_NAME;
            }
            i++;
        }
        for (; i < end; i++) {
            int c = a[i] & 0xFF;
            if ((CLASSES[c] & NAME) == 0) {
                return c >= 'A' && c <= 'Z' ? UPPER_CASE_NAME : BAD_NAME;
            }
        }
        return OK;
    }

    /** The problem with the value in {@code a[off, off + len)}, or {@link #OK}. */
    static int value(byte[] a, int off, int len) {
        if (len == 0) {
            return OK;
        }
        int end = off + len;
        byte first = a[off];
        byte last = a[end - 1];
        if (first == ' ' || first == '\t' || last == ' ' || last == '\t') {
            return SPACE_AROUND_VALUE;
        }
        for (int i = off; i < end; i++) {
            if ((CLASSES[a[i] & 0xFF] & VALUE) == 0) {
                return BAD_VALUE;
            }
        }
        return OK;
    }

    /** A sentence for the log. */
    static String reason(int problem) {
        return REASONS[problem];
    }
}
