package io.portico.server.proxy;

import io.portico.route.RouteRequest;
import io.portico.server.Snapshot;
import io.portico.server.connection.ConnectionInfo;
import io.portico.server.upstream.Cluster;
import io.portico.server.upstream.Instance;

/**
 * The state of one request as it moves through the pipeline: what it is, where routing sent
 * it, which backend answered, how many tries it took. Runs on the request's thread.
 */
final class ProxyRequest {
    final ClientExchange exchange;
    final ConnectionInfo connection;
    final Snapshot snapshot;
    final RouteRequest route;
    final long startNanos = System.nanoTime();
    String product;
    Cluster cluster;
    String subcluster;
    Instance instance;
    int retries;
    int status;

    ProxyRequest(ClientExchange exchange, ConnectionInfo connection, Snapshot snapshot) {
        this.exchange = exchange;
        this.connection = connection;
        this.snapshot = snapshot;
        this.route = new RouteRequest(exchange.head(), connection.remote(), connection.remote(), connection.local(),
                connection.secure(), System.currentTimeMillis());
    }

    String clientIp() {
        return route.client().getAddress().getHostAddress();
    }
}
