package io.portico.http1;

import static io.portico.http1.HttpTokens.FIELD;
import static io.portico.http1.HttpTokens.TCHAR;
import static io.portico.http1.HttpTokens.is;
import static io.portico.http1.HttpTokens.isWhitespace;

import io.portico.http.HttpFields;
import io.portico.http.ProtocolException;
import io.portico.http.ProtocolException.Kind;
import io.portico.io.ByteBuf;
import io.portico.io.ByteReader;
import io.portico.io.LineTooLongException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Reads a field section (RFC 9112 §5): header fields after a start line, or trailer fields
 * after the last chunk, up to and including the empty line that ends it.
 */
final class FieldLines {
    private FieldLines() {
    }

    /**
     * Reads field lines into {@code into}.
     *
     * @param start       {@link ByteReader#consumed()} where the bounded section began
     * @param maxBytes    how many bytes may be consumed from {@code start} to the end of the section
     * @param fromBackend a response (or response trailers): errors are BAD_RESPONSE and an
     *                    obs-fold becomes one SP; in a request an obs-fold is rejected
     * @param strictCrlf  every line must end with CRLF (a lone LF is rejected)
     */
    static void read(ByteReader in, ByteBuf line, HttpFields into, long start, int maxBytes, int maxFields,
                     boolean fromBackend, boolean strictCrlf) throws IOException {
        read(in, line, null, into, start, maxBytes, maxFields, fromBackend, strictCrlf);
    }

    /** As above, sharing repeated values through {@code values} (may be null). */
    static void read(ByteReader in, ByteBuf line, FieldValues values, HttpFields into, long start, int maxBytes,
                     int maxFields, boolean fromBackend, boolean strictCrlf) throws IOException {
        String name = null;
        String value = null;
        int count = 0;
        while (true) {
            int end = nextLine(in, line, start, maxBytes, fromBackend, strictCrlf);
            byte[] a = line.array();
            if (end == 0) {
                if (name != null) {
                    into.addParsed(name, value);
                }
                return;
            }
            if (isWhitespace(a[0])) {
                if (!fromBackend) {
                    throw new ProtocolException(Kind.BAD_REQUEST, "obs-fold (line folding) in a request");
                }
                if (name == null) {
                    throw new ProtocolException(Kind.BAD_RESPONSE, "continuation line before any field");
                }
                value = unfold(value, a, end);
                continue;
            }
            if (name != null) {
                into.addParsed(name, value);
            }
            if (++count > maxFields) {
                throw Failures.of(fromBackend, Kind.TOO_MANY_HEADERS, "more than " + maxFields + " fields");
            }
            int colon = nameEnd(a, end, fromBackend);
            name = KnownStrings.of(a, 0, colon, nameHash(a, colon));
            value = value(a, colon + 1, end, fromBackend, values);
        }
    }

    /** Reads one line; returns its length without the line end. */
    private static int nextLine(ByteReader in, ByteBuf line, long start, int maxBytes, boolean fromBackend,
                                boolean strictCrlf) throws IOException {
        long room = maxBytes - (in.consumed() - start) - 1;
        if (room < 0) {
            throw tooLarge(fromBackend, maxBytes);
        }
        line.reset();
        int n;
        try {
            n = in.readLine(line, (int) room);
        } catch (LineTooLongException e) {
            throw tooLarge(fromBackend, maxBytes);
        }
        if (n < 0) {
            throw new EOFException("stream ended inside a field section");
        }
        if (n > 0 && line.array()[n - 1] == '\r') {
            return n - 1;
        }
        if (strictCrlf) {
            throw Failures.of(fromBackend, Kind.BAD_REQUEST, "field line not ended by CRLF");
        }
        return n;
    }

    private static ProtocolException tooLarge(boolean fromBackend, int maxBytes) {
        return Failures.of(fromBackend, Kind.HEADER_TOO_LARGE, "field section over " + maxBytes + " bytes");
    }

    /** Index of the colon that ends a valid field name. */
    private static int nameEnd(byte[] a, int end, boolean fromBackend) {
        int i = 0;
        while (i < end && is(a[i], TCHAR)) {
            i++;
        }
        if (i < end && a[i] == ':' && i > 0) {
            return i;
        }
        if (i < end && isWhitespace(a[i])) {
            throw Failures.of(fromBackend, Kind.BAD_REQUEST, "whitespace between field name and colon");
        }
        throw Failures.of(fromBackend, Kind.BAD_REQUEST, i == end ? "field line without colon" : "invalid field name");
    }

    private static int nameHash(byte[] a, int len) {
        int h = 0;
        for (int i = 0; i < len; i++) {
            h = KnownStrings.step(h, a[i]);
        }
        return h;
    }

    /** The field value between {@code from} and {@code end}, OWS trimmed, validated. */
    private static String value(byte[] a, int from, int end, boolean fromBackend, FieldValues values) {
        int s = from;
        while (s < end && isWhitespace(a[s])) {
            s++;
        }
        int e = end;
        while (e > s && isWhitespace(a[e - 1])) {
            e--;
        }
        int hash = 0;
        for (int i = s; i < e; i++) {
            if (!is(a[i], FIELD)) {
                throw Failures.of(fromBackend, Kind.BAD_REQUEST,
                    a[i] == '\r' ? "bare CR in a field value" : "control byte " + (a[i] & 0xFF) + " in a field value");
            }
            hash = KnownStrings.step(hash, a[i]);
        }
        if (s == e) {
            return "";
        }
        return values != null ? values.of(a, s, e, hash) : new String(a, s, e - s, StandardCharsets.ISO_8859_1);
    }

    /** RFC 9112 §5.2: a recipient may replace an obs-fold with SP before interpreting the value. */
    private static String unfold(String value, byte[] a, int end) {
        String more = value(a, 0, end, true, null);
        if (more.isEmpty()) {
            return value;
        }
        return value.isEmpty() ? more : value + ' ' + more;
    }
}
