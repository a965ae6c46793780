package io.portico.config;

/**
 * {@code [server.headers]}.
 *
 * @param underscores what happens to a request header whose name holds {@code _}: CGI, WSGI and
 *                    PHP backends read {@code X_User} and {@code X-User} as one variable, so a
 *                    client could forge a header a module sets; default {@link Underscores#DROP}
 */
public record HeadersConfig(Underscores underscores) {
    public static final HeadersConfig DEFAULTS = new HeadersConfig(Underscores.DROP);

    /** {@code drop} (removed and counted), {@code allow} (forwarded), {@code reject} (400). */
    public enum Underscores {
        DROP, ALLOW, REJECT
    }
}
