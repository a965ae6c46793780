package io.portico.server.proxy;

import io.portico.http.HttpFields;
import io.portico.http.RequestHead;
import io.portico.http.ResponseHead;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The client side of one request as its protocol presents it to the pipeline: the head, the
 * decoded body, and a way to answer. HTTP/1.1 implements it today; HTTP/2 streams will too.
 * Runs on the request's thread.
 */
public interface ClientExchange {

    RequestHead head();

    /** The decoded request body (empty when there is none). Reading it first sends 100 Continue when the client asked for it. */
    InputStream body();

    /** The declared body length; -1 when chunked, 0 when there is no body. */
    long bodyLength();

    /** Trailer fields of a chunked body, once it was read to the end; empty otherwise. */
    HttpFields trailers();

    /** Sends an interim 1xx response (not 101). Ignored where the client cannot take one. */
    void informational(ResponseHead head) throws IOException;

    /**
     * Starts the response: writes the head (buffered, not yet flushed) and returns the stream
     * for its body. The head's fields must carry no framing fields; this adds them.
     *
     * @param contentLength the body length, or -1 when unknown (chunked or close-delimited)
     * @param noBody        the response has no body (HEAD, 1xx, 204, 304); {@code contentLength},
     *                      when not -1, is then only announced
     */
    OutputStream respond(ResponseHead head, long contentLength, boolean noBody) throws IOException;

    /** Ends the body started by {@link #respond} (with trailers, where the framing carries them) and flushes. */
    void endResponse(HttpFields trailers) throws IOException;

    boolean responseStarted();

    /** The response head as sent (with its framing fields), or null before {@link #respond}. */
    ResponseHead sentHead();

    /**
     * Switches the connection to the protocol the backend agreed to (101): sends the head and
     * returns the raw streams. The connection carries no more HTTP/1.1 after this.
     */
    Tunnel.End upgrade(ResponseHead switching) throws IOException;

    /**
     * Takes back a started response when none of it has reached the client yet (its head is
     * still in the write buffer), so the proxy can answer instead; false when it is too late.
     */
    boolean retract();

    /**
     * Has {@code onGone} run, once and on another thread, if the client goes away (resets its
     * connection or the stream) while the request is busy elsewhere: waiting on the backend or
     * relaying its response. It must not block.
     */
    default void watchClient(Runnable onGone) {
    }

    /** Stops {@link #watchClient}; false when the client was found gone (the callback ran, or is running). */
    default boolean unwatchClient() {
        return true;
    }

    /** Asks for the connection to close once this response is complete. */
    void closeAfterResponse();

    /** Answers with a response of the proxy's own, complete. */
    default void answer(ProxyAnswer a) throws IOException {
        OutputStream out = respond(new ResponseHead(head().version(), a.status(), "", a.fields().copy()),
                a.body().length, head().method().equals("HEAD"));
        if (!head().method().equals("HEAD")) {
            out.write(a.body());
        }
        endResponse(null);
    }
}
