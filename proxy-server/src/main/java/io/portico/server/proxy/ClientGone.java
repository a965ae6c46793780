package io.portico.server.proxy;

import io.portico.server.metrics.ServerMetrics.ClientAbort;
import java.io.IOException;

/**
 * The client side failed while the pipeline was reading its body, waiting on the backend for it,
 * or writing its response. (Also the end of a response the backend cut after it started: then
 * the cause is an {@link UpstreamFailure}.)
 */
final class ClientGone extends IOException {
    private static final long serialVersionUID = 1L;

    private final ClientAbort phase;

    ClientGone(IOException cause) {
        this(cause, ClientAbort.RESPONSE);
    }

    ClientGone(IOException cause, ClientAbort phase) {
        super(cause.getMessage(), cause);
        this.phase = phase;
    }

    ClientAbort phase() {
        return phase;
    }
}
