package io.portico.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Reading HTTP/1.1 responses off a raw socket, and taking whole raw responses apart. */
public final class RawResponse {
    private RawResponse() {
    }

    /**
     * Reads one head, status line to the empty line (CRLF CRLF included), leaving the body in
     * {@code in}; fails with what came when the stream ends first.
     */
    public static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0; // of "\r\n\r\n"
        while (matched < 4) {
            int c = in.read();
            if (c < 0) {
                throw new EOFException("end of stream in a response head: " + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(c);
            matched = c == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (c == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Reads one response with a Content-Length body (none without the field): head and body as text. */
    public static String read(InputStream in) throws IOException {
        String head = readHead(in);
        String length = field(head, "Content-Length");
        int n = length == null ? 0 : Integer.parseInt(length);
        return head + new String(in.readNBytes(n), StandardCharsets.ISO_8859_1);
    }

    /** The head of a whole raw response, up to and including the empty line; all of it when there is no empty line. */
    public static String head(String response) {
        int end = response.indexOf("\r\n\r\n");
        return end < 0 ? response : response.substring(0, end + 4);
    }

    /** What follows the head of a whole raw response; empty when there is no empty line. */
    public static String body(String response) {
        int end = response.indexOf("\r\n\r\n");
        return end < 0 ? "" : response.substring(end + 4);
    }

    /** The value of the first field called {@code name} (any case) in a head, or null. */
    public static String field(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                return line.substring(colon + 1).strip();
            }
        }
        return null;
    }
}
