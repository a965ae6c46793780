package io.portico.server.proxy;

import io.portico.http.HttpFields;
import io.portico.http.ProtocolException;
import io.portico.http.RequestEntry;
import io.portico.http.ResponseHead;
import io.portico.module.CallbackPoint;
import io.portico.module.HandlerTable;
import io.portico.module.Verdict;
import io.portico.server.connection.ConnectionInfo;
import io.portico.server.io.BufferPool;
import io.portico.server.io.BelowMinRate;
import io.portico.server.metrics.ServerMetrics.ClientAbort;
import io.portico.server.metrics.ServerMetrics.ErrorKind;
import io.portico.server.metrics.ServerMetrics.SlowClient;
import io.portico.server.metrics.ServerMetrics;
import io.portico.server.snapshot.ServerSettings;
import io.portico.server.snapshot.Snapshot;
import io.portico.server.upstream.Cluster;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request pipeline: HandleBeforeLocation → host → product → HandleFoundProduct → route →
 * cluster → HandleAfterLocation → forwarder → HandleRequestFinish. Also the request's exception
 * barrier: anything thrown inside ends in a 500 for this request alone.
 * Shared by all connections; holds no per-request state.
 */
public final class ProxyPipeline implements RequestPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyPipeline.class);

    private final ServerMetrics metrics;
    private final Forwarder forwarder;
    private final IntConsumer underscoresDropped;

    public ProxyPipeline(ServerMetrics metrics, BufferPool buffers) {
        this.metrics = metrics;
        this.forwarder = new Forwarder(metrics, buffers);
        this.underscoresDropped = metrics.underscoreHeadersDropped::add;
    }

    @Override
    public void handle(ClientExchange exchange, ConnectionInfo connection, Snapshot snapshot) throws IOException {
        ProxyRequest req = new ProxyRequest(exchange, connection, snapshot);
        try {
            try {
                route(req);
            } catch (CloseConnection e) {
                throw e;
            } catch (ProtocolException e) {
                // A target, Host or header RequestEntry refused, or a bad request body (malformed
                // chunking, over max_body_bytes) found while forwarding.
                metrics.error(ErrorKind.of(e.kind()));
                answerOrAbort(req, e.status());
            } catch (ModuleFailure e) {
                req.error = e.getMessage();
                metrics.moduleError(e.module());
                logFailure(req, e.getMessage(), e);
                answerOrAbort(req, 500);
            } catch (RuntimeException | Error e) {
                req.error = e.toString();
                metrics.error(ErrorKind.INTERNAL);
                logFailure(req, "request failed: " + e, e);
                answerOrAbort(req, 500);
            }
        } catch (CloseConnection e) {
            throw e;
        } catch (IOException e) {
            if (!clientFailed(req, e)) {
                end(req);
                return;
            }
            try {
                end(req);
            } catch (CloseConnection ignored) {
                // closing anyway
            }
            throw e;
        }
        end(req);
    }

    /**
     * The request ended in an I/O failure, mostly its client's: it is told apart (client gone →
     * 499; too slow a request body → 408 when nothing was sent yet; the backend cut a started
     * response → the status sent) for the log line and the counters. False when the request was
     * answered after all (the 408).
     */
    private boolean clientFailed(ProxyRequest req, IOException e) throws IOException {
        if (e instanceof ResponseFailed || !req.clientGone && e instanceof ClientGone g && g.getCause() instanceof UpstreamFailure) {
            return true; // not the client's doing: the log shows the status sent and the bytes that went out
        }
        BelowMinRate slow = belowMinRate(e);
        ClientAbort phase = e instanceof ClientGone g ? g.phase() : ClientAbort.RESPONSE;
        if (phase == ClientAbort.REQUEST_BODY && e.getCause() instanceof SocketTimeoutException && !req.exchange.responseStarted()) {
            // client_body, or client_body_min_rate: the client is still there to be told.
            req.error = e.getMessage();
            metrics.error(ErrorKind.CLIENT_TIMEOUT);
            if (slow != null) {
                metrics.slowClient(SlowClient.BODY);
            }
            try {
                answerOrAbort(req, 408);
                return false;
            } catch (IOException again) {
                req.status = 499;
                return true;
            }
        }
        req.status = 499;
        req.error = slow != null ? slow.getMessage() : "client gone: " + e.getMessage();
        if (slow != null) {
            metrics.slowClient(slow.side() == BelowMinRate.Side.BODY ? SlowClient.BODY : SlowClient.WRITE);
        } else {
            metrics.clientAbort(phase);
        }
        return true;
    }

    private static BelowMinRate belowMinRate(Throwable e) {
        for (int i = 0; e != null && i < 4; i++, e = e.getCause()) {
            if (e instanceof BelowMinRate b) {
                return b;
            }
        }
        return null;
    }

    /** One line for a failed request; its stack only at debug level (no stack-trace storms). */
    private static void logFailure(ProxyRequest req, String what, Throwable e) {
        LOG.warn("conn-{} {} {}: {}", req.connection.id(), req.head().method(), req.head().target(), what);
        LOG.debug("stack of the failure above", e);
    }

    /** Counts the request and runs HandleRequestFinish: once for each request, however it ended. */
    private void end(ProxyRequest req) throws IOException {
        if (req.ended) {
            return;
        }
        req.ended = true;
        count(req);
        finish(req);
    }

    private void route(ProxyRequest req) throws IOException {
        ServerSettings settings = req.snapshot.settings();
        req.head(RequestEntry.admit(req.head(), req.connection.secure(), settings.pathRules(), settings.underscores(), underscoresDropped));
        if (req.head().method().equals("CONNECT")) {
            // A reverse proxy does not open tunnels to arbitrary hosts.
            answer(req, ErrorKind.BAD_REQUEST, 405);
            return;
        }
        HandlerTable modules = req.snapshot.modules();
        if (Answers.verdict(req, Callbacks.request(modules, CallbackPoint.HANDLE_BEFORE_LOCATION, req))) {
            return;
        }
        // The table takes the host out of the authority itself, ignoring case: no substring per request.
        String product = req.snapshot.hosts().product(req.route().authority());
        if (product == null) {
            answer(req, ErrorKind.NO_PRODUCT, 404);
            return;
        }
        req.product = product;
        if (Answers.verdict(req, Callbacks.request(modules, CallbackPoint.HANDLE_FOUND_PRODUCT, req))) {
            return;
        }
        Cluster cluster = req.snapshot.cluster(product, req.route());
        if (cluster == null) {
            answer(req, ErrorKind.NO_ROUTE, 404);
            return;
        }
        req.cluster = cluster;
        if (Answers.verdict(req, Callbacks.request(modules, CallbackPoint.HANDLE_AFTER_LOCATION, req))) {
            return;
        }
        forwarder.forward(req);
    }

    /** Counts the answer once, whoever made it (backend, proxy or module). */
    private void count(ProxyRequest req) {
        if (req.status > 0) {
            metrics.response(req.status);
            if (req.cluster != null) {
                req.cluster.stats().record(req.status, System.nanoTime() - req.startNanos);
            }
        }
    }

    private void finish(ProxyRequest req) throws IOException {
        req.endNanos = System.nanoTime();
        ResponseHead sent = req.exchange.sentHead();
        ResponseHead logged = sent != null && sent.status() == req.status ? sent : Answers.head(req.status, "", new HttpFields(0));
        Verdict v;
        try {
            v = Callbacks.response(req.snapshot.modules(), CallbackPoint.HANDLE_REQUEST_FINISH, req, new ProxyResponse(logged));
        } catch (ModuleFailure e) {
            // The answer is out: a failing observer cannot change it; the connection is not trusted further.
            metrics.moduleError(e.module());
            logFailure(req, e.getMessage(), e);
            req.exchange.closeAfterResponse();
            return;
        }
        if (v instanceof Verdict.Close) {
            req.exchange.closeAfterResponse();
            throw new CloseConnection();
        }
    }

    private void answer(ProxyRequest req, ErrorKind kind, int status) throws IOException {
        metrics.error(kind);
        Answers.own(req, ProxyAnswer.of(status), metrics);
    }

    private void answerOrAbort(ProxyRequest req, int status) throws IOException {
        req.exchange.closeAfterResponse();
        if (req.exchange.responseStarted()) {
            throw new ResponseFailed("request failed after its response started", null);
        }
        Answers.own(req, ProxyAnswer.of(status), metrics);
    }
}
