package io.portico.http2;

/**
 * The stream ids a client opens (RFC 9113 §5.1.1): odd, each above the last. Owned by the
 * connection thread. {@link #lastOpened()} is what GOAWAY names as the last stream processed.
 */
public final class ClientStreamIds {
    private int last;

    /** The highest stream id the client has opened; 0 before the first. */
    public int lastOpened() {
        return last;
    }

    /**
     * The state of a stream id the server does not track: IDLE above {@link #lastOpened()},
     * else FORGOTTEN (it was opened, or skipped and so implicitly closed, §5.1.1).
     */
    public StreamState untracked(int streamId) {
        return streamId > last ? StreamState.IDLE : StreamState.FORGOTTEN;
    }

    /**
     * Records the id of a HEADERS frame that opens a stream.
     *
     * @throws ConnectionException PROTOCOL_ERROR for an even id, or one not above the last opened
     */
    public void open(int streamId) {
        if ((streamId & 1) == 0) {
            throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, streamId, "client opened even stream " + streamId);
        }
        if (streamId <= last) {
            throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, streamId,
                    "client opened stream " + streamId + " after stream " + last);
        }
        last = streamId;
    }
}
