package io.portico.http1;

import static io.portico.http1.HttpTokens.DIGIT;

import io.portico.http.HttpFields;
import io.portico.http.HttpVersion;
import io.portico.http.ProtocolException;
import io.portico.http.ProtocolException.Kind;
import io.portico.http.RequestHead;
import io.portico.http.ResponseHead;

/**
 * Message body framing and connection persistence of HTTP/1.1 (RFC 9112 §6, §9.3). Anything
 * that two parsers could read two ways is rejected rather than guessed, since a proxy that
 * reads a body differently from its backend lets a client smuggle a request past it.
 */
public final class Http1Framing {
    private static final String TRANSFER_ENCODING = "Transfer-Encoding";
    private static final String CONTENT_LENGTH = "Content-Length";

    private Http1Framing() {
    }

    /**
     * The framing of a request body (RFC 9112 §6.3 rules 3–7).
     *
     * @throws ProtocolException SMUGGLING for ambiguous framing (Transfer-Encoding with
     *         Content-Length, Transfer-Encoding in HTTP/1.0, chunked not final or twice,
     *         differing Content-Length values), BAD_REQUEST for a malformed Content-Length,
     *         NOT_IMPLEMENTED for a transfer coding other than chunked
     */
    public static BodyFraming request(RequestHead head) {
        HttpFields fields = head.fields();
        if (fields.contains(TRANSFER_ENCODING)) {
            if (fields.contains(CONTENT_LENGTH)) {
                throw new ProtocolException(Kind.SMUGGLING, "Transfer-Encoding together with Content-Length");
            }
            if (head.version() != HttpVersion.HTTP_1_1) {
                throw new ProtocolException(Kind.SMUGGLING, "Transfer-Encoding in an HTTP/1.0 request");
            }
            TransferCodings codings = TransferCodings.of(fields);
            if (codings.chunked() > 1) {
                throw new ProtocolException(Kind.SMUGGLING, "chunked applied more than once");
            }
            if (!codings.chunkedLast()) {
                throw new ProtocolException(Kind.SMUGGLING, "final transfer coding is not chunked");
            }
            if (codings.count() != 1) {
                throw new ProtocolException(Kind.NOT_IMPLEMENTED, "transfer coding other than chunked");
            }
            return BodyFraming.CHUNKED;
        }
        long length = contentLength(fields, false);
        return length < 0 ? BodyFraming.NO_BODY : new BodyFraming.FixedLength(length);
    }

    /**
     * The framing of a response body (RFC 9112 §6.3 rules 1–8). When Transfer-Encoding is
     * present this removes any Content-Length field from the head, as an intermediary that
     * forwards such a message must.
     *
     * @param requestMethod the method of the request this answers
     * @throws ProtocolException BAD_RESPONSE for unusable framing
     */
    public static BodyFraming response(String requestMethod, ResponseHead head) {
        int status = head.status();
        if (requestMethod.equals("HEAD") || head.informational() || status == 204 || status == 304
            || (requestMethod.equals("CONNECT") && status >= 200 && status < 300)) {
            return BodyFraming.NO_BODY;
        }
        HttpFields fields = head.fields();
        if (fields.contains(TRANSFER_ENCODING)) {
            if (head.version() != HttpVersion.HTTP_1_1) {
                throw new ProtocolException(Kind.BAD_RESPONSE, "Transfer-Encoding in an HTTP/1.0 response");
            }
            fields.remove(CONTENT_LENGTH);
            TransferCodings codings = TransferCodings.of(fields);
            if (codings.chunked() > 1 || codings.count() == 0) {
                throw new ProtocolException(Kind.BAD_RESPONSE, "unusable Transfer-Encoding");
            }
            return codings.chunkedLast() ? BodyFraming.CHUNKED : BodyFraming.UNTIL_CLOSE;
        }
        long length = contentLength(fields, true);
        return length < 0 ? BodyFraming.UNTIL_CLOSE : new BodyFraming.FixedLength(length);
    }

    /** Whether the client asked for 100 (Continue) before it sends the body (RFC 9110 §10.1.1). */
    public static boolean expectsContinue(RequestHead head) {
        if (head.version() != HttpVersion.HTTP_1_1) {
            return false;
        }
        String expect = head.fields().firstOrNull("Expect");
        return expect != null && expect.equalsIgnoreCase("100-continue");
    }

    /** Whether the client lets the connection stay open after this exchange (RFC 9112 §9.3). */
    public static boolean keepAlive(RequestHead head) {
        return keepAlive(head.version(), head.fields());
    }

    /** Whether the backend lets the connection stay open after this response (RFC 9112 §9.3). */
    public static boolean keepAlive(ResponseHead head) {
        return keepAlive(head.version(), head.fields());
    }

    private static boolean keepAlive(HttpVersion version, HttpFields fields) {
        if (version == HttpVersion.HTTP_1_1) {
            return !TokenLists.contains(fields, "Connection", "close");
        }
        return version == HttpVersion.HTTP_1_0
            && TokenLists.contains(fields, "Connection", "keep-alive")
            && !TokenLists.contains(fields, "Connection", "close");
    }

    /**
     * The Content-Length over every such field, or -1 when there is none. A list of identical
     * values counts as one value (RFC 9110 §8.6); anything else but plain digits is rejected.
     */
    static long contentLength(HttpFields fields, boolean fromBackend) {
        long length = -1;
        for (int f = 0; f < fields.size(); f++) {
            if (!fields.name(f).equalsIgnoreCase(CONTENT_LENGTH)) {
                continue;
            }
            String v = fields.value(f);
            int i = 0;
            int n = v.length();
            do {
                while (i < n && TokenLists.isWhitespace(v.charAt(i))) {
                    i++;
                }
                int start = i;
                long value = 0;
                while (i < n && v.charAt(i) < 128 && HttpTokens.is((byte) v.charAt(i), DIGIT)) {
                    if (value > (Long.MAX_VALUE - 9) / 10) {
                        throw Failures.of(fromBackend, Kind.BAD_REQUEST, "Content-Length overflows");
                    }
                    value = value * 10 + (v.charAt(i) - '0');
                    i++;
                }
                if (i == start) {
                    throw Failures.of(fromBackend, Kind.BAD_REQUEST, "Content-Length is not a number");
                }
                while (i < n && TokenLists.isWhitespace(v.charAt(i))) {
                    i++;
                }
                if (i < n && v.charAt(i) != ',') {
                    throw Failures.of(fromBackend, Kind.BAD_REQUEST, "Content-Length is not a number");
                }
                if (length >= 0 && value != length) {
                    throw Failures.of(fromBackend, Kind.SMUGGLING, "differing Content-Length values");
                }
                length = value;
                i++;
            } while (i < n);
            if (n > 0 && v.charAt(n - 1) == ',') {
                throw Failures.of(fromBackend, Kind.BAD_REQUEST, "Content-Length ends with a comma");
            }
        }
        return length;
    }
}
