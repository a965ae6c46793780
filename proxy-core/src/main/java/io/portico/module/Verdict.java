package io.portico.module;

import io.portico.http.HttpFields;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * What a handler tells the server to do next. Not every point can honour every verdict (a
 * request that was already answered cannot be redirected): see {@link CallbackPoint#honours}.
 *
 * <p>Bodies are handed over, not copied: do not modify the array after returning it. The server
 * frames the body itself (sets {@code Content-Length}, drops {@code Transfer-Encoding}); the
 * headers given here are the answer's end-to-end fields. A body too large to hold in memory is
 * answered with {@link Stream}.
 */
public sealed interface Verdict {

    /** Go on with the next handler, then with the data path. */
    Continue CONTINUE = new Continue();

    /** Close the connection without answering. */
    Close CLOSE = new Close();

    /** Go on. Use {@link #CONTINUE}; all instances are equal. */
    record Continue() implements Verdict {
    }

    /**
     * Answer the request with this response and keep the connection. At HandleReadResponse it
     * replaces the backend's response (whose body is discarded).
     */
    record Respond(int status, HttpFields headers, byte[] body) implements Verdict {
        public Respond {
            checkAnswer(status, body);
            headers = headers == null ? new HttpFields(4) : headers;
            body = body == null ? new byte[0] : body;
        }
    }

    /**
     * Answer the request with a body the server pulls from {@code body} while it sends it, and keep
     * the connection: for bodies too large to hold in memory (a file, say). Honoured wherever
     * {@link Respond} is. {@code length} is the exact number of bytes {@code body} writes, or -1
     * when unknown (the server then frames the body itself, chunked on HTTP/1.1). For a HEAD
     * request the server sends the head alone (with {@code Content-Length} when {@code length}
     * is known) and never calls {@code body}.
     *
     * <p>If {@code body} throws, or writes a different number of bytes than {@code length}, the
     * response is already under way: the server closes the connection.
     */
    record Stream(int status, HttpFields headers, long length, BodyWriter body) implements Verdict {
        public Stream {
            checkAnswer(status, null);
            if (status == 204 || status == 304) {
                throw new IllegalArgumentException("a " + status + " answer has no body: use Respond");
            }
            if (length < -1) {
                throw new IllegalArgumentException("a streamed body's length is -1 (unknown) or 0 or more, not " + length);
            }
            Objects.requireNonNull(body, "body");
            headers = headers == null ? new HttpFields(4) : headers;
        }
    }

    /** Writes a streamed body into the client's stream; called at most once, on the request's thread. */
    @FunctionalInterface
    interface BodyWriter {
        /** Writes the whole body into {@code out}; must not close it. */
        void writeTo(OutputStream out) throws IOException;
    }

    /** Answer with a redirect to {@code location} (status 301, 302, 303, 307 or 308) and keep the connection. */
    record Redirect(int status, String location) implements Verdict {
        public Redirect {
            if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
                throw new IllegalArgumentException("a redirect status is 301, 302, 303, 307 or 308, not " + status);
            }
            Objects.requireNonNull(location, "location");
            if (location.isEmpty() || location.indexOf('\r') >= 0 || location.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("a redirect location must be non-empty and on one line");
            }
        }
    }

    /** Answer the request with this response, then close the connection. */
    record Finish(int status, HttpFields headers, byte[] body) implements Verdict {
        public Finish {
            checkAnswer(status, body);
            headers = headers == null ? new HttpFields(4) : headers;
            body = body == null ? new byte[0] : body;
        }
    }

    /** Close the connection without answering. Use {@link #CLOSE}; all instances are equal. */
    record Close() implements Verdict {
    }

    /** A plain-text answer ({@code text/plain; charset=utf-8}); the connection stays open. */
    static Respond respond(int status, String text) {
        return new Respond(status, textFields(), text.getBytes(StandardCharsets.UTF_8));
    }

    static Respond respond(int status, HttpFields headers, byte[] body) {
        return new Respond(status, headers, body);
    }

    /** A streamed answer of {@code length} bytes (-1: unknown); see {@link Stream}. */
    static Stream stream(int status, HttpFields headers, long length, BodyWriter body) {
        return new Stream(status, headers, length, body);
    }

    static Redirect redirect(int status, String location) {
        return new Redirect(status, location);
    }

    /** A 302 Found redirect. */
    static Redirect redirect(String location) {
        return new Redirect(302, location);
    }

    /** A plain-text answer ({@code text/plain; charset=utf-8}), then close. */
    static Finish finish(int status, String text) {
        return new Finish(status, textFields(), text.getBytes(StandardCharsets.UTF_8));
    }

    static Finish finish(int status, HttpFields headers, byte[] body) {
        return new Finish(status, headers, body);
    }

    private static HttpFields textFields() {
        return new HttpFields(4).add("Content-Type", "text/plain; charset=utf-8");
    }

    // A module answers with a final status; 204 and 304 carry no content (RFC 9110 15.3.5, 15.4.5).
    private static void checkAnswer(int status, byte[] body) {
        if (status < 200 || status > 599) {
            throw new IllegalArgumentException("an answer's status is 200..599, not " + status);
        }
        if ((status == 204 || status == 304) && body != null && body.length > 0) {
            throw new IllegalArgumentException("a " + status + " answer has no body");
        }
    }
}
