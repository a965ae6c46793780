package io.portico.module;

import io.portico.http.RequestHead;
import io.portico.route.Condition;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;

/**
 * One request, as modules see it. Implemented by the server; belongs to the request's thread
 * (handlers of one request run one after another on it), so it is not safe to share.
 *
 * <p>Edits to the head are what the data path uses next: a rewrite at HandleBeforeLocation
 * changes which product and route match, and every edit before HandleForward is what the
 * backend receives.
 */
public interface Request {

    Session session();

    /** The current head; its fields are mutable in place. */
    RequestHead head();

    /** Replaces the head, e.g. with {@code head().withTarget(...)}. */
    void head(RequestHead head);

    default String method() {
        return head().method();
    }

    /** The path without the query. */
    default String path() {
        return head().path();
    }

    /** The raw query after {@code ?}, or the empty string. */
    default String query() {
        return head().query();
    }

    /** The host the request is for (Host field, or {@code :authority}), lower case, without port; empty if none. */
    default String host() {
        return HostNames.hostOf(head().fields().firstOrNull("Host"));
    }

    /**
     * Whether the host table names the request's current host, exactly or by a {@code *.suffix}:
     * false when only {@code default_product} took it. A module that builds an absolute URL from
     * the Host (a redirect to https) uses only a listed host, never whatever a client wrote.
     */
    boolean hostListed();

    /** Replaces the path and keeps the query. */
    default void path(String path) {
        String q = query();
        head(head().withTarget(q.isEmpty() ? path : path + "?" + q));
    }

    /** Replaces the whole target (path and query). */
    default void target(String target) {
        head(head().withTarget(target));
    }

    /** Replaces the Host field (HTTP/2: the authority). */
    default void host(String host) {
        head().fields().set("Host", host);
        head(head().withOrigin(head().scheme(), host));
    }

    /** The client: the TCP peer, unless a module (trust_client_ip) set the address a trusted proxy reported. */
    InetSocketAddress clientAddress();

    void clientAddress(InetSocketAddress client);

    /** Whether the client is trusted: set by {@code trust_client_ip}, read by {@code req_cip_trusted()}. */
    boolean clientTrusted();

    void clientTrusted(boolean trusted);

    /** Whether a route condition matches this request as it is now. */
    boolean matches(Condition condition);

    /** Present from HandleFoundProduct on. */
    Optional<String> product();

    /**
     * Whether a rule written for {@code product} applies to this request: null (a rule for every
     * product) always does; a name does when it is this request's product.
     */
    default boolean inProduct(String product) {
        return product == null || product.equals(product().orElse(null));
    }

    /** Present from HandleAfterLocation on. */
    Optional<String> cluster();

    /** The sub-cluster of the current try; present from HandleForward on. */
    Optional<String> subcluster();

    /** The backend instance ({@code host:port}) of the current try; present from HandleForward on. */
    Optional<String> backend();

    /** Tries after the first: 0 on the first try. */
    int retryCount();

    /** The id that names this request in logs (and in a request-id header if a module sets one). */
    String logId();

    /** A snapshot of the timings so far. */
    Timings timings();

    /** Request body bytes read from the client so far. */
    long requestBodyBytes();

    /** Response body bytes sent to the client so far. */
    long responseBodyBytes();

    /** Why the proxy failed this request (e.g. {@code connect_failed}, {@code timeout}), if it did. */
    Optional<String> error();

    /**
     * What went wrong in the last failed try against a backend, if one failed (also when a
     * later try succeeded): {@code connect_refused}, {@code connect_timeout}, {@code connect_failed},
     * {@code pool_exhausted}, {@code reset_after_send}, {@code bad_response}, {@code header_timeout}
     * or {@code body_cut}.
     */
    default Optional<String> upstreamError() {
        return Optional.empty();
    }

    /** Sets a tag, a name/value pair for logs (access_log's {@code $tag_NAME}); replaces an earlier value. */
    void tag(String name, String value);

    /** The tags set so far, in the order first set; a read-only view. */
    Map<String, String> tags();

    /** Values modules keep for the life of this request. */
    Attributes attributes();
}
