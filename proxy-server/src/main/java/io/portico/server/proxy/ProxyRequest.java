package io.portico.server.proxy;

import io.portico.http.RequestHead;
import io.portico.module.Attributes;
import io.portico.module.Request;
import io.portico.module.Session;
import io.portico.module.Timings;
import io.portico.route.Condition;
import io.portico.route.RouteRequest;
import io.portico.server.connection.ConnectionInfo;
import io.portico.server.snapshot.Snapshot;
import io.portico.server.upstream.BackendFailure;
import io.portico.server.upstream.Cluster;
import io.portico.server.upstream.Instance;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The state of one request as it moves through the pipeline — what it is, where routing sent
 * it, which backend answered, how many tries it took — and the {@link Request} view modules
 * get of it. Runs on the request's thread.
 */
final class ProxyRequest implements Request {
    final ClientExchange exchange;
    final ConnectionInfo connection;
    final Snapshot snapshot;
    final long startNanos = System.nanoTime();
    final long startMillis = System.currentTimeMillis();
    private RequestHead head;
    private InetSocketAddress client;
    private RouteRequest route;
    private Map<String, String> tags;
    private Attributes attributes;
    private String logId;
    private boolean clientTrusted;
    String product;
    Cluster cluster;
    String subcluster;
    Instance instance;
    int retries;
    int status;
    String error;
    /** The last failed try's kind, or null while no try failed. */
    BackendFailure upstreamError;
    long connectedNanos = Timings.NOT_REACHED;
    long responseHeadNanos = Timings.NOT_REACHED;
    long endNanos = Timings.NOT_REACHED;
    long requestBodyBytes;
    /** Response body bytes written to the client so far. */
    long responseBodyBytes;
    /** Set from another thread when the client went away while the request waited on its backend. */
    volatile boolean clientGone;
    /** Counted and through HandleRequestFinish: each request is, once. */
    boolean ended;

    ProxyRequest(ClientExchange exchange, ConnectionInfo connection, Snapshot snapshot) {
        this.exchange = exchange;
        this.connection = connection;
        this.snapshot = snapshot;
        this.head = exchange.head();
        this.client = connection.remote();
    }

    /** The routing view of the request as it is now (rebuilt after a module changed it). */
    RouteRequest route() {
        if (route == null) {
            route = new RouteRequest(head, connection.remote(), client, connection.local(), connection.secure(), startMillis)
                    .clientTrusted(clientTrusted).tls(connection.routeTls());
            if (tags != null) {
                route.tags(tags);
            }
        }
        return route;
    }

    /** The TCP peer's address as text (what X-Forwarded-For gets appended). */
    String peerIp() {
        return connection.remoteIp();
    }

    String clientIp() {
        return client == connection.remote() ? connection.remoteIp() : client.getAddress().getHostAddress();
    }

    @Override
    public Session session() {
        return connection;
    }

    @Override
    public RequestHead head() {
        return head;
    }

    @Override
    public void head(RequestHead newHead) {
        head = newHead;
        route = null;
    }

    @Override
    public boolean hostListed() {
        return snapshot.hosts().listedProduct(head.fields().firstOrNull("Host")) != null;
    }

    @Override
    public InetSocketAddress clientAddress() {
        return client;
    }

    @Override
    public void clientAddress(InetSocketAddress address) {
        client = address;
        route = null;
    }

    @Override
    public boolean clientTrusted() {
        return clientTrusted;
    }

    @Override
    public void clientTrusted(boolean trusted) {
        clientTrusted = trusted;
        if (route != null) {
            route.clientTrusted(trusted);
        }
    }

    @Override
    public boolean matches(Condition condition) {
        return condition.test(route());
    }

    @Override
    public Optional<String> product() {
        return Optional.ofNullable(product);
    }

    @Override
    public Optional<String> cluster() {
        return cluster == null ? Optional.empty() : Optional.of(cluster.name());
    }

    @Override
    public Optional<String> subcluster() {
        return Optional.ofNullable(subcluster);
    }

    @Override
    public Optional<String> backend() {
        return instance == null ? Optional.empty() : Optional.of(instance.addressText());
    }

    @Override
    public int retryCount() {
        return retries;
    }

    @Override
    public String logId() {
        if (logId == null) {
            logId = Long.toHexString(ThreadLocalRandom.current().nextLong() | Long.MIN_VALUE);
        }
        return logId;
    }

    @Override
    public Timings timings() {
        return new Timings(startMillis, 0, since(connectedNanos), since(responseHeadNanos), since(endNanos));
    }

    private long since(long nanos) {
        return nanos == Timings.NOT_REACHED ? Timings.NOT_REACHED : nanos - startNanos;
    }

    @Override
    public long requestBodyBytes() {
        return requestBodyBytes;
    }

    @Override
    public long responseBodyBytes() {
        return responseBodyBytes;
    }

    @Override
    public Optional<String> error() {
        return Optional.ofNullable(error);
    }

    @Override
    public Optional<String> upstreamError() {
        return upstreamError == null ? Optional.empty() : Optional.of(upstreamError.label());
    }

    @Override
    public void tag(String name, String value) {
        if (tags == null) {
            tags = new LinkedHashMap<>();
            if (route != null) {
                route.tags(tags);
            }
        }
        tags.put(name, value);
    }

    @Override
    public Map<String, String> tags() {
        return tags == null ? Map.of() : java.util.Collections.unmodifiableMap(tags);
    }

    @Override
    public Attributes attributes() {
        if (attributes == null) {
            attributes = Attributes.forOneThread();
        }
        return attributes;
    }
}
