package io.portico.http1;

import static io.portico.http1.HttpTokens.DIGIT;
import static io.portico.http1.HttpTokens.FIELD;
import static io.portico.http1.HttpTokens.TARGET;
import static io.portico.http1.HttpTokens.TCHAR;
import static io.portico.http1.HttpTokens.is;

import io.portico.http.HttpFields;
import io.portico.http.HttpVersion;
import io.portico.http.ProtocolException;
import io.portico.http.ProtocolException.Kind;
import io.portico.http.RequestHead;
import io.portico.http.ResponseHead;
import io.portico.http.Status;
import io.portico.io.ByteBuf;
import io.portico.io.ByteReader;
import io.portico.io.LineTooLongException;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The HTTP/1.1 message head parser (RFC 9112 §2–5, RFC 9110 §5) for both directions: requests
 * from clients and responses from backends. It pulls lines from a {@link ByteReader}, so it
 * simply blocks on the calling (connection) thread; it keeps no state between calls. Bytes are
 * decoded as ISO-8859-1, so every byte survives the round trip to a String and back.
 */
public final class Http1Parser {
    /** Room the request line gets beside the target: a long method, two SP, the version, CR. */
    private static final int MAX_METHOD_BYTES = 64;
    private static final int REQUEST_LINE_EXTRA = MAX_METHOD_BYTES + 2 + 8 + 1;
    private static final byte[] HTTP_SLASH = {'H', 'T', 'T', 'P', '/'};

    private Http1Parser() {
    }

    /**
     * Reads a request line and its header fields, skipping empty lines before the request line.
     *
     * @return the head, or null when the stream ended cleanly before a request began
     * @throws EOFException       when the stream ends inside the head
     * @throws ProtocolException  for malformed or over-limit input (400, 414, 431, 505)
     */
    public static RequestHead parseRequest(ByteReader in, Http1Limits limits) throws IOException {
        return parseRequest(in, limits, new ByteBuf(256));
    }

    /**
     * As {@link #parseRequest(ByteReader, Http1Limits)}, assembling lines in {@code line}: a
     * scratch buffer the connection keeps, so a head costs no buffer of its own. Its content
     * is undefined afterwards.
     */
    public static RequestHead parseRequest(ByteReader in, Http1Limits limits, ByteBuf line) throws IOException {
        return parseRequest(in, limits, line, null);
    }

    /** As above, with the connection's {@link FieldValues} (may be null) sharing repeated field values. */
    public static RequestHead parseRequest(ByteReader in, Http1Limits limits, ByteBuf line, FieldValues values)
            throws IOException {
        long start = in.consumed();
        int lineMax = limits.maxUriBytes() + REQUEST_LINE_EXTRA;
        int end;
        do {
            long room = limits.maxHeaderBytes() - (in.consumed() - start) - 1;
            if (room < 0) {
                throw new ProtocolException(Kind.HEADER_TOO_LARGE, "empty lines over the head limit");
            }
            int max = (int) Math.min(room, lineMax);
            line.reset();
            int n;
            try {
                n = in.readLine(line, max);
            } catch (LineTooLongException e) {
                throw requestLineTooLong(line, limits, max < lineMax);
            }
            if (n < 0) {
                return null;
            }
            end = n > 0 && line.array()[n - 1] == '\r' ? n - 1 : n;
        } while (end == 0);

        byte[] a = line.array();
        int i = 0;
        int hash = 0;
        while (i < end && is(a[i], TCHAR)) {
            hash = KnownStrings.step(hash, a[i]);
            i++;
        }
        if (i == 0 || i == end || a[i] != ' ') {
            throw new ProtocolException(Kind.BAD_REQUEST, "invalid method in request line");
        }
        String method = KnownStrings.of(a, 0, i, hash);
        int targetStart = ++i;
        while (i < end && a[i] != ' ') {
            if (!is(a[i], TARGET)) {
                throw new ProtocolException(Kind.BAD_REQUEST,
                    a[i] == '\r' ? "bare CR in request line" : "invalid byte in request-target");
            }
            i++;
        }
        int targetLength = i - targetStart;
        if (targetLength > limits.maxUriBytes()) {
            throw uriTooLong(limits);
        }
        if (targetLength == 0 || i == end) {
            throw new ProtocolException(Kind.BAD_REQUEST, "request line without target or version");
        }
        String target = new String(a, targetStart, targetLength, StandardCharsets.ISO_8859_1);
        HttpVersion version = version(a, i + 1, end, false);

        HttpFields fields = fields(in, line, values, start, limits, false);
        if (version == HttpVersion.HTTP_1_1) {
            int hosts = fields.count("Host");
            if (hosts != 1) {
                throw new ProtocolException(Kind.BAD_REQUEST, hosts == 0 ? "HTTP/1.1 request without Host" : "more than one Host field");
            }
        }
        return new RequestHead(method, target, version, fields);
    }

    /**
     * Reads a status line and its header fields. An obs-fold is replaced by one SP.
     *
     * @throws EOFException      when the stream ends before or inside the head; the caller can
     *                           tell "nothing at all" by comparing {@link ByteReader#consumed()}
     * @throws ProtocolException BAD_RESPONSE for anything malformed or over the limits
     */
    public static ResponseHead parseResponse(ByteReader in, Http1Limits limits) throws IOException {
        return parseResponse(in, limits, new ByteBuf(256));
    }

    /** As {@link #parseResponse(ByteReader, Http1Limits)}, assembling lines in the scratch buffer {@code line}. */
    public static ResponseHead parseResponse(ByteReader in, Http1Limits limits, ByteBuf line) throws IOException {
        return parseResponse(in, limits, line, null);
    }

    /** As above, with the connection's {@link FieldValues} (may be null) sharing repeated field values. */
    public static ResponseHead parseResponse(ByteReader in, Http1Limits limits, ByteBuf line, FieldValues values)
            throws IOException {
        long start = in.consumed();
        int n;
        line.reset();
        try {
            n = in.readLine(line, limits.maxHeaderBytes() - 1);
        } catch (LineTooLongException e) {
            throw new ProtocolException(Kind.BAD_RESPONSE, "status line over the head limit");
        }
        if (n < 0) {
            throw new EOFException("stream ended before a response");
        }
        byte[] a = line.array();
        int end = n > 0 && a[n - 1] == '\r' ? n - 1 : n;
        if (end < 12 || a[8] != ' ' || (end > 12 && a[12] != ' ')) {
            throw new ProtocolException(Kind.BAD_RESPONSE, "malformed status line");
        }
        HttpVersion version = version(a, 0, 8, true);
        int status = statusCode(a);
        String reason = end <= 13 ? "" : reason(a, 13, end, status);

        HttpFields fields = fields(in, line, values, start, limits, true);
        return new ResponseHead(version, status, reason, fields);
    }

    /** The field lines of a head; collected in the connection's scratch list, when it has one, and copied out at their exact size. */
    private static HttpFields fields(ByteReader in, ByteBuf line, FieldValues values, long start, Http1Limits limits,
                                     boolean fromBackend) throws IOException {
        if (values == null) {
            HttpFields fields = new HttpFields();
            FieldLines.read(in, line, null, fields, start, limits.maxHeaderBytes(), limits.maxHeaders(), fromBackend, false);
            return fields;
        }
        HttpFields scratch = values.scratch();
        try {
            FieldLines.read(in, line, values, scratch, start, limits.maxHeaderBytes(), limits.maxHeaders(), fromBackend, false);
        } catch (IOException | RuntimeException e) {
            scratch.clear();
            throw e;
        }
        return values.exact();
    }

    /** Parses {@code HTTP/d.d} filling exactly {@code [from, end)}. */
    private static HttpVersion version(byte[] a, int from, int end, boolean fromBackend) {
        if (end - from != 8 || !Arrays.equals(a, from, from + 5, HTTP_SLASH, 0, 5)
            || !is(a[from + 5], DIGIT) || a[from + 6] != '.' || !is(a[from + 7], DIGIT)) {
            throw Failures.of(fromBackend, Kind.BAD_REQUEST, "malformed HTTP version");
        }
        if (a[from + 5] == '1' && a[from + 7] == '1') {
            return HttpVersion.HTTP_1_1;
        }
        if (a[from + 5] == '1' && a[from + 7] == '0') {
            return HttpVersion.HTTP_1_0;
        }
        throw Failures.of(fromBackend, Kind.VERSION_NOT_SUPPORTED,
            "unsupported version " + new String(a, from, 8, StandardCharsets.ISO_8859_1));
    }

    private static int statusCode(byte[] a) {
        if (!is(a[9], DIGIT) || !is(a[10], DIGIT) || !is(a[11], DIGIT)) {
            throw new ProtocolException(Kind.BAD_RESPONSE, "status code is not three digits");
        }
        int status = (a[9] - '0') * 100 + (a[10] - '0') * 10 + (a[11] - '0');
        if (status < 100 || status > 599) {
            throw new ProtocolException(Kind.BAD_RESPONSE, "status code out of range: " + status);
        }
        return status;
    }

    /** The reason phrase; the shared constant when it is the standard one. */
    private static String reason(byte[] a, int from, int end, int status) {
        for (int i = from; i < end; i++) {
            if (!is(a[i], FIELD)) {
                throw new ProtocolException(Kind.BAD_RESPONSE, "invalid byte in reason phrase");
            }
        }
        String standard = Status.reason(status);
        if (standard.length() == end - from) {
            int i = 0;
            while (i < standard.length() && standard.charAt(i) == a[from + i]) {
                i++;
            }
            if (i == standard.length()) {
                return standard;
            }
        }
        return new String(a, from, end - from, StandardCharsets.ISO_8859_1);
    }

    private static ProtocolException uriTooLong(Http1Limits limits) {
        return new ProtocolException(Kind.URI_TOO_LONG, "request-target over " + limits.maxUriBytes() + " bytes");
    }

    /** Says why a request line did not end in time: a long target (414), the head limit (431), or junk. */
    private static ProtocolException requestLineTooLong(ByteBuf line, Http1Limits limits, boolean headLimitBound) {
        byte[] a = line.array();
        int n = line.length();
        int sp = indexOfSpace(a, 0, n);
        if (sp > 0) {
            int sp2 = indexOfSpace(a, sp + 1, n);
            int targetLength = (sp2 < 0 ? n : sp2) - sp - 1;
            if (targetLength > limits.maxUriBytes()) {
                return uriTooLong(limits);
            }
        }
        if (headLimitBound) {
            return new ProtocolException(Kind.HEADER_TOO_LARGE, "request line over the head limit");
        }
        return new ProtocolException(Kind.BAD_REQUEST, "request line too long for its target");
    }

    private static int indexOfSpace(byte[] a, int from, int end) {
        for (int i = from; i < end; i++) {
            if (a[i] == ' ') {
                return i;
            }
        }
        return -1;
    }
}
