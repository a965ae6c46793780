package io.portico.server.admin;

import io.portico.server.PorticoServer;

/** The /metrics text of a server, for tests outside this package. */
public final class MetricsTextAccess {
    private MetricsTextAccess() {
    }

    public static String render(PorticoServer server) {
        return MetricsText.render(server);
    }
}
