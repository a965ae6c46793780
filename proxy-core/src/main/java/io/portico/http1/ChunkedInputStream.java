package io.portico.http1;

import static io.portico.http1.HttpTokens.FIELD;
import static io.portico.http1.HttpTokens.QDTEXT;
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
import java.io.InputStream;
import java.util.Objects;

/**
 * Decodes the chunked transfer coding (RFC 9112 §7.1); runs on the connection's thread. Chunk
 * extensions are checked and dropped; trailer fields are kept for {@link #trailers()}. Every
 * line and the CRLF after each chunk's data are required exactly, since a lenient reading
 * here is what request smuggling feeds on. Closing it does not touch the connection.
 */
public final class ChunkedInputStream extends InputStream {
    /** Longest chunk-size line, extensions included. */
    static final int MAX_CHUNK_LINE_BYTES = 4096;

    private enum State { SIZE, DATA, DATA_END, DONE }

    private final ByteReader in;
    private final Http1Limits limits;
    private final boolean fromBackend;
    private final ByteBuf line = new ByteBuf(64);
    private final HttpFields trailers = new HttpFields(4);
    private State state = State.SIZE;
    private long remaining;

    /**
     * @param fromBackend the body of a response: errors are BAD_RESPONSE instead of BAD_REQUEST
     */
    public ChunkedInputStream(ByteReader in, Http1Limits limits, boolean fromBackend) {
        this.in = in;
        this.limits = limits;
        this.fromBackend = fromBackend;
    }

    /** The trailer fields; complete once {@link #read} has returned -1, empty before. */
    public HttpFields trailers() {
        return trailers;
    }

    @Override
    public int read() throws IOException {
        if (!toData()) {
            return -1;
        }
        int b = in.read();
        if (b < 0) {
            throw truncated();
        }
        remaining--;
        if (remaining == 0) {
            state = State.DATA_END;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!toData()) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw truncated();
        }
        remaining -= n;
        if (remaining == 0) {
            state = State.DATA_END;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        if (n <= 0 || !toData()) {
            return 0;
        }
        long k = in.skip(Math.min(n, remaining));
        if (k == 0) {
            throw truncated();
        }
        remaining -= k;
        if (remaining == 0) {
            state = State.DATA_END;
        }
        return k;
    }

    @Override
    public int available() {
        return state == State.DATA ? (int) Math.min(in.buffered(), remaining) : 0;
    }

    /** Reads framing until chunk data is next (true) or the body has ended (false). */
    private boolean toData() throws IOException {
        while (true) {
            switch (state) {
                case DATA -> {
                    return true;
                }
                case DONE -> {
                    return false;
                }
                case DATA_END -> {
                    dataEnd();
                    state = State.SIZE;
                }
                case SIZE -> {
                    remaining = chunkSize();
                    if (remaining == 0) {
                        FieldLines.read(in, line, trailers, in.consumed(), limits.maxHeaderBytes(), limits.maxHeaders(),
                            fromBackend, true);
                        state = State.DONE;
                    } else {
                        state = State.DATA;
                    }
                }
            }
        }
    }

    private void dataEnd() throws IOException {
        int cr = in.read();
        int lf = in.read();
        if (cr < 0 || lf < 0) {
            throw truncated();
        }
        if (cr != '\r' || lf != '\n') {
            throw fail("chunk data not followed by CRLF");
        }
    }

    /** Reads a chunk-size line: hex size, then extensions, which are validated and dropped. */
    private long chunkSize() throws IOException {
        line.reset();
        int n;
        try {
            n = in.readLine(line, MAX_CHUNK_LINE_BYTES);
        } catch (LineTooLongException e) {
            throw fail("chunk-size line over " + MAX_CHUNK_LINE_BYTES + " bytes");
        }
        if (n < 0) {
            throw truncated();
        }
        byte[] a = line.array();
        if (n == 0 || a[n - 1] != '\r') {
            throw fail("chunk-size line not ended by CRLF");
        }
        int end = n - 1;
        long size = 0;
        int i = 0;
        int digit;
        while (i < end && (digit = HttpTokens.hexValue(a[i])) >= 0) {
            if (size > (Long.MAX_VALUE >> 4)) {
                throw fail("chunk size overflows");
            }
            size = (size << 4) | digit;
            i++;
        }
        if (i == 0) {
            throw fail("chunk size is not hex");
        }
        extensions(a, i, end);
        return size;
    }

    /** chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ) */
    private void extensions(byte[] a, int from, int end) {
        int i = from;
        while (i < end) {
            i = skipWhitespace(a, i, end);
            if (i == end || a[i] != ';') {
                throw fail("junk after chunk size");
            }
            i = skipWhitespace(a, i + 1, end);
            int name = i;
            while (i < end && is(a[i], TCHAR)) {
                i++;
            }
            if (i == name) {
                throw fail("chunk extension without a name");
            }
            int eq = skipWhitespace(a, i, end);
            if (eq < end && a[eq] == '=') {
                i = skipWhitespace(a, eq + 1, end);
                i = i < end && a[i] == '"' ? quotedStringEnd(a, i, end) : tokenEnd(a, i, end);
            }
        }
    }

    private int tokenEnd(byte[] a, int from, int end) {
        int i = from;
        while (i < end && is(a[i], TCHAR)) {
            i++;
        }
        if (i == from) {
            throw fail("chunk extension without a value");
        }
        return i;
    }

    private int quotedStringEnd(byte[] a, int from, int end) {
        int i = from + 1;
        while (i < end) {
            byte c = a[i];
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\' && i + 1 < end && is(a[i + 1], FIELD)) {
                i += 2;
            } else if (is(c, QDTEXT)) {
                i++;
            } else {
                throw fail("invalid byte in a quoted chunk extension");
            }
        }
        throw fail("unterminated quoted chunk extension");
    }

    private static int skipWhitespace(byte[] a, int from, int end) {
        int i = from;
        while (i < end && isWhitespace(a[i])) {
            i++;
        }
        return i;
    }

    private ProtocolException fail(String message) {
        return Failures.of(fromBackend, Kind.BAD_REQUEST, message);
    }

    private static EOFException truncated() {
        return new EOFException("stream ended inside a chunked body");
    }
}
