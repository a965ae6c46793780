package io.portico.http2.hpack;

/**
 * A header block that cannot be decoded: HTTP/2 treats it as a connection error of type
 * COMPRESSION_ERROR (RFC 9113 §4.3), because the peer's dynamic table and ours may no longer
 * agree. The message is for the log; it never quotes header content. After this exception the
 * decoder that threw it is unusable: close the connection.
 */
public final class HpackException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public HpackException(String message) {
        super(message, null, false, false);
    }
}
