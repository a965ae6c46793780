package io.portico.server.admin;

/** The /metrics text of a server, for tests outside this package. */
public final class MetricsTextAccess {
    private MetricsTextAccess() {
    }

    public static String render(ServerView server) {
        return MetricsText.render(server);
    }
}
