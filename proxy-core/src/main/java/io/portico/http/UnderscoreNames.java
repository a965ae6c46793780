package io.portico.http;

/**
 * What happens to a request header whose name holds {@code _} ({@code [server.headers]
 * underscores}): CGI, WSGI and PHP backends read {@code X_User} and {@code X-User} as one
 * variable, so a client could forge a header a module sets.
 */
public enum UnderscoreNames {
    /** Removed before any rule sees the request, and counted. */
    DROP,
    /** Forwarded like any other field. */
    ALLOW,
    /** The request gets 400. */
    REJECT
}
