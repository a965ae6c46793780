package io.portico.server.proxy;

import io.portico.http.HttpFields;
import io.portico.server.io.BufferPool;
import io.portico.server.metrics.ServerMetrics.ClientAbort;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The client's request body on its way to a backend: small declared bodies are read whole
 * first so a failed try can send them again; larger or chunked ones stream from the client
 * and can be replayed only until their first byte was taken. Runs on the request's thread.
 */
final class RequestBody {
    /** The body of every bodiless request: nothing to send, always replayable, never changes. */
    private static final RequestBody NONE = new RequestBody(null, 0, null);

    private final ClientExchange exchange;
    private final long length;
    private final byte[] kept;
    private boolean streamed;
    private long sent;

    private RequestBody(ClientExchange exchange, long length, byte[] kept) {
        this.exchange = exchange;
        this.length = length;
        this.kept = kept;
    }

    static RequestBody prepare(ClientExchange exchange, long maxReplayBytes) throws IOException {
        long length = exchange.bodyLength();
        if (length == 0) {
            return NONE;
        }
        if (length > 0 && length <= maxReplayBytes) {
            return new RequestBody(exchange, length, readAll(exchange.body(), (int) length));
        }
        return new RequestBody(exchange, length, null);
    }

    /** -1 for chunked, 0 for none, else the byte count. */
    long length() {
        return length;
    }

    boolean replayable() {
        return length == 0 || kept != null || !streamed;
    }

    /** Body bytes written to the backend by the last try. */
    long sent() {
        return sent;
    }

    HttpFields trailers() {
        return length < 0 ? exchange.trailers() : null;
    }

    /** Writes the body to the backend; a failure to read the client is a {@link ClientGone}. */
    void writeTo(OutputStream out, BufferPool buffers) throws IOException {
        if (length == 0) {
            return;
        }
        if (kept != null) {
            out.write(kept);
            sent = kept.length;
            return;
        }
        streamed = true;
        InputStream in = exchange.body();
        byte[] buf = buffers.take();
        try {
            while (true) {
                int n;
                try {
                    n = in.read(buf, 0, buf.length);
                } catch (IOException e) {
                    throw new ClientGone(e, ClientAbort.REQUEST_BODY);
                }
                if (n < 0) {
                    return;
                }
                out.write(buf, 0, n);
                sent += n;
            }
        } finally {
            buffers.give(buf);
        }
    }

    private static byte[] readAll(InputStream in, int length) throws IOException {
        byte[] b = new byte[length];
        int off = 0;
        try {
            while (off < length) {
                int n = in.read(b, off, length - off);
                if (n < 0) {
                    throw new java.io.EOFException("request body ended after " + off + " of " + length + " bytes");
                }
                off += n;
            }
            if (in.read() != -1) {
                throw new IOException("request body longer than declared");
            }
        } catch (IOException e) {
            throw new ClientGone(e, ClientAbort.REQUEST_BODY);
        }
        return b;
    }
}
