package io.portico.server.connection;

/**
 * What modules may do with a connection as a whole, at BFE's callback points HandleAccept,
 * HandleHandshake and HandleFinish. Implemented above the connection layer (the request
 * pipeline's callbacks), so this layer does not reach up into it. Shared.
 */
public interface ConnectionHooks {

    /** HandleAccept, before TLS: false closes the connection. */
    boolean accepted(ConnectionInfo info);

    /** HandleHandshake, after TLS (or right after HandleAccept in plaintext): false closes the connection. */
    boolean handshaken(ConnectionInfo info);

    /** HandleFinish, once, as the connection ends. */
    void finished(ConnectionInfo info);
}
