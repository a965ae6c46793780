package io.portico.server.proxy;

import io.portico.balance.SubclusterChoice;
import io.portico.http.HttpFields;
import io.portico.http.HttpVersion;
import io.portico.http.ProtocolException;
import io.portico.http.ProxyHeaders;
import io.portico.http.RequestHead;
import io.portico.http.ResponseHead;
import io.portico.server.io.BufferPool;
import io.portico.module.Timings;
import io.portico.server.metrics.ServerMetrics.ClientAbort;
import io.portico.server.metrics.ServerMetrics.ErrorKind;
import io.portico.server.metrics.ServerMetrics;
import io.portico.server.proxy.UpstreamFailure.Stage;
import io.portico.server.upstream.BackendConnection;
import io.portico.server.upstream.BackendFailure;
import io.portico.server.upstream.BackendExchange;
import io.portico.server.upstream.Cluster;
import io.portico.server.upstream.Instance;
import io.portico.server.upstream.InstancePool.PoolExhaustedException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * Sends one request to its cluster: chooses a sub-cluster and an instance, borrows a pooled
 * connection, writes the request, hands the response to {@link ResponseRelay}. Retries on another instance (then
 * another sub-cluster) while nothing of the response reached the client and the failure
 * allows it. Runs on the request's thread.
 */
final class Forwarder {
    /** Times a request may meet a stale pooled connection before it insists on a fresh one. */
    private static final int STALE_TRIES = 2;
    private static final Predicate<Instance> NONE_TRIED = i -> false;
    /** How long a backend may keep a request waiting before the client's socket is watched for it going away. */
    static final long WATCH_CLIENT_AFTER_NANOS = 20_000_000L;

    private final ServerMetrics metrics;
    private final BufferPool buffers;
    private final ResponseRelay relay;

    Forwarder(ServerMetrics metrics, BufferPool buffers) {
        this.metrics = metrics;
        this.buffers = buffers;
        this.relay = new ResponseRelay(buffers);
    }

    void forward(ProxyRequest req) throws IOException {
        Cluster cluster = req.cluster;
        RequestBody body = RequestBody.prepare(req.exchange, cluster.config().retry().maxReplayBodyBytes());
        RequestHead upstream = upstreamHead(req);
        StickyKey sticky = StickyKey.of(cluster.config(), req);
        SubclusterChoice choice = sticky.present()
                ? cluster.gslb().pickSticky(sticky.hash(), cluster.subclusterAvailable())
                : cluster.gslb().pick(cluster.subclusterAvailable());
        if (choice instanceof SubclusterChoice.Blackhole) {
            metrics.error(ErrorKind.BLACKHOLE);
            answer(req, ProxyAnswer.blackhole());
            return;
        }
        List<Instance> tried = new ArrayList<>(0); // no backing array until a try fails
        long triedSubs = 0; // bit i: sub-cluster i (of the first 64) was tried
        int inTries = 0;
        int crossTries = 0;
        UpstreamFailure last = null;
        boolean retrying = false; // the next try found is a retry (counted only when there is one)
        while (choice instanceof SubclusterChoice.Chosen chosen) {
            int index = chosen.index();
            if (index < Long.SIZE) {
                triedSubs |= 1L << index;
            }
            Cluster.Subcluster sub = cluster.subcluster(index);
            Predicate<Instance> excluded = tried.isEmpty() ? NONE_TRIED : tried::contains;
            Optional<Instance> picked = sub.sticky() != null && sticky.present()
                    ? sub.sticky().pick(sticky.hash(), excluded)
                    : sub.balancer().pick(excluded);
            if (picked.isPresent()) {
                Instance instance = picked.get();
                if (retrying) {
                    req.retries++;
                    metrics.retries.increment();
                }
                retrying = false;
                req.subcluster = sub.name();
                req.instance = instance;
                try {
                    attempt(req, instance, upstream, body);
                    return;
                } catch (UpstreamFailure f) {
                    last = f;
                    tried.add(instance);
                    if (!retryable(f, req, body)) {
                        fail(req, f);
                        return;
                    }
                    if (inTries < cluster.config().retry().inSubcluster()) {
                        inTries++;
                        retrying = true;
                        continue;
                    }
                }
            }
            if (crossTries >= cluster.config().retry().crossSubcluster()) {
                break;
            }
            crossTries++;
            inTries = 0;
            long triedMask = triedSubs;
            IntPredicate triedSub = i -> i < Long.SIZE && (triedMask >>> i & 1) != 0;
            choice = sticky.present()
                    ? cluster.gslb().retrySticky(sticky.hash(), cluster.subclusterAvailable(), triedSub)
                    : cluster.gslb().retry(cluster.subclusterAvailable(), triedSub);
            retrying = true;
        }
        if (last != null) {
            fail(req, last);
        } else {
            metrics.error(ErrorKind.NO_INSTANCE);
            answer(req, ProxyAnswer.of(503));
        }
    }

    /**
     * CONNECT: nothing was sent, any method goes again. SENT, BAD_RESPONSE: the backend may have
     * acted on the request, so only a replayable body of a retry method. TIMEOUT is not retried
     * (each try would wait response_header_timeout again); BODY is past the point of no return.
     */
    private boolean retryable(UpstreamFailure f, ProxyRequest req, RequestBody body) {
        return switch (f.stage()) {
            case CONNECT -> true;
            case SENT, BAD_RESPONSE -> body.replayable() && cluster(req).retry().methods().contains(req.head().method());
            default -> false;
        };
    }

    private static io.portico.config.ClusterConfig cluster(ProxyRequest req) {
        return req.cluster.config();
    }

    private void fail(ProxyRequest req, UpstreamFailure f) throws IOException {
        req.error = f.getMessage();
        switch (f.stage()) {
            case CONNECT -> {
                boolean exhausted = f.kind() == BackendFailure.POOL_EXHAUSTED;
                metrics.error(exhausted ? ErrorKind.NO_INSTANCE : ErrorKind.CONNECT_FAILED);
                answer(req, ProxyAnswer.of(exhausted ? 503 : 502));
            }
            case SENT -> {
                // Not a connect failure: the backend got (part of) the request, then broke off.
                metrics.error(ErrorKind.UPSTREAM_RESET);
                answer(req, ProxyAnswer.of(502));
            }
            case TIMEOUT -> {
                metrics.error(ErrorKind.UPSTREAM_TIMEOUT);
                answer(req, ProxyAnswer.of(504));
            }
            case BAD_RESPONSE -> {
                metrics.error(ErrorKind.BAD_RESPONSE);
                answer(req, ProxyAnswer.of(502));
            }
            case BODY -> {
                metrics.error(ErrorKind.UPSTREAM_RESET);
                req.exchange.closeAfterResponse();
                if (req.exchange.retract()) {
                    // Nothing of the broken response reached the client: it gets a clean 502.
                    answer(req, ProxyAnswer.of(502));
                    return;
                }
                throw new ClientGone(f);
            }
        }
    }

    private void answer(ProxyRequest req, ProxyAnswer a) throws IOException {
        Answers.own(req, a, metrics);
    }

    /** One try against one instance; a stale pooled connection is replaced without counting as a retry. */
    private void attempt(ProxyRequest req, Instance instance, RequestHead upstream, RequestBody body) throws IOException {
        if (Answers.verdict(req, Callbacks.forward(req.snapshot.modules(), req))) {
            return;
        }
        instance.requestStarted();
        try {
            for (int stale = 0; ; stale++) {
                BackendConnection conn;
                try {
                    // A request that cannot be resent is not sent on a connection the backend may just
                    // have closed: its idle connection is checked with a read of the socket as well.
                    conn = instance.pool().borrow(req.cluster.connectTimeoutMillis(), stale >= STALE_TRIES,
                            !idempotent(upstream.method()) || !body.replayable());
                } catch (PoolExhaustedException e) {
                    // The proxy's own limit, not the instance's fault.
                    throw failed(req, instance, new UpstreamFailure(Stage.CONNECT, BackendFailure.POOL_EXHAUSTED,
                            e.getMessage(), e), false);
                } catch (IOException e) {
                    throw failed(req, instance, new UpstreamFailure(Stage.CONNECT, connectFailure(e),
                            "connect to " + instance + ": " + e.getMessage(), e), true);
                }
                req.connectedNanos = System.nanoTime();
                try {
                    RequestHead sent = withInstanceHost(upstream, instance);
                    exchange(req, new BackendExchange(conn, sent.method()), sent, body);
                    return;
                } catch (UpstreamFailure f) {
                    // A pooled connection the backend closed while idle says nothing about its health.
                    boolean staleConnection = f.stage() == Stage.SENT && conn.reused();
                    if (staleConnection && body.replayable() && stale < STALE_TRIES && idempotent(upstream.method())) {
                        continue;
                    }
                    throw failed(req, instance, f, !staleConnection);
                }
            }
        } finally {
            instance.requestEnded();
        }
    }

    /** Counts a failed try (metric, access log) and, when {@code blame}, against the instance's health; returns {@code f}. */
    private static UpstreamFailure failed(ProxyRequest req, Instance instance, UpstreamFailure f, boolean blame) {
        req.upstreamError = f.kind();
        req.cluster.stats().failure(f.kind());
        if (blame) {
            req.cluster.failed(instance, f.getMessage());
        }
        return f;
    }

    private static BackendFailure connectFailure(IOException e) {
        if (e instanceof ConnectException) {
            return BackendFailure.CONNECT_REFUSED;
        }
        return e instanceof SocketTimeoutException ? BackendFailure.CONNECT_TIMEOUT : BackendFailure.CONNECT_FAILED;
    }

    private void exchange(ProxyRequest req, BackendExchange bx, RequestHead upstream, RequestBody body) throws IOException {
        boolean done = false;
        boolean watching = false;
        try {
            send(req, bx, upstream, body);
            // From here on the client's side is not read: a client that goes away is noticed by its
            // connection, once the backend keeps it waiting. Not before: watching a new connection's
            // socket registers it with the I/O loop, six system calls a connection (add, remove, a
            // failed read, and the JDK's getsockopt and shutdown when it closes a registered
            // socket), which a backend that answers at once never needs.
            if (!bx.awaitResponse(WATCH_CLIENT_AFTER_NANOS)) {
                req.exchange.watchClient(() -> {
                    req.clientGone = true;
                    bx.cancel();
                });
                watching = true;
            }
            ResponseHead head = readFinalHead(req, bx);
            var failStatus = req.cluster.config().healthCheck().failStatus();
            boolean failStatusSeen = failStatus.isPresent() && failStatus.get().matches(head.status());
            if (failStatusSeen) {
                req.cluster.failed(req.instance, req.instance + " answered " + head.status());
            }
            if (head.status() == 101) {
                req.instance.succeeded();
                relay.tunnel(req, bx, head);
                return; // the backend connection carried another protocol: it closes, never pooled
            }
            relay.relay(req, bx, head);
            // Only a whole response is a success: one whose body broke counts against the instance.
            if (!failStatusSeen) {
                req.instance.succeeded();
            }
            done = true;
        } catch (IOException e) {
            if (req.clientGone && !(e instanceof ClientGone)) {
                throw new ClientGone(e, req.responseHeadNanos == Timings.NOT_REACHED ? ClientAbort.BACKEND_WAIT : ClientAbort.RESPONSE);
            }
            throw e;
        } finally {
            if (watching && !req.exchange.unwatchClient()) {
                done = false; // the backend socket was closed under the exchange
            }
            if (done) {
                bx.finish();
            } else {
                bx.abort();
            }
        }
    }

    private void send(ProxyRequest req, BackendExchange bx, RequestHead upstream, RequestBody body) throws IOException {
        try {
            OutputStream out = bx.sendHead(upstream, body.length());
            body.writeTo(out, buffers);
            req.requestBodyBytes = body.sent();
            bx.endRequest(body.trailers());
        } catch (ClientGone e) {
            throw e;
        } catch (IOException e) {
            throw new UpstreamFailure(Stage.SENT, BackendFailure.RESET_AFTER_SEND, "send to " + req.instance + ": " + e.getMessage(), e);
        }
    }

    private ResponseHead readFinalHead(ProxyRequest req, BackendExchange bx) throws IOException {
        var limits = req.snapshot.settings().http1Limits();
        while (true) {
            ResponseHead head;
            try {
                head = bx.readHead(limits, req.cluster.responseTimeoutMillis());
            } catch (SocketTimeoutException e) {
                throw new UpstreamFailure(Stage.TIMEOUT, BackendFailure.HEADER_TIMEOUT, req.instance + " sent no response head in time", e);
            } catch (ProtocolException e) {
                throw new UpstreamFailure(Stage.BAD_RESPONSE, BackendFailure.BAD_RESPONSE, req.instance + ": " + e.getMessage(), null);
            } catch (IOException e) {
                throw new UpstreamFailure(Stage.SENT, BackendFailure.RESET_AFTER_SEND, req.instance + ": " + e.getMessage(), e);
            }
            if (head == null) {
                throw new UpstreamFailure(Stage.SENT, BackendFailure.RESET_AFTER_SEND,
                        req.instance + " closed the connection without a response", null);
            }
            if (!head.informational()) {
                return head;
            }
            if (head.status() == 101) {
                if (Tunnel.requested(req.head()) != null) {
                    return head;
                }
                throw new UpstreamFailure(Stage.BAD_RESPONSE, BackendFailure.BAD_RESPONSE, req.instance + " switched protocols unasked", null);
            }
            if (head.status() != 100) {
                try {
                    req.exchange.informational(head);
                } catch (IOException e) {
                    throw new ClientGone(e);
                }
            }
        }
    }

    /**
     * The head as sent to {@code instance}: a request that named no host at all (HTTP/1.0 without
     * Host) goes to the backend with the instance's address as Host, as nginx's default
     * {@code $proxy_host} does — an empty Host is valid HTTP/1.1 but common servers refuse it.
     */
    private static RequestHead withInstanceHost(RequestHead upstream, Instance instance) {
        if (!"".equals(upstream.fields().firstOrNull("Host"))) {
            return upstream;
        }
        io.portico.http.HttpFields fields = upstream.fields().copy();
        fields.set("Host", instance.addressText());
        return new RequestHead(upstream.method(), upstream.target(), upstream.version(), fields);
    }

    /** RFC 9110 §9.2.2: a request the backend may receive twice without harm. */
    private static boolean idempotent(String method) {
        return switch (method) {
            case "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE" -> true;
            default -> false;
        };
    }

    private static RequestHead upstreamHead(ProxyRequest req) {
        RequestHead client = req.head();
        String host = client.fields().firstOrNull("Host");
        HttpFields fields = ProxyHeaders.upstreamRequest(client.fields(), req.peerIp(), req.clientIp(),
                req.connection.secure(), host, req.clientTrusted());
        // The proxy answers 100-continue itself (it reads the body before or while sending it).
        fields.remove("Expect");

        if (req.cluster.config().pool().maxIdlePerInstance() == 0) {
            fields.set("Connection", "close");
        }
        String upgrade = Tunnel.requested(client);
        if (upgrade != null) {
            Tunnel.ask(fields, upgrade);
        }
        return new RequestHead(client.method(), client.originForm(), HttpVersion.HTTP_1_1, fields);
    }
}
