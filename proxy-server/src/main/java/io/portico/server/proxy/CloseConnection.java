package io.portico.server.proxy;

import java.io.IOException;

/** A module asked to close the client connection without (another) answer. */
public final class CloseConnection extends IOException {
    private static final long serialVersionUID = 1L;

    CloseConnection() {
        super("closed by a module", null);
    }
}
