package io.portico.http2;

/**
 * A connection error (RFC 9113 §5.4.1): the server sends GOAWAY with {@link #code()} and the
 * highest stream id it processed, then closes. After one is thrown by {@link FrameReader} the
 * reader's position in the stream is undefined; read nothing more from it.
 */
public final class ConnectionException extends Http2Exception {
    private static final long serialVersionUID = 1L;

    ConnectionException(ErrorCode code, int streamId, String message) {
        super(code, streamId, message);
    }
}
