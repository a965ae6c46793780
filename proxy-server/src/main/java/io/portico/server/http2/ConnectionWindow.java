package io.portico.server.http2;

import io.portico.http2.ReceiveWindow;
import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The connection's receive window (RFC 9113 §6.9): the connection thread counts the client's
 * DATA against it, and whoever consumes or drops those bytes (a stream's thread, or the
 * connection thread) gives them back, with the WINDOW_UPDATE frames that become due. Shared.
 */
final class ConnectionWindow {
    private final ReentrantLock lock = new ReentrantLock();
    private final ReceiveWindow window;
    private final FrameOut out;

    ConnectionWindow(int size, FrameOut out) {
        this.window = new ReceiveWindow(0, size);
        this.out = out;
    }

    /**
     * Counts DATA received.
     *
     * @throws io.portico.http2.ConnectionException FLOW_CONTROL_ERROR past the window
     */
    void receive(int bytes) {
        lock.lock();
        try {
            window.receive(bytes);
        } finally {
            lock.unlock();
        }
    }

    /** Gives back bytes read or dropped, with the stream's own increment where one is due (0: none). */
    void credit(int streamId, int bytes, int streamIncrement) throws IOException {
        int connectionIncrement;
        lock.lock();
        try {
            connectionIncrement = bytes == 0 ? 0 : window.release(bytes);
        } finally {
            lock.unlock();
        }
        if (streamIncrement > 0 || connectionIncrement > 0) {
            out.windowUpdates(streamId, streamIncrement, connectionIncrement);
        }
    }
}
