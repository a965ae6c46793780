package io.portico.server.upstream;

import io.portico.http.HttpFields;
import io.portico.http.RequestHead;
import io.portico.http.ResponseHead;
import io.portico.http1.Bodies;
import io.portico.http1.BodyFraming;
import io.portico.http1.ChunkedInputStream;
import io.portico.http1.ChunkedOutputStream;
import io.portico.http1.Http1Framing;
import io.portico.http1.Http1HeadWriter;
import io.portico.http1.Http1Limits;
import io.portico.http1.Http1Parser;
import io.portico.io.ByteBuf;
import io.portico.server.io.SocketIo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The HTTP/1.1 client side of one request on one backend connection: write the head and
 * body, read the response head and open its body, then say whether the connection can be
 * reused. Runs on the request's thread.
 */
public final class BackendExchange {
    private final BackendConnection connection;
    private final SocketIo io;
    private final String method;
    private ChunkedOutputStream chunked;
    private BodyFraming responseFraming;
    private InputStream responseBody;
    private boolean requestComplete;
    private boolean responseComplete;
    private boolean keepAlive;

    public BackendExchange(BackendConnection connection, String method) {
        this.connection = connection;
        this.io = connection.io();
        this.method = method;
    }

    public BackendConnection connection() {
        return connection;
    }

    /**
     * Writes the request head (buffered, assembled in the connection's scratch buffer) and
     * returns the stream for its body.
     *
     * @param bodyLength the body length, -1 for chunked, 0 for none
     */
    public OutputStream sendHead(RequestHead head, long bodyLength) throws IOException {
        return sendHead(head, bodyLength, connection.headBuf());
    }

    /** As {@link #sendHead(RequestHead, long)}, assembling the head in {@code buf}. */
    public OutputStream sendHead(RequestHead head, long bodyLength, ByteBuf buf) throws IOException {
        HttpFields f = head.fields();
        if (bodyLength > 0) {
            f.set("Content-Length", Long.toString(bodyLength));
        } else if (bodyLength < 0) {
            f.set("Transfer-Encoding", "chunked");
        } else if (methodExpectsBody(head.method())) {
            f.set("Content-Length", "0");
        }
        buf.reset();
        Http1HeadWriter.writeRequest(head, buf);
        buf.writeTo(io.out());
        if (bodyLength < 0) {
            chunked = new ChunkedOutputStream(io.out());
            return chunked;
        }
        return io.out();
    }

    /** Ends the request body (trailers go out with a chunked one) and flushes everything written. */
    public void endRequest(HttpFields trailers) throws IOException {
        if (chunked != null) {
            chunked.finish(trailers == null ? new HttpFields(0) : trailers);
        }
        io.flush();
        requestComplete = true;
    }

    /**
     * Reads the next response head, waiting at most {@code timeoutMillis} for each read.
     * Returns null when the backend closed before sending a byte.
     */
    /**
     * Waits at most {@code waitNanos} for the response's first bytes (they stay buffered for
     * {@link #readHead}); false when none came. A failed socket answers true: the read that
     * follows meets the failure and reports it.
     */
    public boolean awaitResponse(long waitNanos) {
        try {
            return io.awaitBytes(waitNanos);
        } catch (IOException e) {
            return true;
        }
    }

    public ResponseHead readHead(Http1Limits limits, int timeoutMillis) throws IOException {
        io.readTimeout(timeoutMillis);
        ResponseHead head = Http1Parser.parseResponse(io.reader(), limits, connection.lineBuf(), connection.fieldValues());
        if (head != null && !head.informational()) {
            responseFraming = Http1Framing.response(method, head);
            keepAlive = Http1Framing.keepAlive(head);
        }
        return head;
    }

    public BodyFraming responseFraming() {
        return responseFraming;
    }

    /** Opens the final response's body; reads wait at most {@code timeoutMillis} each. */
    public InputStream openBody(Http1Limits limits, int timeoutMillis) {
        io.readTimeout(timeoutMillis);
        responseBody = Bodies.open(responseFraming, io.reader(), limits, true);
        return responseBody;
    }

    /** Trailers of a chunked response body once it was read to the end. */
    public HttpFields trailers() {
        return responseBody instanceof ChunkedInputStream c ? c.trailers() : null;
    }

    public void responseComplete() {
        responseComplete = true;
    }

    /** Bytes of the backend's response already buffered: copying may go on without waiting. */
    public int buffered() {
        return io.reader().buffered();
    }

    /** Returns the connection to its pool when the exchange left it clean, else closes it. */
    public void finish() {
        boolean reusable = requestComplete && responseComplete && keepAlive
                && !(responseFraming instanceof BodyFraming.UntilClose) && io.reader().buffered() == 0;
        connection.release(reusable);
    }

    /**
     * From any thread (the client went away): closes the backend socket so that the request's
     * thread, waiting on it or about to, fails at once. That thread still ends the exchange with {@link #abort}.
     */
    public void cancel() {
        io.abort();
    }

    /** Drops the connection after a failure. */
    public void abort() {
        connection.close();
    }

    private static boolean methodExpectsBody(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }
}
