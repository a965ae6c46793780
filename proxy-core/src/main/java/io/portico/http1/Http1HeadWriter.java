package io.portico.http1;

import io.portico.http.HttpFields;
import io.portico.http.HttpVersion;
import io.portico.http.RequestHead;
import io.portico.http.ResponseHead;
import io.portico.http.Status;
import io.portico.io.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.function.IntPredicate;

/**
 * Writes HTTP/1.1 message heads (RFC 9112 §3, §4, §5) as ISO-8859-1 bytes. A CR, LF or NUL in
 * any part, or a field name that is not a token, is refused (IllegalArgumentException) rather
 * than written, so an edited head cannot split the message. An {@link HttpVersion#HTTP_2} head
 * is written as HTTP/1.1, the version this writer speaks.
 */
public final class Http1HeadWriter {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] COLON_SP = {':', ' '};
    private static final int FIRST_STATUS = 100;
    /** Complete status lines ("HTTP/1.1 200 OK\r\n") for every status with a standard reason. */
    private static final byte[][] STATUS_LINES_11 = statusLines(HttpVersion.HTTP_1_1);
    private static final byte[][] STATUS_LINES_10 = statusLines(HttpVersion.HTTP_1_0);
    /** Chars allowed in a method or field name: tchar. */
    private static final boolean[] TOKEN = table(c -> c < 0x80 && HttpTokens.is((byte) c, HttpTokens.TCHAR));
    /** In a request-target: no controls, SP or DEL. */
    private static final boolean[] TARGET = table(c -> c > ' ' && c != 0x7F);
    /** In a field value or reason phrase: anything that cannot end the line or the string early. */
    private static final boolean[] TEXT = table(c -> c != '\r' && c != '\n' && c != 0);

    private Http1HeadWriter() {
    }

    public static void writeRequest(RequestHead head, ByteBuf out) {
        writeChecked(head.method(), TOKEN, "method", out);
        out.writeByte(' ');
        writeChecked(head.target(), TARGET, "request-target", out);
        out.writeByte(' ').write(versionBytes(head.version())).write(CRLF);
        writeFields(head.fields(), out);
        out.write(CRLF);
    }

    /** Writes the status line with the head's reason, or the standard one when the head's is empty. */
    public static void writeResponse(ResponseHead head, ByteBuf out) {
        int status = head.status();
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status out of range: " + status);
        }
        String reason = head.reason().isEmpty() ? Status.reason(status) : head.reason();
        byte[] precomputed = status < FIRST_STATUS + STATUS_LINES_11.length && reason.equals(Status.reason(status))
            ? (head.version() == HttpVersion.HTTP_1_0 ? STATUS_LINES_10 : STATUS_LINES_11)[status - FIRST_STATUS]
            : null;
        if (precomputed != null) {
            out.write(precomputed);
        } else {
            out.write(versionBytes(head.version())).writeByte(' ').writeDecimal(status).writeByte(' ');
            if (!reason.isEmpty()) {
                writeChecked(reason, TEXT, "reason phrase", out);
            }
            out.write(CRLF);
        }
        writeFields(head.fields(), out);
        out.write(CRLF);
    }

    /** Writes {@code name: value CRLF} for each field; fields a parser made are copied unchecked. */
    static void writeFields(HttpFields fields, ByteBuf out) {
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.name(i);
            String value = fields.value(i);
            if (fields.parsed(i)) {
                writeLatin1(name, out);
                out.write(COLON_SP);
                writeLatin1(value, out);
            } else {
                writeChecked(name, TOKEN, "field name", out);
                out.write(COLON_SP);
                if (!value.isEmpty()) {
                    writeChecked(value, TEXT, "field value", out);
                }
            }
            out.write(CRLF);
        }
    }

    /**
     * Copies a String known to hold only chars up to 0xFF (one a parser made from bytes), in
     * one bulk copy. The deprecated getBytes keeps each char's low byte, exactly ISO-8859-1 for
     * such a String; for any other String it would be wrong, hence {@link #writeChecked}.
     */
    @SuppressWarnings("deprecation")
    private static void writeLatin1(String s, ByteBuf out) {
        int n = s.length();
        int at = out.claim(n);
        s.getBytes(0, n, out.array(), at);
    }

    private static byte[] versionBytes(HttpVersion version) {
        return version == HttpVersion.HTTP_1_0 ? HttpVersion.HTTP_1_0.bytes() : HttpVersion.HTTP_1_1.bytes();
    }

    /**
     * Checks and copies {@code s} as ISO-8859-1 in one pass: each char must be at most 0xFF
     * and allowed by {@code allowed}. On a refused char the head is abandoned (the exception),
     * so what was copied before it does not matter.
     */
    private static void writeChecked(String s, boolean[] allowed, String what, ByteBuf out) {
        int n = s.length();
        if (n == 0) {
            throw new IllegalArgumentException("empty " + what);
        }
        char[] chars = out.charScratch(n);
        s.getChars(0, n, chars, 0);
        int at = out.claim(n);
        byte[] b = out.array();
        for (int i = 0; i < n; i++) {
            char c = chars[i];
            if (c > 0xFF || !allowed[c]) {
                throw new IllegalArgumentException("invalid character " + (int) c + " in " + what);
            }
            b[at + i] = (byte) c;
        }
    }

    private static boolean[] table(IntPredicate allowed) {
        boolean[] t = new boolean[256];
        for (int c = 0; c < t.length; c++) {
            t[c] = allowed.test(c);
        }
        return t;
    }

    private static byte[][] statusLines(HttpVersion version) {
        byte[][] lines = new byte[500][];
        for (int s = FIRST_STATUS; s < FIRST_STATUS + lines.length; s++) {
            String reason = Status.reason(s);
            if (!reason.isEmpty()) {
                lines[s - FIRST_STATUS] = (version.text() + ' ' + s + ' ' + reason + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
            }
        }
        return lines;
    }
}
