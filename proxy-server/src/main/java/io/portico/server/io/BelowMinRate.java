package io.portico.server.io;

import java.net.SocketTimeoutException;

/** The client moved its bytes slower than its {@link MinRate}: the wait for it ended early. */
public final class BelowMinRate extends SocketTimeoutException {
    private static final long serialVersionUID = 1L;

    /** Which way the client was slow: sending its request body, or taking the response. */
    public enum Side {
        BODY, WRITE
    }

    private final Side side;

    public BelowMinRate(Side side, long bytesPerSecond) {
        super((side == Side.BODY ? "request body slower than client_body_min_rate "
                : "client took the response slower than client_write_min_rate ") + bytesPerSecond + " B/s");
        this.side = side;
    }

    public Side side() {
        return side;
    }
}
