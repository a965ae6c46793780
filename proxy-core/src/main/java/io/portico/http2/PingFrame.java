package io.portico.http2;

/**
 * A PING frame (RFC 9113 §6.7); its 8 opaque octets as one big-endian long. The server answers
 * a PING without ACK with a PING with ACK and the same payload.
 */
public record PingFrame(boolean ack, long payload) implements Frame {

    @Override
    public int type() {
        return FrameType.PING;
    }

    @Override
    public int streamId() {
        return 0;
    }
}
