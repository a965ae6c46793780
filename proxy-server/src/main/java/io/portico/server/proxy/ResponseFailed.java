package io.portico.server.proxy;

import java.io.IOException;

/** The proxy's or a module's side failed after the response started: the client is not to blame, the connection ends. */
final class ResponseFailed extends IOException {
    private static final long serialVersionUID = 1L;

    ResponseFailed(String message, Throwable cause) {
        super(message, cause);
    }
}
