package io.portico.server.http2;

import io.portico.config.Http2Config;
import io.portico.http.HttpFields;
import io.portico.http.HttpVersion;
import io.portico.http.RequestHead;
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
import io.portico.http2.ReceiveWindow;
import io.portico.http2.RequestFields;
import io.portico.http2.RstStreamFrame;
import io.portico.http2.SendFlow;
import io.portico.http2.SendWindow;
import io.portico.http2.Settings;
import io.portico.http2.SettingsFrame;
import io.portico.http2.StreamException;
import io.portico.http2.StreamState;
import io.portico.http2.UnknownFrame;
import io.portico.http2.WindowUpdateFrame;
import io.portico.http2.hpack.DecodeResult;
import io.portico.http2.hpack.HpackDecoder;
import io.portico.http2.hpack.HpackException;
import io.portico.io.ByteBuf;
import io.portico.server.connection.ConnectionInfo;
import io.portico.server.connection.ServerProtocol;
import io.portico.server.io.BufferPool;
import io.portico.server.io.Runners;
import io.portico.server.io.SocketIo;
import io.portico.server.metrics.ServerMetrics;
import io.portico.server.metrics.ServerMetrics.Http2Flood;
import io.portico.server.proxy.ProxyAnswer;
import io.portico.server.proxy.RequestPipeline;
import io.portico.server.snapshot.ServerSettings;
import io.portico.server.snapshot.Snapshot;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
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
    /** CONTINUATION frames one header block may take, whatever their size. */
    private static final int MAX_CONTINUATIONS = 256;
    /** Ended and reset streams remembered, each kind. */
    private static final int RECENT_STREAMS = 256;

    private final SocketIo io;
    private final ConnectionInfo info;
    private final Supplier<Snapshot> snapshots;
    private final RequestPipeline pipeline;
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
    private final ReentrantLock receiveLock = new ReentrantLock();
    private final ReceiveWindow connectionWindow;
    private final Map<Integer, Http2Stream> streams = new ConcurrentHashMap<>();
    private final AtomicInteger active = new AtomicInteger();
    private final ClientStreamIds ids = new ClientStreamIds();
    /** Streams the proxy reset lately: what the client sent on them before it saw the reset is dropped. */
    private final RecentIds recentResets = new RecentIds(RECENT_STREAMS);
    /** Streams that were opened and have ended lately: a HEADERS on one is STREAM_CLOSED, not a bad id. */
    private final RecentIds recentlyEnded = new RecentIds(RECENT_STREAMS);
    private final Budget pings;
    private final Budget settingsFrames;
    private final Budget priorities;
    private final Budget emptyFrames;
    private final Budget resets;
    private final Budget refusals;
    private final int maxHeaderBlock;
    /** The header block being assembled from HEADERS and CONTINUATION frames. */
    private final ByteBuf block = new ByteBuf(1024);
    private HeadersFrame blockStart;
    private long blockStartedNanos;
    private boolean blockDiscarded;
    private int continuations;
    private boolean started;
    private boolean suspended;
    private boolean firstFrameSeen;
    private boolean settingsAcked;
    private long settingsSentNanos;
    private boolean goAwaySent;
    private volatile boolean closeAfterStreams;

    public Http2ServerConnection(SocketIo io, ConnectionInfo info, Supplier<Snapshot> snapshots, RequestPipeline pipeline,
                                 ServerMetrics metrics, BooleanSupplier draining, BufferPool buffers, Runnable resume) {
        this.io = io;
        this.info = info;
        this.snapshots = snapshots;
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.draining = draining;
        this.buffers = buffers;
        this.resume = resume;
        this.settings = snapshots.get().settings();
        this.config = settings.http2();
        this.out = new FrameOut(io);
        this.reader = new FrameReader(io.reader(), FrameReader.DEFAULT_MAX_FRAME_SIZE, byte[]::new);
        this.decoder = new HpackDecoder(config.maxHeaderListSize());
        this.connectionWindow = new ReceiveWindow(0, config.connectionWindow());
        this.maxHeaderBlock = Math.max(2 * config.maxHeaderListSize(), 32 * 1024);
        long now = System.nanoTime();
        this.pings = new Budget(100, 10, now);
        this.settingsFrames = new Budget(100, 10, now);
        this.priorities = new Budget(1000, 500, now);
        this.emptyFrames = new Budget(100, 20, now);
        int streamBurst = Math.max(200, 2 * config.maxConcurrentStreams());
        this.resets = new Budget(streamBurst, 100, now);
        this.refusals = new Budget(streamBurst, 100, now);
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
                    awaitStreams();
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
                endStreams();
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
            if (closeAfterStreams && active.get() == 0) {
                goAway(ErrorCode.NO_ERROR, "closing");
                return false;
            }
            if (blockStart != null && System.nanoTime() - blockStartedNanos > settings.headerTimeoutNanos()) {
                // client_header bounds a header block as it bounds an HTTP/1.1 head.
                metrics.error(ServerMetrics.ErrorKind.CLIENT_TIMEOUT);
                throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, "header block not completed within client_header");
            }
            if (!settingsAcked && System.nanoTime() - settingsSentNanos > settings.headerTimeoutNanos()) {
                throw Http2Exception.connection(ErrorCode.SETTINGS_TIMEOUT, "SETTINGS not acknowledged in time");
            }
            if (active.get() == 0 && settingsAcked) {
                if (io.awaitBytes(LINGER_NANOS)) {
                    return true;
                }
                if (active.get() != 0 || closeAfterStreams || draining.getAsBoolean()) {
                    continue;
                }
                long idle = settings.idleTimeoutMillis() * 1_000_000L;
                suspended = true;
                info.idle(true);
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
                case PriorityFrame p -> spend(priorities, Http2Flood.PRIORITY);
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
        receiveLock.lock();
        try {
            connectionWindow.receive(length);
        } finally {
            receiveLock.unlock();
        }
        if (d.length() == 0 && !d.endStream()) {
            spend(emptyFrames, Http2Flood.EMPTY_FRAMES);
        }
        Http2Stream s = streams.get(d.streamId());
        if (s == null || !s.remote.canReceiveData() && !s.remote.isActive()) {
            credit(0, length, 0);
            if (!recentResets.contains(d.streamId())) {
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
            spend(emptyFrames, Http2Flood.EMPTY_FRAMES);
        }
        if (!h.endHeaders()) {
            blockStart = h;
            blockStartedNanos = System.nanoTime();
            blockDiscarded = discard;
            continuations = 0;
            block.reset();
            block.write(h.fragment());
            return;
        }
        headerBlock(h, h.fragment(), h.fragment().length, discard);
    }

    private void continuation(ContinuationFrame c) throws IOException {
        if (blockStart == null) {
            throw Http2Exception.connection(ErrorCode.PROTOCOL_ERROR, "CONTINUATION without HEADERS");
        }
        block.write(c.fragment());
        if (++continuations > MAX_CONTINUATIONS || block.length() > maxHeaderBlock) {
            metrics.http2Flood(Http2Flood.CONTINUATION);
            throw Http2Exception.connection(ErrorCode.ENHANCE_YOUR_CALM, "header block past " + maxHeaderBlock
                    + " bytes or " + MAX_CONTINUATIONS + " CONTINUATION frames");
        }
        if (c.endHeaders()) {
            HeadersFrame h = blockStart;
            blockStart = null;
            byte[] whole = java.util.Arrays.copyOf(block.array(), block.length());
            if (block.array().length > 16 * 1024) {
                block.reset();
            }
            headerBlock(h, whole, whole.length, blockDiscarded);
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
            if (recentResets.contains(id)) {
                return;
            }
            if (!recentlyEnded.contains(id)) {
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
        if (active.get() >= config.maxConcurrentStreams()) {
            metrics.http2Flood(Http2Flood.REFUSED_STREAM);
            spend(refusals, Http2Flood.REFUSED_STREAM);
            resetStream(id, ErrorCode.REFUSED_STREAM);
            return;
        }
        Snapshot snapshot = snapshots.get();
        ServerSettings s0 = snapshot.settings();
        int answer = 0;
        RequestHead head;
        switch (result) {
            case DecodeResult.Malformed m -> throw Http2Exception.stream(ErrorCode.PROTOCOL_ERROR, id, m.reason());
            case DecodeResult.TooLarge t -> {
                answer = 431;
                metrics.error(ServerMetrics.ErrorKind.HEADER_TOO_LARGE);
                head = new RequestHead("GET", "https", "", "/", HttpVersion.HTTP_2, new HttpFields(0));
            }
            case DecodeResult.Complete c -> head = fields.head(id);
        }
        long declared = answer == 0 ? fields.contentLength() : -1;
        Http2Stream stream = new Http2Stream(id, flow.open(id, peer.initialWindowSize()), config.initialWindow(),
                declared, h.endStream());
        long bodyLength = declared >= 0 ? declared : h.endStream() ? 0 : -1;
        if (answer == 0 && s0.maxBodyBytes() > 0 && declared > s0.maxBodyBytes()) {
            answer = 413;
            metrics.error(ServerMetrics.ErrorKind.BODY_TOO_LARGE);
        }
        streams.put(id, stream);
        active.incrementAndGet();
        info.requestStarted();
        metrics.requests.increment();
        boolean expectContinue = "100-continue".equalsIgnoreCase(head.fields().firstOrNull("expect"));
        Http2Exchange exchange = new Http2Exchange(this, stream, head, bodyLength, s0.maxBodyBytes(),
                s0.bodyTimeoutMillis() * 1_000_000L, expectContinue);
        if (s0.maxRequestsPerConnection() > 0 && info.requests() >= s0.maxRequestsPerConnection()) {
            // max_requests_per_connection: this stream is the last; the client opens the next ones elsewhere.
            goAway(ErrorCode.NO_ERROR, "max_requests_per_connection");
            closeAfterStreams = true;
        }
        int preset = answer;
        Runners.shared().run(info.threadName() + "-s" + id, () -> runStream(stream, exchange, snapshot, preset));
    }

    /** A stream's life on its own thread, inside its exception barrier: a failure resets the stream, not the connection. */
    private void runStream(Http2Stream stream, Http2Exchange exchange, Snapshot snapshot, int answer) {
        try {
            if (answer != 0) {
                metrics.response(answer);
                exchange.answer(ProxyAnswer.of(answer));
            } else {
                pipeline.handle(exchange, info, snapshot);
            }
            if (!exchange.ended() && !stream.isReset()) {
                resetFromStream(stream, ErrorCode.INTERNAL_ERROR);
            }
        } catch (IOException e) {
            LOG.debug("{} stream {}: {}", info.threadName(), stream.id, e.toString());
            if (!exchange.ended() && !stream.isReset()) {
                resetFromStream(stream, ErrorCode.CANCEL);
            }
        } catch (RuntimeException | Error e) {
            metrics.error(ServerMetrics.ErrorKind.CONNECTION_BARRIER);
            LOG.warn("{} stream {}: stream failed: {}", info.threadName(), stream.id, e.toString());
            LOG.debug("stack of the failure above", e);
            if (!exchange.ended() && !stream.isReset()) {
                resetFromStream(stream, ErrorCode.INTERNAL_ERROR);
            }
        } finally {
            streamDone(stream);
        }
    }

    /** The stream's thread is done: the stream leaves the table, and what it left unread is credited back. */
    private void streamDone(Http2Stream stream) {
        recentlyEnded.add(stream.id);
        streams.remove(stream.id);
        flow.close(stream.send);
        boolean askToStop = !stream.isReset() && !stream.remoteEnded();
        int unread = stream.reset(ErrorCode.NO_ERROR);
        try {
            if (askToStop) {
                // The answer is complete while the client still sends its body: it may stop (RFC 9113 §8.1).
                remember(stream.id);
                out.reset(stream.id, ErrorCode.NO_ERROR);
                metrics.http2Reset(ErrorCode.NO_ERROR.value());
            }
            if (unread > 0) {
                credit(0, unread, 0);
            }
        } catch (IOException e) {
            LOG.debug("{} stream {}: {}", info.threadName(), stream.id, e.toString());
        } finally {
            active.decrementAndGet();
        }
    }

    private void settings(SettingsFrame s) throws IOException {
        if (s.ack()) {
            settingsAcked = true;
            return;
        }
        spend(settingsFrames, Http2Flood.SETTINGS);
        int delta = peer.apply(s);
        if (delta != 0) {
            List<SendWindow> windows = new ArrayList<>(streams.size());
            streams.values().forEach(st -> windows.add(st.send));
            flow.adjust(windows, delta);
        }
        out.peerSettings(peer.maxFrameSize(), peer.headerTableSize());
        out.settingsAck();
    }

    private void ping(PingFrame p) throws IOException {
        if (!p.ack()) {
            spend(pings, Http2Flood.PING);
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
            spend(resets, Http2Flood.RAPID_RESET);
        }
        int unread = s.reset(r.code());
        flow.close(s.send);
        if (unread > 0) {
            credit(0, unread, 0);
        }
    }

    /** Counts one frame against its budget; a client past it is told to calm down and the connection ends. */
    private void spend(Budget budget, Http2Flood kind) {
        if (!budget.spend(System.nanoTime())) {
            metrics.http2Flood(kind);
            throw Http2Exception.connection(ErrorCode.ENHANCE_YOUR_CALM, "too many frames: " + kind);
        }
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
        remember(id);
        Http2Stream s = streams.get(id);
        if (s != null) {
            s.remote = StreamState.RESET_SENT;
            int unread = s.reset(code);
            flow.close(s.send);
            if (unread > 0) {
                credit(0, unread, 0);
            }
        }
        out.reset(id, code);
        metrics.http2Reset(code.value());
    }

    /** Resets a stream from its own thread (it failed, or gave up on the client). */
    private void resetFromStream(Http2Stream s, ErrorCode code) {
        remember(s.id);
        s.reset(code);
        flow.close(s.send);
        try {
            out.reset(s.id, code);
            metrics.http2Reset(code.value());
        } catch (IOException e) {
            LOG.debug("{} stream {}: {}", info.threadName(), s.id, e.toString());
        }
    }

    private void remember(int id) {
        recentResets.add(id);
    }

    private void connectionError(ErrorCode code, String message) {
        LOG.debug("{}: HTTP/2 connection error {}: {}", info.threadName(), code, message);
        try {
            goAway(code, message);
        } catch (IOException e) {
            LOG.debug("{}: {}", info.threadName(), e.toString());
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

    /** The client closed its side: the streams it opened may still answer before the connection closes. */
    private void awaitStreams() {
        long deadline = System.nanoTime() + Math.max(1, settings.writeTimeoutNanos());
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
    private void endStreams() {
        for (Http2Stream s : streams.values()) {
            s.reset(ErrorCode.CANCEL);
        }
        flow.closeAll();
    }

    // --- for the streams' threads

    FrameOut out() {
        return out;
    }

    /** After the current streams, the connection closes (a module's Close verdict): GOAWAY now, no new streams. */
    void closeAfterStreams() {
        closeAfterStreams = true;
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
            long timeout = settings.writeTimeoutNanos();
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

    /** Credits bytes read (or dropped) back to the client: the stream's increment, and the connection's. */
    void credit(int streamId, int bytes, int streamIncrement) throws IOException {
        int connectionIncrement;
        receiveLock.lock();
        try {
            connectionIncrement = bytes == 0 ? 0 : connectionWindow.release(bytes);
        } finally {
            receiveLock.unlock();
        }
        if (streamIncrement > 0 || connectionIncrement > 0) {
            out.windowUpdates(streamId, streamIncrement, connectionIncrement);
        }
    }
}
