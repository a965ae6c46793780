package io.portico.server.proxy;

import io.portico.http.ProtocolException;
import io.portico.server.ServerMetrics;
import io.portico.server.ServerMetrics.ErrorKind;
import io.portico.server.Snapshot;
import io.portico.server.connection.BufferPool;
import io.portico.server.connection.ConnectionInfo;
import io.portico.server.upstream.Cluster;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request pipeline: host → product → route → cluster, then the forwarder. Also the
 * request's exception barrier: anything thrown inside ends in a 500 for this request alone.
 * Shared by all connections; holds no per-request state.
 */
public final class ProxyPipeline implements RequestPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(ProxyPipeline.class);

    private final ServerMetrics metrics;
    private final Forwarder forwarder;

    public ProxyPipeline(ServerMetrics metrics, BufferPool buffers) {
        this.metrics = metrics;
        this.forwarder = new Forwarder(metrics, buffers);
    }

    @Override
    public void handle(ClientExchange exchange, ConnectionInfo connection, Snapshot snapshot) throws IOException {
        ProxyRequest req = new ProxyRequest(exchange, connection, snapshot);
        try {
            route(req);
        } catch (ClientGone e) {
            throw e;
        } catch (ProtocolException e) {
            // Bad request body (malformed chunking, over max_body_bytes) found while forwarding.
            metrics.error(e.status() == 413 ? ErrorKind.BODY_TOO_LARGE : ErrorKind.BAD_REQUEST);
            answerOrAbort(req, e.status());
        } catch (IOException e) {
            throw e;
        } catch (RuntimeException | Error e) {
            metrics.error(ErrorKind.INTERNAL);
            LOG.warn("conn-{} {} {}: request failed: {}", connection.id(), exchange.head().method(),
                    exchange.head().target(), e.toString());
            LOG.debug("stack of the failure above", e);
            answerOrAbort(req, 500);
        }
    }

    private void route(ProxyRequest req) throws IOException {
        String product = req.snapshot.hosts().product(req.route.host());
        if (product == null) {
            answer(req, ErrorKind.NO_PRODUCT, 404);
            return;
        }
        req.product = product;
        Cluster cluster = req.snapshot.cluster(product, req.route);
        if (cluster == null) {
            answer(req, ErrorKind.NO_ROUTE, 404);
            return;
        }
        req.cluster = cluster;
        forwarder.forward(req);
    }

    private void answer(ProxyRequest req, ErrorKind kind, int status) throws IOException {
        metrics.error(kind);
        metrics.response(status);
        req.status = status;
        req.exchange.answer(ProxyAnswer.of(status));
    }

    private void answerOrAbort(ProxyRequest req, int status) throws IOException {
        req.exchange.closeAfterResponse();
        if (req.exchange.responseStarted()) {
            throw new IOException("request failed after its response started");
        }
        metrics.response(status);
        req.status = status;
        req.exchange.answer(ProxyAnswer.of(status));
    }
}
