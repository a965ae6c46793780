package io.portico.server.upstream;

/**
 * What went wrong in one failed try against a backend instance, as {@code /metrics}
 * ({@code portico_cluster_backend_failures_total{kind}}) and the access log
 * ({@code $upstream_error}) name it. The label is fixed text: counting and logging build no string.
 */
public enum BackendFailure {
    /** The instance refused the connection (nothing listens, or it reset the SYN). */
    CONNECT_REFUSED("connect_refused"),
    /** No connection (or TLS handshake) within connect_timeout. */
    CONNECT_TIMEOUT("connect_timeout"),
    /** Any other failure to connect: no route, a failed TLS handshake. */
    CONNECT_FAILED("connect_failed"),
    /** max_per_instance (or the connect-storm cap) reached and nothing came free in time. */
    POOL_EXHAUSTED("pool_exhausted"),
    /** The request (or part of it) was sent; the connection then broke or closed without a response. */
    RESET_AFTER_SEND("reset_after_send"),
    /** A malformed response: garbage status line, a head over the limits, bad body framing. */
    BAD_RESPONSE("bad_response"),
    /** No response head within response_header_timeout. */
    HEADER_TIMEOUT("header_timeout"),
    /** The response body broke off (reset, early close, read timeout). */
    BODY_CUT("body_cut");

    private final String label;

    BackendFailure(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
