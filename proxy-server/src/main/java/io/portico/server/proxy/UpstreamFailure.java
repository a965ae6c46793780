package io.portico.server.proxy;

import io.portico.server.upstream.BackendFailure;
import java.io.IOException;

/**
 * An I/O failure on the backend side of a request, kept apart from the client's so the
 * pipeline knows whom to blame. {@code stage} says how far the try got, which decides
 * whether it may be retried; {@code kind} says what happened, for metrics and the access log.
 */
final class UpstreamFailure extends IOException {
    private static final long serialVersionUID = 1L;

    enum Stage {
        /** Nothing of the request reached the backend (connect failed or refused). */
        CONNECT,
        /** The request (or part of it) was written, no response byte came back. */
        SENT,
        /** The backend did not send the response head within response_header_timeout. */
        TIMEOUT,
        /** The backend's response head was malformed. */
        BAD_RESPONSE,
        /** The response body failed after its head was read (relayed to the client, or taken back). */
        BODY
    }

    private final Stage stage;
    private final BackendFailure kind;

    UpstreamFailure(Stage stage, BackendFailure kind, String message, Throwable cause) {
        super(message, cause);
        this.stage = stage;
        this.kind = kind;
    }

    Stage stage() {
        return stage;
    }

    BackendFailure kind() {
        return kind;
    }
}
