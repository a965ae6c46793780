package io.portico.module;

import io.portico.http.ResponseHead;
import java.io.OutputStream;
import java.util.function.UnaryOperator;

/**
 * The response to one request, as modules see it. Implemented by the server; belongs to the
 * request's thread. At HandleReadResponse nothing has been sent yet and every method may be
 * used; at HandleRequestFinish the response has been sent and the methods that change it throw
 * {@link IllegalStateException}.
 */
public interface Response {

    /** The current head; its fields are mutable in place until it is sent. */
    ResponseHead head();

    /** Replaces the head, e.g. with {@code head().withStatus(...)}. */
    void head(ResponseHead head);

    default int status() {
        return head().status();
    }

    /**
     * Sends these bytes as the body instead of the backend's (which is drained or the backend
     * connection closed); the server sets {@code Content-Length}.
     */
    void replaceBody(byte[] body);

    /**
     * Passes the body through a stream wrapper while it streams to the client, e.g.
     * {@code out -> new GZIPOutputStream(out)} for compress. The server writes the body into the
     * returned stream and closes it at the end of the body (so it can flush its trailer); the
     * wrapper must not close {@code out} before that. Since the length changes, the server drops
     * {@code Content-Length} and frames the body itself; the module edits any other fields
     * ({@code Content-Encoding}, {@code Vary}, {@code ETag}). Transforms apply in the order they
     * were added: the first sees the original bytes.
     */
    void transformBody(UnaryOperator<OutputStream> wrapper);
}
