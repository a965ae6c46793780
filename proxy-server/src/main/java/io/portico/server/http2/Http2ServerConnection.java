package io.portico.server.http2;

import io.portico.config.Http2Config;
import io.portico.http2.ClientStreamIds;
import io.portico.http2.ConnectionException;
import io.portico.http2.ContinuationFrame;
import io.portico.http2.DataFrame;
import io.portico.http2.ErrorCode;
import io.portico.http2.Frame;
import io.portico.http2.FrameReader;
import io.portico.http2.GoAwayFrame;
import io.portico.http2.HeadersFrame;
import io.portico.http2.Http2Exception;
import io.portico.http2.PingFrame;
import io.portico.http2.Preface;
import io.portico.http2.PriorityFrame;
import io.portico.http2.PushPromiseFrame;
import io.portico.http2.RequestFields;
import io.portico.http2.RstStreamFrame;
import io.portico.http2.SendFlow;
import io.portico.http2.Settings;
import io.portico.http2.SettingsFrame;
import io.portico.http2.StreamException;
import io.portico.http2.StreamState;
import io.portico.http2.UnknownFrame;
import io.portico.http2.WindowUpdateFrame;
import io.portico.http2.hpack.DecodeResult;
import io.portico.http2.hpack.HpackDecoder;
import io.portico.http2.hpack.HpackException;
import io.portico.server.connection.ConnectionInfo;
import io.portico.server.connection.ServerProtocol;
import io.portico.server.io.BufferPool;
import io.portico.server.io.SocketIo;
import io.portico.server.metrics.ServerMetrics;
import io.portico.server.metrics.ServerMetrics.Http2Flood;
import io.portico.server.proxy.RequestPipeline;
import io.portico.server.snapshot.ServerSettings;
import io.portico.server.snapshot.Snapshot;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An HTTP/2 client connection (RFC 9113): the connection's thread reads frames and hands each
 * stream's to it, never waiting on one stream; each request stream runs the same pipeline as
 * HTTP/1.1 on its own virtual thread, inside its own exception barrier; every frame leaves
 * through one {@link FrameOut}. A connection with no open stream lets its thread go and idles in
 * the I/O loop, as an HTTP/1.1 keep-alive connection does. Runs on the connection's thread.
 */
public final class Http2ServerConnection implements ServerProtocol {
    private static final Logger LOG = LoggerFactory.getLogger(Http2ServerConnection.class);
    /** How long an idle connection keeps its thread before it idles threadless (as HTTP/1.1's linger). */
    private static final long LINGER_NANOS = 50_000_000L;
    /** How often a connection with open streams looks up from its read (drain, SETTINGS ACK due). */
    private static final long POLL_NANOS = 100_000_000L;
    /** How long, and for how many bytes, a connection ended by an error reads on so that its GOAWAY is not lost. */
    private static final long LINGER_CLOSE_NANOS = 1_000_000_000L;
    private static final long LINGER_CLOSE_BYTES = 1 << 20;

    private final SocketIo io;
    private final ConnectionInfo info;
    private final ServerMetrics metrics;
    private final BooleanSupplier draining;
    private final BufferPool buffers;
    private final Runnable resume;
    private final Http2Config config;
    private final ServerSettings settings;
    private final FrameOut out;
    private final FrameReader reader;
    private final HpackDecoder decoder;
    private final Settings peer = new Settings();
    private final SendFlow flow = new SendFlow();
    private final ConnectionWindow connectionWindow;
    private final Streams streams;
    private final StreamLauncher launcher;
    private final ClientStreamIds ids = new ClientStreamIds();
    private final AbuseBudgets budgets;
    private final HeaderBlock block;
    private boolean started;
    private boolean suspended;
    private boolean firstFrameSeen;
    private boolean settingsAcked;
    private long settingsSentNanos;
    private boolean goAwaySent;
    /** GOAWAY was or will be sent: the connection closes once its last stream ends. */
    private boolean closeAfterStreams;

    public Http2ServerConnection(SocketIo io, ConnectionInfo info, Supplier<Snapshot> snapshots, RequestPipeline pipeline,
                                 ServerMetrics metrics, BooleanSupplier draining, BufferPool buffers, Runnable resume) {
        this.io = io;
        this.info = info;
        this.metrics = metrics;
        this.draining = draining;
        this.buffers = buffers;
        this.resume = resume;
        this.settings = snapshots.get().settings();
        this.config = settings.http2();
        this.out = new FrameOut(io);
        // A stream's own writes wait on its flow-control window (client_write); a client that
        // stops taking bytes at all fills the socket, where client_write_min_rate applies.
        io.writeMinRate(settings.writeRate());
        this.reader = new FrameReader(io.reader(), FrameReader.DEFAULT_MAX_FRAME_SIZE, byte[]::new);
        this.decoder = new HpackDecoder(config.maxHeaderListSize());
        this.connectionWindow = new ConnectionWindow(config.connectionWindow(), out);
        this.block = new HeaderBlock(Math.max(2 * config.maxHeaderListSize(), 32 * 1024));
        this.budgets = new AbuseBudgets(metrics, config.maxConcurrentStreams());
        this.streams = new Streams(out, flow, connectionWindow, metrics, info.threadName(), settings.writeTimeoutNanos());
        this.launcher = new StreamLauncher(this, streams, flow, snapshots, pipeline, metrics, info, config.initialWindow());
    }

    @Override
    public boolean serve() throws IOException {
        try {
            if (!started) {
                started = true;
                start();
            } else if (suspended) {
                suspended = false;
                info.idle(false);
                if (!io.resumed(buffers)) {
                    if (io.idleTimedOut(buffers)) {
                        goAway(ErrorCode.NO_ERROR, "client_idle");
                    }
                    return false;
                }
            }
            while (true) {
                if (io.reader().buffered() == 0 && !awaitFrame()) {
                    return suspended;
                }
                io.readDeadline(System.nanoTime() + settings.headerTimeoutNanos());
                Frame frame;
                try {
                    frame = reader.next();
                } catch (StreamException e) {
                    streamError(e);
                    continue;
                }
                if (frame == null) {
                    // The client closed its side: the streams it opened may still answer.
                    streams.awaitNone(Math.max(1, settings.writeTimeoutNanos()));
                    return false;
                }
                handle(frame);
            }
        } catch (ConnectionException e) {
            connectionError(e.code(), e.getMessage());
            return false;
        } catch (HpackException e) {
            connectionError(ErrorCode.COMPRESSION_ERROR, e.getMessage());
            return false;
        } catch (SocketTimeoutException e) {
            LOG.debug("{}: a frame did not arrive in time", info.threadName());
            return false;
        } catch (EOFException e) {
            return false;
        } finally {
            if (!suspended) {
                streams.endAll();
            }
        }
    }

    /** The client preface, then the proxy's SETTINGS and the connection window it grants. */
    private void start() throws IOException {
        info.shareAttributes();
        info.idle(false);
        metrics.http2Connections.increment();
        io.readDeadline(System.nanoTime() + settings.headerTimeoutNanos());
        Preface.read(io.reader());
        List<SettingsFrame.Setting> ours = new ArrayList<>(4);
        ours.add(new SettingsFrame.Setting(Settings.ENABLE_PUSH, 0));
        ours.add(new SettingsFrame.Setting(Settings.MAX_CONCURRENT_STREAMS, config.maxConcurrentStreams()));
        ours.add(new SettingsFrame.Setting(Settings.INITIAL_WINDOW_SIZE, config.initialWindow()));
        ours.add(new SettingsFrame.Setting(Settings.MAX_HEADER_LIST_SIZE, config.maxHeaderListSize()));
        settingsSentNanos = System.nanoTime();
        out.settings(ours, config.connectionWindow() - Settings.DEFAULT_INITIAL_WINDOW_SIZE);
    }

    /**
     * Waits for the next frame's first bytes, looking up now and then to drain, to close once the
     * last stream ends, or to idle threadless when no stream is open.
     *
     * @return true when bytes arrived; false when the connection ends or was suspended ({@link #suspended})
     */
    private boolean awaitFrame() throws IOException {
        while (true) {
            if (draining.getAsBoolean() && !goAwaySent) {
                goAway(ErrorCode.NO_ERROR, "draining");
                closeAfterStreams = true;
            }
            if (closeAfterStreams && streams.active() == 0) {
                goAway(ErrorCode.NO_ERROR, "closing");
                return false;
            }
            if (block.overdue(System.nanoTime(), settings.headerTimeoutNanos())) {
                // client_header bounds a header block as it bounds an HTTP/1.1 head.
                metrics.error(ServerMetrics.ErrorKind.CLIENT_TIMEOUT);
                throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, "header block not completed within client_header");
            }
            if (!settingsAcked && System.nanoTime() - settingsSentNanos > settings.headerTimeoutNanos()) {
                throw Http2Exception.connection(ErrorCode.SETTINGS_TIMEOUT, "SETTINGS not acknowledged in time");
            }
            if (streams.active() == 0 && settingsAcked && !block.inProgress()) {
                if (io.awaitBytes(LINGER_NANOS)) {
                    return true;
                }
                if (streams.active() != 0 || closeAfterStreams || draining.getAsBoolean()) {
                    continue;
                }
                long idle = settings.idleTimeoutMillis() * 1_000_000L;
                suspended = true;
                info.idle(true);
                out.releaseBuffers();
                decoder.releaseScratch();
                if (io.suspend(idle == 0 ? 0 : (System.nanoTime() + idle) | 1, buffers, resume)) {
                    return false;
                }
                suspended = false;
                info.idle(false);
                return true;
            }
            if (io.awaitBytes(POLL_NANOS)) {
                return true;
            }
        }
    }

    private void handle(Frame frame) throws IOException {
        if (!firstFrameSeen) {
            firstFrameSeen = true;
            if (!(frame instanceof SettingsFrame s) || s.ack()) {
                throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, "the client preface did not end with SETTINGS");
            }
        }
        try {
            switch (frame) {
                case DataFrame d -> data(d);
                case HeadersFrame h -> headers(h, false);
                case ContinuationFrame c -> continuation(c);
                case SettingsFrame s -> settings(s);
                case PingFrame p -> ping(p);
                case WindowUpdateFrame w -> windowUpdate(w);
                case RstStreamFrame r -> reset(r);
                case PriorityFrame p -> budgets.spend(Http2Flood.PRIORITY);
                case GoAwayFrame g -> {
                    // The client opens no more streams; the ones it has go on, and it closes when it wants.
                }
                case PushPromiseFrame p -> throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, "PUSH_PROMISE from a client");
                case UnknownFrame u -> {
                }
            }
        } catch (StreamException e) {
            streamError(e);
        }
    }

    private void data(DataFrame d) throws IOException {
        int length = d.flowControlledLength();
        connectionWindow.receive(length);
        if (d.length() == 0 && !d.endStream()) {
            budgets.spend(Http2Flood.EMPTY_FRAMES);
        }
        Http2Stream s = streams.get(d.streamId());
        if (s == null || !s.remote.canReceiveData() && !s.remote.isActive()) {
            credit(0, length, 0);
            if (!streams.resetLately(d.streamId())) {
                (s == null ? ids.untracked(d.streamId()) : s.remote).received(d);
            }
            return;
        }
        int back;
        try {
            s.remote = s.remote.received(d);
            back = s.data(d);
        } catch (StreamException e) {
            credit(0, length, 0);
            throw e;
        }
        int paddingIncrement = s.takePaddingIncrement();
        if (back > 0 || paddingIncrement > 0) {
            credit(d.streamId(), back, paddingIncrement);
        }
    }

    private void headers(HeadersFrame h, boolean discard) throws IOException {
        if (h.fragment().length == 0 && !h.endStream()) {
            budgets.spend(Http2Flood.EMPTY_FRAMES);
        }
        if (!h.endHeaders()) {
            block.start(h, discard);
            return;
        }
        headerBlock(h, h.fragment(), h.fragment().length, discard);
    }

    private void continuation(ContinuationFrame c) throws IOException {
        boolean complete;
        try {
            complete = block.add(c);
        } catch (ConnectionException e) {
            if (e.code() == ErrorCode.ENHANCE_YOUR_CALM) {
                metrics.http2Flood(Http2Flood.CONTINUATION);
            }
            throw e;
        }
        if (complete) {
            HeadersFrame h = block.first();
            boolean discard = block.discarded();
            byte[] whole = block.take();
            headerBlock(h, whole, whole.length, discard);
        }
    }

    /** A whole header block: a new request, its trailers, or one to decode only for HPACK's sake. */
    private void headerBlock(HeadersFrame h, byte[] bytes, int length, boolean discard) throws IOException {
        int id = h.streamId();
        if (discard) {
            decoder.decode(bytes, 0, length, (name, value, sensitive) -> { });
            return;
        }
        Http2Stream s = streams.get(id);
        if (s != null) {
            RequestFields t = RequestFields.trailerBlock();
            DecodeResult r = decoder.decode(bytes, 0, length, t);
            s.remote = s.remote.received(h);
            if (!(r instanceof DecodeResult.Complete)) {
                throw Http2Exception.stream(ErrorCode.PROTOCOL_ERROR, id, "trailers: " + r);
            }
            s.end(t.trailers(id));
            return;
        }
        StreamState state = ids.untracked(id);
        if (state != StreamState.IDLE) {
            decoder.decode(bytes, 0, length, (name, value, sensitive) -> { });
            if (streams.resetLately(id)) {
                return;
            }
            if (!streams.endedLately(id)) {
                // Never opened: a new stream's id must be above every id the client used (RFC 9113 §5.1.1).
                throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, id,
                        "stream " + id + " opened after stream " + ids.lastOpened());
            }
            state.received(h);
            return;
        }
        ids.open(id);
        RequestFields fields = RequestFields.request();
        DecodeResult result = decoder.decode(bytes, 0, length, fields);
        metrics.http2Streams.increment();
        if (goAwaySent) {
            resetStream(id, ErrorCode.REFUSED_STREAM);
            return;
        }
        if (streams.active() >= config.maxConcurrentStreams()) {
            metrics.http2Flood(Http2Flood.REFUSED_STREAM);
            budgets.spend(Http2Flood.REFUSED_STREAM);
            resetStream(id, ErrorCode.REFUSED_STREAM);
            return;
        }
        ServerSettings s0 = launcher.launch(h, result, fields, peer.initialWindowSize());
        if (s0.maxRequestsPerConnection() > 0 && info.requests() >= s0.maxRequestsPerConnection()) {
            // max_requests_per_connection: this stream is the last; the client opens the next ones elsewhere.
            goAway(ErrorCode.NO_ERROR, "max_requests_per_connection");
            closeAfterStreams = true;
        }
    }

    private void settings(SettingsFrame s) throws IOException {
        if (s.ack()) {
            settingsAcked = true;
            return;
        }
        budgets.spend(Http2Flood.SETTINGS);
        int delta = peer.apply(s);
        if (delta != 0) {
            flow.adjust(streams.sendWindows(), delta);
        }
        out.peerSettings(peer.maxFrameSize(), peer.headerTableSize());
        out.settingsAck();
    }

    private void ping(PingFrame p) throws IOException {
        if (!p.ack()) {
            budgets.spend(Http2Flood.PING);
            out.pingAck(p.payload());
        }
    }

    private void windowUpdate(WindowUpdateFrame w) {
        if (w.streamId() == 0) {
            flow.expand(null, w.increment());
            return;
        }
        Http2Stream s = streams.get(w.streamId());
        if (s == null) {
            ids.untracked(w.streamId()).received(w);
            return;
        }
        flow.expand(s.send, w.increment());
    }

    private void reset(RstStreamFrame r) throws IOException {
        Http2Stream s = streams.get(r.streamId());
        if (s == null) {
            ids.untracked(r.streamId()).received(r);
            return;
        }
        s.remote = s.remote.received(r);
        if (!s.isFinished()) {
            budgets.spend(Http2Flood.RAPID_RESET);
        }
        streams.resetByClient(s, r.code());
    }

    private void streamError(StreamException e) throws IOException {
        LOG.debug("{} stream {}: {}", info.threadName(), e.streamId(), e.getMessage());
        if (e.frame().orElse(null) instanceof HeadersFrame h) {
            // The block still changes HPACK's table: decode it, then drop it.
            if (h.streamId() > ids.lastOpened()) {
                ids.open(h.streamId());
            }
            headers(h, true);
        }
        resetStream(e.streamId(), e.code());
    }

    /** Resets a stream from the connection thread. */
    private void resetStream(int id, ErrorCode code) throws IOException {
        Http2Stream s = streams.get(id);
        if (s != null) {
            s.remote = StreamState.RESET_SENT;
        }
        streams.reset(id, code);
    }

    private void connectionError(ErrorCode code, String message) {
        LOG.debug("{}: HTTP/2 connection error {}: {}", info.threadName(), code, message);
        try {
            goAway(code, message);
            lingerForGoAway();
        } catch (IOException e) {
            LOG.debug("{}: {}", info.threadName(), e.toString());
        }
    }

    /**
     * Half-closes, then reads and drops what the client still sends for a moment: closing with
     * its bytes unread would make the kernel reset the connection, and the client could lose the
     * GOAWAY that says why (a lingering close, as HTTP/1.1 does after an error answer).
     */
    private void lingerForGoAway() throws IOException {
        io.shutdownOutput();
        long deadline = System.nanoTime() + LINGER_CLOSE_NANOS;
        long dropped = 0;
        while (dropped < LINGER_CLOSE_BYTES) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !io.awaitBytes(left)) {
                return;
            }
            int n = io.reader().buffered();
            if (n == 0) {
                return; // the client closed too
            }
            dropped += io.reader().skip(n);
        }
    }

    private void goAway(ErrorCode code, String message) throws IOException {
        if (goAwaySent && code == ErrorCode.NO_ERROR) {
            return;
        }
        goAwaySent = true;
        out.goAway(ids.lastOpened(), code, code == ErrorCode.NO_ERROR ? "" : message);
        metrics.http2GoAway(code.value());
    }

    // --- for the streams' threads

    FrameOut out() {
        return out;
    }

    /** Send credit for a stream's DATA: see {@link Streams#acquire}. */
    int acquire(Http2Stream stream, int wanted) throws IOException {
        return streams.acquire(stream, wanted);
    }

    /** Credits bytes read (or dropped) back to the client: the stream's increment, and the connection's. */
    void credit(int streamId, int bytes, int streamIncrement) throws IOException {
        connectionWindow.credit(streamId, bytes, streamIncrement);
    }
}
