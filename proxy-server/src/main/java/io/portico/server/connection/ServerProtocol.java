package io.portico.server.connection;

import io.portico.server.io.SocketIo;
import java.io.IOException;

/**
 * One application protocol's life on a client connection: HTTP/1.1's keep-alive loop today,
 * HTTP/2's frame loop next. The connection layer runs it inside its exception barrier and knows
 * nothing of requests. Runs on the connection's thread.
 */
public interface ServerProtocol {

    /**
     * Serves until the connection ends (false) or idles with nothing to read (true): then the
     * thread may end, the I/O loop holds the connection with no thread, and the {@code resume}
     * the protocol was opened with calls this again on a new thread when bytes arrive.
     */
    boolean serve() throws IOException;

    /** Chooses and opens the protocol of a new connection. Shared; stateless. */
    @FunctionalInterface
    interface Opener {
        /**
         * @param alpn   what ALPN settled on ({@code h2}, {@code http/1.1}), or "" (none, or cleartext)
         * @param resume starts {@link #serve()} again on a new thread
         */
        ServerProtocol open(String alpn, SocketIo io, ConnectionInfo info, Runnable resume);
    }
}
