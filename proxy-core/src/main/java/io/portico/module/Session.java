package io.portico.module;

import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.Optional;

/**
 * One client connection, as modules see it. Implemented by the server; shared by the requests
 * (and HTTP/2 streams) of the connection, so every method is safe to call from their threads.
 */
public interface Session {

    /** Unique within the process run; the {@code <id>} in the connection thread's name. */
    long id();

    /** The client end: the TCP peer, or the source a PROXY protocol header reported. */
    InetSocketAddress remoteAddress();

    /** The proxy address the connection arrived on. */
    InetSocketAddress localAddress();

    Instant acceptedAt();

    /** Present once the TLS handshake has completed; empty on plain connections. */
    Optional<TlsInfo> tls();

    /** Requests read on this connection so far, including the current one. */
    int requestCount();

    /** Values modules keep for the life of the connection; safe for concurrent use. */
    Attributes attributes();
}
