package io.portico.http1;

import io.portico.http.HttpFields;
import io.portico.http.HttpVersion;
import io.portico.http.RequestHead;
import io.portico.http.ResponseHead;
import io.portico.http.Status;
import io.portico.io.ByteBuf;
import java.nio.charset.StandardCharsets;

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

    private Http1HeadWriter() {
    }

    public static void writeRequest(RequestHead head, ByteBuf out) {
        checkToken(head.method(), "method");
        checkTarget(head.target());
        out.writeLatin1(head.method()).writeByte(' ').writeLatin1(head.target()).writeByte(' ')
            .write(versionBytes(head.version())).write(CRLF);
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
            checkText(reason, "reason phrase");
            out.write(versionBytes(head.version())).writeByte(' ').writeDecimal(status).writeByte(' ')
                .writeLatin1(reason).write(CRLF);
        }
        writeFields(head.fields(), out);
        out.write(CRLF);
    }

    /** Writes {@code name: value CRLF} for each field. */
    static void writeFields(HttpFields fields, ByteBuf out) {
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.name(i);
            String value = fields.value(i);
            checkToken(name, "field name");
            checkText(value, "field value");
            out.writeLatin1(name).write(COLON_SP).writeLatin1(value).write(CRLF);
        }
    }

    private static byte[] versionBytes(HttpVersion version) {
        return version == HttpVersion.HTTP_1_0 ? HttpVersion.HTTP_1_0.bytes() : HttpVersion.HTTP_1_1.bytes();
    }

    private static void checkToken(String s, String what) {
        int n = s.length();
        if (n == 0) {
            throw new IllegalArgumentException("empty " + what);
        }
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c > 0x7F || !HttpTokens.is((byte) c, HttpTokens.TCHAR)) {
                throw new IllegalArgumentException("invalid character " + (int) c + " in " + what);
            }
        }
    }

    private static void checkTarget(String target) {
        int n = target.length();
        if (n == 0) {
            throw new IllegalArgumentException("empty request-target");
        }
        for (int i = 0; i < n; i++) {
            char c = target.charAt(i);
            if (c <= ' ' || c == 0x7F || c > 0xFF) {
                throw new IllegalArgumentException("invalid character " + (int) c + " in request-target");
            }
        }
    }

    private static void checkText(String s, String what) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (c == '\r' || c == '\n' || c == 0 || c > 0xFF) {
                throw new IllegalArgumentException("invalid character " + (int) c + " in " + what);
            }
        }
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
