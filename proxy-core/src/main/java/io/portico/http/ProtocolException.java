package io.portico.http;

/**
 * Malformed or over-limit input from a peer. Carries the status the client should get and a
 * {@link Kind} for metrics; the message is for the log, never sent to the peer as is.
 */
public final class ProtocolException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, with the status a client gets for it. */
    public enum Kind {
        BAD_REQUEST(400),
        URI_TOO_LONG(414),
        HEADER_TOO_LARGE(431),
        TOO_MANY_HEADERS(431),
        BODY_TOO_LARGE(413),
        SMUGGLING(400),
        /** A request-target whose form does not fit its method, or an absolute-form one with userinfo. */
        BAD_TARGET(400),
        /** A path the proxy cannot normalise safely (an encoded slash, a dot segment above the root...). */
        BAD_PATH(400),
        /** A Host (or target authority) that is not {@code uri-host [ ":" port ]}. */
        BAD_HOST(400),
        NOT_IMPLEMENTED(501),
        VERSION_NOT_SUPPORTED(505),
        /** A backend sent something unparsable: the client gets 502. */
        BAD_RESPONSE(502);

        private final int status;

        Kind(int status) {
            this.status = status;
        }

        public int status() {
            return status;
        }
    }

    private final Kind kind;

    public ProtocolException(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public int status() {
        return kind.status();
    }
}
