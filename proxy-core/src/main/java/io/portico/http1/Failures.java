package io.portico.http1;

import io.portico.http.ProtocolException;
import io.portico.http.ProtocolException.Kind;

/** Builds the exception for malformed input; anything from a backend is a bad response. */
final class Failures {
    private Failures() {
    }

    static ProtocolException of(boolean fromBackend, Kind requestKind, String message) {
        return new ProtocolException(fromBackend ? Kind.BAD_RESPONSE : requestKind, message);
    }
}
