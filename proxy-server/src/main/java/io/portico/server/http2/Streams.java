package io.portico.server.http2;

import io.portico.http2.ErrorCode;
import io.portico.http2.SendFlow;
import io.portico.http2.SendWindow;
import io.portico.server.metrics.ServerMetrics;
import io.portico.server.metrics.ServerMetrics.Http2Flood;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open streams of a connection, and the recent past of the closed ones: the connection
 * thread adds streams and looks them up for each frame; a stream's thread removes its own when
 * it is done. Either may reset one. Shared.
 */
final class Streams {
    private static final Logger LOG = LoggerFactory.getLogger(Streams.class);
    /** Ended and reset streams remembered, each kind. */
    private static final int RECENT = 256;

    private final Map<Integer, Http2Stream> open = new ConcurrentHashMap<>();
    private final AtomicInteger active = new AtomicInteger();
    /** Streams the proxy reset lately: what the client sent on them before it saw the reset is dropped. */
    private final RecentIds resets = new RecentIds(RECENT);
    /** Streams that were opened and have ended lately: a HEADERS on one is STREAM_CLOSED, not a bad id. */
    private final RecentIds ended = new RecentIds(RECENT);
    private final FrameOut out;
    private final SendFlow flow;
    private final ConnectionWindow window;
    private final ServerMetrics metrics;
    private final String name;
    private final long writeTimeoutNanos;

    Streams(FrameOut out, SendFlow flow, ConnectionWindow window, ServerMetrics metrics, String name,
            long writeTimeoutNanos) {
        this.writeTimeoutNanos = writeTimeoutNanos;
        this.out = out;
        this.flow = flow;
        this.window = window;
        this.metrics = metrics;
        this.name = name;
    }

    Http2Stream get(int id) {
        return open.get(id);
    }

    /** Streams whose threads have not finished: what max_concurrent_streams counts. */
    int active() {
        return active.get();
    }

    void add(Http2Stream s) {
        open.put(s.id, s);
        active.incrementAndGet();
    }

    boolean resetLately(int id) {
        return resets.contains(id);
    }

    boolean endedLately(int id) {
        return ended.contains(id);
    }

    /** The send windows of the open streams, for a change of SETTINGS_INITIAL_WINDOW_SIZE. */
    List<SendWindow> sendWindows() {
        List<SendWindow> windows = new ArrayList<>(open.size());
        open.values().forEach(s -> windows.add(s.send));
        return windows;
    }

    /**
     * Resets a stream (RST_STREAM with {@code code}), open or not: its reads and writes fail,
     * and the body bytes it held unread go back to the connection window.
     */
    void reset(int id, ErrorCode code) throws IOException {
        resets.add(id);
        Http2Stream s = open.get(id);
        if (s != null) {
            closeUnread(s, code);
        }
        out.reset(id, code);
        metrics.http2Reset(code.value());
    }

    /** The client reset a stream: no RST_STREAM back, the rest as {@link #reset}. */
    void resetByClient(Http2Stream s, ErrorCode code) throws IOException {
        closeUnread(s, code);
    }

    /** Reset from the stream's own thread, which is giving up: a failure to tell the client is only logged. */
    void resetQuietly(Http2Stream s, ErrorCode code) {
        try {
            reset(s.id, code);
        } catch (IOException e) {
            LOG.debug("{} stream {}: {}", name, s.id, e.toString());
        }
    }

    /** The stream's thread is done: the stream leaves the table, and what it left unread is credited back. */
    void done(Http2Stream s) {
        ended.add(s.id);
        open.remove(s.id);
        try {
            if (!s.isReset() && !s.remoteEnded()) {
                // The answer is complete while the client still sends its body: it may stop (RFC 9113 §8.1).
                reset(s.id, ErrorCode.NO_ERROR);
            } else {
                closeUnread(s, ErrorCode.NO_ERROR);
            }
        } catch (IOException e) {
            LOG.debug("{} stream {}: {}", name, s.id, e.toString());
        } finally {
            active.decrementAndGet();
        }
    }

    /** Waits up to {@code nanos} for every stream's thread to be done. */
    void awaitNone(long nanos) {
        long deadline = System.nanoTime() + nanos;
        while (active.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The connection ends: every stream still open fails its reads and writes. */
    void endAll() {
        for (Http2Stream s : open.values()) {
            s.reset(ErrorCode.CANCEL);
        }
        flow.closeAll();
    }

    /**
     * Waits for send credit on both the stream's and the connection's window, within client_write.
     *
     * @return bytes that may be sent now, at most {@code wanted} and one frame
     * @throws IOException when the stream or connection closed, or the client opened no window in time
     */
    int acquire(Http2Stream stream, int wanted) throws IOException {
        int n;
        try {
            long timeout = writeTimeoutNanos;
            n = flow.acquire(stream.send, Math.min(wanted, out.peerMaxFrameSize()), timeout == 0 ? Long.MAX_VALUE : timeout,
                    TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted waiting for stream " + stream.id + "'s window");
        }
        if (n == 0) {
            metrics.http2Flood(Http2Flood.STALLED_WINDOW);
            metrics.error(ServerMetrics.ErrorKind.CLIENT_WRITE_TIMEOUT);
            throw new SocketTimeoutException("stream " + stream.id + ": no flow-control window from the client in time");
        }
        return n;
    }

    private void closeUnread(Http2Stream s, ErrorCode code) throws IOException {
        int unread = s.reset(code);
        flow.close(s.send);
        if (unread > 0) {
            window.credit(0, unread, 0);
        }
    }
}
