package io.portico.server.proxy;

import java.io.IOException;

/** The client side failed while the pipeline was reading its body or writing its response. */
final class ClientGone extends IOException {
    private static final long serialVersionUID = 1L;

    ClientGone(IOException cause) {
        super(cause.getMessage(), cause);
    }
}
