package io.portico.http1;

import io.portico.http.HttpFields;
import io.portico.io.ByteBuf;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Encodes a body with the chunked transfer coding; runs on the thread writing the message.
 * Each non-empty write becomes one chunk, written to the underlying stream in one write when
 * it fits the assembly buffer. {@link #finish} ends the body; {@link #close()} alone does not,
 * so a body cut short stays visibly truncated to the peer (the caller then closes the
 * connection). Neither closes the underlying stream.
 */
public final class ChunkedOutputStream extends OutputStream {
    /** The largest chunk that is assembled into one write; larger ones go out in three. */
    public static final int ASSEMBLY_BYTES = 16 * 1024;
    private static final int SIZE_LINE_BYTES = 16 + 2;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = {'0', '\r', '\n'};

    private final OutputStream out;
    private final ByteBuf buf;
    private boolean finished;
    private boolean closed;

    public ChunkedOutputStream(OutputStream out) {
        this(out, new ByteBuf(SIZE_LINE_BYTES + 64));
    }

    /**
     * @param scratch where chunks are assembled (it grows to the largest chunk up to
     *                {@value #ASSEMBLY_BYTES} bytes); may come from a pool, and is free again
     *                once the body is finished or closed
     */
    public ChunkedOutputStream(OutputStream out, ByteBuf scratch) {
        this.out = out;
        this.buf = scratch;
    }

    @Override
    public void write(int b) throws IOException {
        ensureOpen();
        buf.reset().writeByte('1').write(CRLF).writeByte(b).write(CRLF).writeTo(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        if (len == 0) {
            return;
        }
        buf.reset().writeHex(len).write(CRLF);
        if (len <= ASSEMBLY_BYTES) {
            buf.write(b, off, len).write(CRLF).writeTo(out);
        } else {
            buf.writeTo(out);
            out.write(b, off, len);
            out.write(CRLF);
        }
    }

    /**
     * Writes the last chunk and the trailer fields (null or empty for none), ending the body,
     * and flushes.
     */
    public void finish(HttpFields trailers) throws IOException {
        ensureOpen();
        finished = true;
        buf.reset().write(LAST_CHUNK);
        if (trailers != null) {
            Http1HeadWriter.writeFields(trailers, buf);
        }
        buf.write(CRLF).writeTo(out);
        out.flush();
    }

    @Override
    public void flush() throws IOException {
        out.flush();
    }

    /** Stops further writes; writes nothing, so without {@link #finish} the body stays unterminated. */
    @Override
    public void close() {
        closed = true;
    }

    private void ensureOpen() throws IOException {
        if (closed || finished) {
            throw new IOException(closed ? "chunked body closed" : "chunked body already finished");
        }
    }
}
