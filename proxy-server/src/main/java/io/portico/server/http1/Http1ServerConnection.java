package io.portico.server.http1;

import io.portico.http.HttpFields;
import io.portico.http.HttpVersion;
import io.portico.http.ProtocolException;
import io.portico.http.RequestHead;
import io.portico.http1.Bodies;
import io.portico.http1.BodyFraming;
import io.portico.http1.FieldValues;
import io.portico.http1.Http1Framing;
import io.portico.http1.Http1Parser;
import io.portico.http1.LimitedInputStream;
import io.portico.http2.Preface;
import io.portico.io.ByteBuf;
import io.portico.server.connection.ConnectionInfo;
import io.portico.server.connection.ServerProtocol;
import io.portico.server.io.BufferPool;
import io.portico.server.io.MinRate;
import io.portico.server.io.SocketIo;
import io.portico.server.io.SparePool;
import io.portico.server.metrics.ServerMetrics;
import io.portico.server.proxy.ClientExchange;
import io.portico.server.proxy.ProxyAnswer;
import io.portico.server.proxy.RequestPipeline;
import io.portico.server.snapshot.ServerSettings;
import io.portico.server.snapshot.Snapshot;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The HTTP/1.1 keep-alive loop of one client connection (RFC 9112): read a head, hand the
 * request to the pipeline, make sure its body was consumed, repeat. Pipelined requests are
 * answered in order because they are read one after the other. Runs on the connection's thread.
 */
public final class Http1ServerConnection implements ServerProtocol {
    /** Unread request body the loop drains to keep a connection, past which it closes instead. */
    private static final long MAX_DRAIN = 256 * 1024;
    private static final int MAX_KEPT_LINE_BUFFER = 4096;
    /**
     * The scratch of busy connections, shared: a connection takes one for its first request and
     * gives it back when it idles threadless or ends, so an idle connection holds none, and one
     * that idles between requests (a browser's, every few seconds) neither makes a new one nor
     * parses its repeated field values into new Strings each time (about 2 KiB per request).
     */
    private static final SparePool<Scratch> SCRATCH = new SparePool<>(Scratch::new, 4096, 2048);
    /**
     * How long the thread waits for the next request on a keep-alive connection before it
     * lets go (thread and buffers) and leaves the idle connection to the I/O loop. A client
     * under load sends its next request well within it, so busy connections keep one thread
     * (no thread start and stack allocation per request); idle ones soon cost no thread.
     */
    private static final long LINGER_NANOS = 50_000_000L;
    /** What {@link #next} did: served a request and the connection goes on, ended it, or suspended it. */
    private static final int NEXT = 0;
    private static final int END = 1;
    private static final int SUSPENDED = 2;
    private static final int SWITCHED = 3;

    private final SocketIo io;
    private final ConnectionInfo info;
    private final Supplier<Snapshot> snapshots;
    private final RequestPipeline pipeline;
    private final ServerMetrics metrics;
    private final BooleanSupplier draining;
    private final BufferPool buffers;
    private final Runnable resume;
    /** Opens HTTP/2 on this connection when its first bytes are the h2c preface; null where h2c is not served. */
    private final Supplier<ServerProtocol> h2c;
    /** The protocol the connection switched to (h2c by prior knowledge); it serves from then on. */
    private ServerProtocol switched;
    private boolean suspended;
    /** The settings the connection's client_write_min_rate was taken from. */
    private ServerSettings rateSettings;
    /** Taken from {@link #SCRATCH} when needed; null while the connection idles threadless. */
    private Scratch scratch;

    /** Buffers for response heads and the parser's lines, and the field values seen lately. */
    static final class Scratch {
        private ByteBuf head = new ByteBuf(512);
        private ByteBuf line = new ByteBuf(256);
        /** Repeated request field values (Host, User-Agent...), shared by the connections that use this scratch. */
        private final FieldValues values = new FieldValues();

        /** Emptied for the next connection; a buffer a long head or line grew is let go. */
        Scratch reset() {
            head = head.array().length > MAX_KEPT_LINE_BUFFER ? new ByteBuf(512) : head.reset();
            line = line.array().length > MAX_KEPT_LINE_BUFFER ? new ByteBuf(256) : line.reset();
            return this;
        }
    }

    public Http1ServerConnection(SocketIo io, ConnectionInfo info, Supplier<Snapshot> snapshots,
                                 RequestPipeline pipeline, ServerMetrics metrics, BooleanSupplier draining,
                                 BufferPool buffers, Runnable resume, Supplier<ServerProtocol> h2c) {
        this.h2c = h2c;
        this.buffers = buffers;
        this.resume = resume;
        this.io = io;
        this.info = info;
        this.snapshots = snapshots;
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.draining = draining;
    }

    /**
     * Serves requests until the connection ends (false) or idles with nothing to read (true):
     * then the thread may end, the I/O loop holds the connection with no thread and no
     * buffer, and runs {@code resume} — which calls this again on a new thread — when the
     * next request arrives or the connection must end.
     */
    @Override
    public boolean serve() throws IOException {
        if (switched != null) {
            return switched.serve();
        }
        if (suspended) {
            suspended = false;
            if (!io.resumed(buffers)) {
                return false;
            }
        }
        int step;
        while ((step = next()) == NEXT) {
            // The loop is all this long-lived frame does: a request's work is in next(), a method
            // call per request, so when the JIT deoptimizes it the next request runs the
            // recompiled code. (With the work inlined here, a deoptimized frame stayed
            // interpreted for as long as its connection lived: runs fell to half speed.)
        }
        if (step == SUSPENDED) {
            return true; // the scratch went back before; a resumed thread may hold another now
        }
        giveScratch();
        return step == SWITCHED && switched.serve();
    }

    private Scratch scratch() {
        if (scratch == null) {
            scratch = SCRATCH.take();
        }
        return scratch;
    }

    private void giveScratch() {
        Scratch s = scratch;
        scratch = null;
        if (s != null) {
            SCRATCH.give(s.reset());
        }
    }

    /** One request: waits for it (or suspends the idle connection), reads it and has the pipeline answer it. */
    private int next() throws IOException {
        Snapshot snapshot = snapshots.get();
        ServerSettings s = snapshot.settings();
        info.idle(true);
        if (draining.getAsBoolean()) {
            return END;
        }
        long wait = info.requests() == 0 ? s.headerTimeoutNanos() : s.idleTimeoutMillis() * 1_000_000L;
        if (io.reader().buffered() == 0
                && (info.requests() == 0 || !io.awaitBytes(wait == 0 ? LINGER_NANOS : Math.min(wait, LINGER_NANOS)))) {
            // Set first: once suspended, the next thread may run before this one returns.
            suspended = true;
            giveScratch();
            if (io.suspend(wait == 0 ? 0 : (System.nanoTime() + wait) | 1, buffers, resume)) {
                return SUSPENDED;
            }
            suspended = false;
        }
        if (!awaitRequest(s)) {
            return END;
        }
        info.idle(false);
        io.readDeadline(System.nanoTime() + s.headerTimeoutNanos());
        if (h2c != null && info.requests() == 0 && h2cPreface()) {
            switched = h2c.get();
            return SWITCHED;
        }
        RequestHead head;
        try {
            Scratch sc = scratch();
            head = Http1Parser.parseRequest(io.reader(), s.http1Limits(), sc.line, sc.values);
        } catch (ProtocolException e) {
            reject(e);
            return END;
        } catch (SocketTimeoutException e) {
            metrics.error(ServerMetrics.ErrorKind.CLIENT_TIMEOUT);
            answerAndClose(null, 408);
            return END;
        } catch (EOFException e) {
            return END;
        }
        if (scratch().line.array().length > MAX_KEPT_LINE_BUFFER) {
            scratch.line = new ByteBuf(256);
        }
        if (head == null) {
            return END;
        }
        // The request uses the config in service when its head arrived, to its end.
        snapshot = snapshots.get();
        s = snapshot.settings();
        info.requestStarted();
        metrics.requests.increment();
        Http1Exchange exchange;
        try {
            exchange = exchange(head, s);
        } catch (ProtocolException e) {
            reject(e);
            return END;
        }
        io.readTimeout(s.bodyTimeoutMillis());
        if (exchange.bodyLength() != 0) {
            MinRate rate = s.bodyRate();
            if (rate != null) {
                io.readMinRate(rate);
            }
        }
        if (s != rateSettings) {
            rateSettings = s;
            io.writeMinRate(s.writeRate());
        }
        pipeline.handle(exchange, info, snapshot);
        return exchange.keepAlive() && finishBody(exchange) ? NEXT : END;
    }

    /** Whether the connection opens with the HTTP/2 preface (h2c by prior knowledge, RFC 9113 §3.3). */
    private boolean h2cPreface() throws IOException {
        Preface.Match m;
        while ((m = Preface.match(io.reader())) == Preface.Match.PARTIAL) {
            try {
                if (!io.reader().fillTo(io.reader().buffered() + 1)) {
                    return false;
                }
            } catch (SocketTimeoutException e) {
                return false;
            }
        }
        return m == Preface.Match.PREFACE;
    }

    /** Waits for the first byte of the next request; false when the client closed or stayed idle too long. */
    private boolean awaitRequest(ServerSettings s) throws IOException {
        if (io.reader().buffered() > 0) {
            return true;
        }
        if (info.requests() == 0) {
            io.readDeadline(System.nanoTime() + s.headerTimeoutNanos());
        } else {
            io.readTimeout(s.idleTimeoutMillis());
        }
        try {
            return io.reader().fill();
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private Http1Exchange exchange(RequestHead head, ServerSettings s) {
        BodyFraming framing = Http1Framing.request(head);
        long length = switch (framing) {
            case BodyFraming.FixedLength f -> f.length();
            case BodyFraming.Chunked c -> -1;
            default -> 0;
        };
        if (s.maxBodyBytes() > 0 && length > s.maxBodyBytes()) {
            throw new ProtocolException(ProtocolException.Kind.BODY_TOO_LARGE,
                    "declared body of " + length + " bytes over max_body_bytes " + s.maxBodyBytes());
        }
        InputStream body = Bodies.open(framing, io.reader(), s.http1Limits(), false);
        if (s.maxBodyBytes() > 0 && length < 0) {
            body = new LimitedInputStream(body, s.maxBodyBytes());
        }
        boolean keepAlive = Http1Framing.keepAlive(head)
                && (s.maxRequestsPerConnection() == 0 || info.requests() < s.maxRequestsPerConnection());
        return new Http1Exchange(io, head, body, length, Http1Framing.expectsContinue(head), keepAlive, scratch().head, draining);
    }

    /** Reads what the pipeline left of the request body, so the next request starts cleanly. */
    private boolean finishBody(Http1Exchange exchange) {
        if (exchange.bodyEnded()) {
            return true;
        }
        if (exchange.bodyWithheld()) {
            return false;
        }
        try {
            return Bodies.drain(exchange.rawBody(), MAX_DRAIN);
        } catch (IOException | ProtocolException e) {
            return false;
        }
    }

    private void reject(ProtocolException e) throws IOException {
        metrics.error(ServerMetrics.ErrorKind.of(e.kind()));
        answerAndClose(null, e.status());
    }

    /** Answers a request the pipeline never saw, then the connection closes. */
    private void answerAndClose(RequestHead head, int status) throws IOException {
        metrics.response(status);
        RequestHead h = head != null ? head
                : new RequestHead("GET", "/", HttpVersion.HTTP_1_1, new HttpFields(0));
        ClientExchange ex = new Http1Exchange(io, h, Bodies.EMPTY, 0, false, false, scratch().head, draining);
        ex.answer(ProxyAnswer.of(status));
        io.shutdownOutput();
    }
}
