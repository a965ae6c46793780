package io.portico.http2;

/** A WINDOW_UPDATE frame (RFC 9113 §6.9): stream 0 for the connection's window. The increment is 1 to 2^31-1. */
public record WindowUpdateFrame(int streamId, int increment) implements Frame {

    @Override
    public int type() {
        return FrameType.WINDOW_UPDATE;
    }
}
