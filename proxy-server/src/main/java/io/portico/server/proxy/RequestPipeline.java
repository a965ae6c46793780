package io.portico.server.proxy;

import io.portico.server.connection.ConnectionInfo;
import io.portico.server.snapshot.Snapshot;
import java.io.IOException;

/** What a protocol hands each request to. Runs on the request's thread. */
@FunctionalInterface
public interface RequestPipeline {

    /**
     * Serves one request completely: answers it or forwards it and relays the response.
     *
     * @throws IOException when the client connection failed; the caller closes it
     */
    void handle(ClientExchange exchange, ConnectionInfo connection, Snapshot snapshot) throws IOException;
}
