package io.portico.http2;

import static io.portico.http2.ErrorCode.PROTOCOL_ERROR;
import static io.portico.http2.ErrorCode.STREAM_CLOSED;

/**
 * The life of a client-initiated stream as a server sees it (RFC 9113 §5.1), and the transition
 * each frame causes. Pure; the connection thread keeps one per stream. A server that does not
 * push never has reserved streams. RFC 9113's one "closed" state is split by how the stream
 * closed, because the frames allowed afterwards differ (§5.1 "closed", §6.4).
 *
 * <p>Use: on each frame for a stream, {@code state = state.received(frame)}; deliver the frame to
 * the stream only when the new state {@link #isActive()} or, for the frame that closes it, the old
 * one was. Frames on a stream that is not active are dropped, but DATA still counts against the
 * connection's receive window and a field block is still run through HPACK (§4.3, §6.9).
 */
public enum StreamState {
    /** Not yet opened: the id is above every stream the client has opened. */
    IDLE,
    /** Both sides may send. */
    OPEN,
    /** The client sent END_STREAM; the server still sends. */
    HALF_CLOSED_REMOTE,
    /** The server sent END_STREAM; the client still sends (its request body). */
    HALF_CLOSED_LOCAL,
    /** Both sides sent END_STREAM. */
    CLOSED,
    /** The server sent RST_STREAM: frames the client sent before it saw the reset are ignored. */
    RESET_SENT,
    /** The client sent RST_STREAM. */
    RESET_RECEIVED,
    /**
     * A stream id at or below the highest the client has opened that the server no longer
     * tracks, so how it closed is unknown: the lenient reading of "closed" (control frames
     * ignored, DATA reset, a new HEADERS a connection error).
     */
    FORGOTTEN;

    /** Whether the stream is open in at least one direction: OPEN or half-closed. */
    public boolean isActive() {
        return this == OPEN || this == HALF_CLOSED_REMOTE || this == HALF_CLOSED_LOCAL;
    }

    /** Whether the client may still send DATA: OPEN or HALF_CLOSED_LOCAL. */
    public boolean canReceiveData() {
        return this == OPEN || this == HALF_CLOSED_LOCAL;
    }

    /**
     * The state after receiving {@code frame} on a stream in this state. A CONTINUATION is part
     * of the HEADERS frame before it (the {@link FrameReader} checked the sequence), so it
     * changes nothing. Frames that belong to the connection (SETTINGS, PING, GOAWAY, stream 0)
     * are not for this method; PUSH_PROMISE is rejected before it (§8.4).
     *
     * @throws ConnectionException PROTOCOL_ERROR for a frame other than HEADERS or PRIORITY on an
     *         idle stream; STREAM_CLOSED for DATA or HEADERS after the client's END_STREAM on a
     *         closed stream, and for HEADERS on a forgotten one
     * @throws StreamException STREAM_CLOSED for DATA or HEADERS on a half-closed (remote) stream,
     *         for any frame but PRIORITY (and RST_STREAM, which is never answered with
     *         RST_STREAM) after the client reset the stream, and for DATA on a forgotten stream;
     *         PROTOCOL_ERROR for a HEADERS frame without END_STREAM after the request's headers
     *         (trailers must end the stream, §8.1)
     */
    public StreamState received(Frame frame) {
        int type = frame.type();
        int id = frame.streamId();
        if (type == FrameType.PRIORITY || type == FrameType.CONTINUATION && this != IDLE) {
            return this;
        }
        boolean endStream = switch (frame) {
            case DataFrame f -> f.endStream();
            case HeadersFrame f -> f.endStream();
            default -> false;
        };
        return switch (this) {
            case IDLE -> {
                if (type != FrameType.HEADERS) {
                    throw Http2Exception.connection(PROTOCOL_ERROR, id, FrameType.name(type) + " on idle stream " + id);
                }
                yield endStream ? HALF_CLOSED_REMOTE : OPEN;
            }
            case OPEN, HALF_CLOSED_LOCAL -> switch (type) {
                case FrameType.DATA, FrameType.HEADERS -> {
                    if (type == FrameType.HEADERS && !endStream) {
                        throw Http2Exception.stream(PROTOCOL_ERROR, id, "second HEADERS on stream " + id + " without END_STREAM");
                    }
                    yield !endStream ? this : this == OPEN ? HALF_CLOSED_REMOTE : CLOSED;
                }
                case FrameType.RST_STREAM -> RESET_RECEIVED;
                default -> this;
            };
            case HALF_CLOSED_REMOTE -> switch (type) {
                case FrameType.DATA, FrameType.HEADERS -> throw Http2Exception.stream(STREAM_CLOSED, id,
                        FrameType.name(type) + " on stream " + id + " after the client's END_STREAM");
                case FrameType.RST_STREAM -> RESET_RECEIVED;
                default -> this;
            };
            case CLOSED -> switch (type) {
                case FrameType.DATA, FrameType.HEADERS -> throw Http2Exception.connection(STREAM_CLOSED, id,
                        FrameType.name(type) + " on stream " + id + ", closed after the client's END_STREAM");
                default -> this;
            };
            case RESET_SENT -> this;
            case RESET_RECEIVED -> {
                if (type == FrameType.RST_STREAM) {
                    yield this;
                }
                throw Http2Exception.stream(STREAM_CLOSED, id, FrameType.name(type) + " on stream " + id
                        + " after the client reset it");
            }
            case FORGOTTEN -> switch (type) {
                case FrameType.DATA -> throw Http2Exception.stream(STREAM_CLOSED, id, "DATA on closed stream " + id);
                case FrameType.HEADERS -> throw Http2Exception.connection(STREAM_CLOSED, id, "HEADERS on closed stream " + id);
                default -> this;
            };
        };
    }

    /**
     * The state after the server sends a frame of {@code type} on a stream in this state:
     * END_STREAM half-closes or closes it, RST_STREAM resets it.
     *
     * @throws IllegalStateException when the server may not send that frame now (a bug)
     */
    public StreamState sent(int type, boolean endStream) {
        if (type == FrameType.RST_STREAM) {
            if (this == IDLE || this == RESET_RECEIVED || this == FORGOTTEN) {
                throw new IllegalStateException("RST_STREAM on a stream in state " + this);
            }
            return RESET_SENT;
        }
        if (type == FrameType.PRIORITY) {
            return this;
        }
        if (this == HALF_CLOSED_LOCAL && type == FrameType.WINDOW_UPDATE) {
            return this;
        }
        if (this != OPEN && this != HALF_CLOSED_REMOTE) {
            throw new IllegalStateException(FrameType.name(type) + " sent on a stream in state " + this);
        }
        if (endStream && (type == FrameType.DATA || type == FrameType.HEADERS)) {
            return this == OPEN ? HALF_CLOSED_LOCAL : CLOSED;
        }
        return this;
    }
}
