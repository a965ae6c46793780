package io.portico.server.http2;

import io.portico.http2.ContinuationFrame;
import io.portico.http2.DataFrame;
import io.portico.http2.ErrorCode;
import io.portico.http2.Frame;
import io.portico.http2.FrameReader;
import io.portico.http2.FrameWriter;
import io.portico.http2.GoAwayFrame;
import io.portico.http2.HeadersFrame;
import io.portico.http2.PingFrame;
import io.portico.http2.Preface;
import io.portico.http2.PushPromiseFrame;
import io.portico.http2.RstStreamFrame;
import io.portico.http2.Settings;
import io.portico.http2.SettingsFrame;
import io.portico.http2.WindowUpdateFrame;
import io.portico.http2.hpack.DecodeResult;
import io.portico.http2.hpack.HpackDecoder;
import io.portico.http2.hpack.HpackEncoder;
import io.portico.io.ByteBuf;
import io.portico.io.ByteReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A raw HTTP/2 client for end-to-end tests, built on the core frame and HPACK classes: it sends
 * whatever a test asks, broken frames included ({@link #sendRaw}, {@link #frame}), and a reader
 * thread takes in everything the server sends. That thread does what any client must and nothing
 * more: it acknowledges SETTINGS and PING, gives back receive window for every DATA byte (unless
 * the test {@link #hold}s a stream), decodes header blocks in order, and checks the server's side
 * of the protocol, listing what it breaks in {@link #violations()}.
 *
 * <p>Tests read the results in three ways: per stream ({@link #response}, which waits for the end
 * of the stream or its reset), per connection ({@link #goAway}, {@link #awaitClosed}), or frame by
 * frame in arrival order ({@link #next}, {@link #await}). Every wait is bounded by {@link #TIMEOUT}
 * and fails with the frames seen so far.
 *
 * <p>Threads: any test thread may send (writes are serialized); the reader thread owns the
 * decoder; the state below is guarded by {@code this}.
 */
public final class H2Client implements AutoCloseable {
    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** Connection-specific fields a response must not carry (RFC 9113 §8.2.2). */
    private static final Set<String> CONNECTION_SPECIFIC =
            Set.of("connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade");

    /** One header field, as sent or as decoded. */
    public record Field(String name, String value) {
    }

    /**
     * A stream's response as far as it went: the 1xx blocks, the final header block (empty if
     * none came), the body, the trailer block (empty if none), and the reset code when the server
     * reset the stream before ending it.
     */
    public record Response(int streamId, List<List<Field>> informational, List<Field> headers, byte[] body,
                           int dataFrames, List<Field> trailers, Optional<ErrorCode> reset) {

        /** The final :status, or -1 when no final header block came. */
        public int status() {
            String s = header(":status");
            return s == null ? -1 : Integer.parseInt(s);
        }

        /** The first value of {@code name} in the final header block, or null. */
        public String header(String name) {
            return value(headers, name);
        }

        public String trailer(String name) {
            return value(trailers, name);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        private static String value(List<Field> fields, String name) {
            return fields.stream().filter(f -> f.name().equals(name)).map(Field::value).findFirst().orElse(null);
        }

        @Override
        public String toString() {
            return "Response[stream " + streamId + ", 1xx " + informational + ", headers " + headers + ", "
                    + body.length + " body bytes in " + dataFrames + " DATA, trailers " + trailers
                    + reset.map(c -> ", reset " + c).orElse("") + "]";
        }
    }

    /** What the client knows of one stream. */
    private static final class Stream {
        final List<List<Field>> informational = new ArrayList<>();
        List<Field> headers;
        List<Field> trailers;
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        int dataFrames;
        ErrorCode reset;
        boolean ended;
        long receiveWindow;
        long owed;
        boolean held;
        long sendWindow;

        Stream(long receiveWindow, long sendWindow) {
            this.receiveWindow = receiveWindow;
            this.sendWindow = sendWindow;
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final String scheme;
    private final String authority;
    private final FrameWriter writer = new FrameWriter();
    private final HpackEncoder encoder = new HpackEncoder();
    private final HpackDecoder decoder = new HpackDecoder(1 << 20);
    private final Thread reader;

    // guarded by this
    private final List<Frame> frames = new ArrayList<>();
    private final Map<Integer, Stream> streams = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private final Settings peer = new Settings();
    private SettingsFrame serverSettings;
    private int settingsAcks;
    private boolean serverSettingsAcked;
    private long connectionSendWindow = Settings.DEFAULT_INITIAL_WINDOW_SIZE;
    private long connectionReceiveWindow = Settings.DEFAULT_INITIAL_WINDOW_SIZE;
    private String closedBecause;
    private int cursor;
    private int nextStreamId = 1;
    private int ourInitialWindow;
    private final java.util.ArrayDeque<SettingsFrame> unacknowledged = new java.util.ArrayDeque<>();

    // owned by the reader thread: the field block in progress
    private int blockStream;
    private boolean blockEndStream;
    private final ByteArrayOutputStream block = new ByteArrayOutputStream();

    private H2Client(Socket socket, String scheme, String authority, int ourInitialWindow) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.scheme = scheme;
        this.authority = authority;
        this.ourInitialWindow = ourInitialWindow;
        this.reader = Thread.ofPlatform().daemon().name("h2-test-client-reader").unstarted(this::readLoop);
    }

    /** h2c by prior knowledge to a loopback port: the preface and SETTINGS ({@code settings} plus ENABLE_PUSH 0). */
    public static H2Client h2c(int port, SettingsFrame.Setting... settings) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        return start(s, "http", settings);
    }

    /** h2 over TLS to a loopback port, asking for {@code serverName} by SNI and for h2 alone by ALPN. */
    public static H2Client tls(int port, SSLContext context, String serverName, SettingsFrame.Setting... settings)
            throws IOException {
        return start(tlsSocket(port, context, serverName), "https", settings);
    }

    /** A handshaken TLS socket that negotiated h2 by ALPN; fails when the server chose anything else. */
    public static SSLSocket tlsSocket(int port, SSLContext context, String serverName) throws IOException {
        SSLSocket s = (SSLSocket) context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port);
        SSLParameters p = s.getSSLParameters();
        p.setServerNames(List.of(new SNIHostName(serverName)));
        p.setApplicationProtocols(new String[] {"h2"});
        s.setSSLParameters(p);
        s.startHandshake();
        if (!"h2".equals(s.getApplicationProtocol())) {
            s.close();
            throw new AssertionError("ALPN settled on '" + s.getApplicationProtocol() + "', not h2");
        }
        return s;
    }

    /** Starts a client on a connected socket: the preface and SETTINGS ({@code settings} plus ENABLE_PUSH 0) go first. */
    public static H2Client start(Socket socket, String scheme, SettingsFrame.Setting... settings) throws IOException {
        List<SettingsFrame.Setting> list = new ArrayList<>(List.of(new SettingsFrame.Setting(Settings.ENABLE_PUSH, 0)));
        list.addAll(List.of(settings));
        int window = list.stream().filter(s -> s.id() == Settings.INITIAL_WINDOW_SIZE)
                .mapToInt(s -> (int) s.value()).reduce((a, b) -> b).orElse(Settings.DEFAULT_INITIAL_WINDOW_SIZE);
        H2Client c = new H2Client(socket, scheme, "example.com", window);
        c.unacknowledged.add(new SettingsFrame(false, list));
        c.reader.start();
        ByteBuf b = new ByteBuf();
        b.write(Preface.bytes());
        c.writer.settings(b, list);
        c.write(b);
        return c;
    }

    /** A client that sends nothing by itself (no preface, no SETTINGS): for tests of the preface. */
    public static H2Client withoutPreface(Socket socket, String scheme) {
        try {
            H2Client c = new H2Client(socket, scheme, "example.com", Settings.DEFAULT_INITIAL_WINDOW_SIZE);
            c.reader.start();
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- sending

    /** Sends bytes as they are. */
    public void sendRaw(byte[] bytes) throws IOException {
        synchronized (out) {
            out.write(bytes);
            out.flush();
        }
    }

    /** Sends frames in one write, as the core writer encodes them (each must fit 16,384 bytes of payload). */
    public void send(Frame... frames) throws IOException {
        send(List.of(frames));
    }

    public void send(List<? extends Frame> frames) throws IOException {
        ByteBuf b = new ByteBuf();
        for (Frame f : frames) {
            writer.write(b, f);
            if (f instanceof HeadersFrame h) {
                opened(h.streamId());
            } else if (f instanceof SettingsFrame s) {
                ourSettings(s);
            }
        }
        write(b);
    }

    /** Any frame, checked by nothing: a length that lies, a reserved bit, a payload over the frame size. */
    public static byte[] frame(int type, int flags, int streamId, byte[] payload) {
        return frame(payload.length, type, flags, streamId, payload);
    }

    /** A frame whose header says {@code length}, followed by {@code payload} (which may be shorter or longer). */
    public static byte[] frame(int length, int type, int flags, int streamId, byte[] payload) {
        byte[] b = new byte[9 + payload.length];
        b[0] = (byte) (length >>> 16);
        b[1] = (byte) (length >>> 8);
        b[2] = (byte) length;
        b[3] = (byte) type;
        b[4] = (byte) flags;
        b[5] = (byte) (streamId >>> 24);
        b[6] = (byte) (streamId >>> 16);
        b[7] = (byte) (streamId >>> 8);
        b[8] = (byte) streamId;
        System.arraycopy(payload, 0, b, 9, payload.length);
        return b;
    }

    /**
     * HPACK-encodes {@code fields} with the connection's encoder. Blocks must reach the server in
     * the order they were encoded, each exactly once, or its decoder falls out of step.
     */
    public byte[] block(List<Field> fields) {
        synchronized (encoder) {
            ByteBuf b = new ByteBuf();
            encoder.beginBlock(b);
            for (Field f : fields) {
                encoder.field(f.name(), f.value(), b);
            }
            return java.util.Arrays.copyOf(b.array(), b.length());
        }
    }

    /** A request's pseudo-header fields (this connection's scheme, authority example.com), then {@code nameValues} pairs. */
    public List<Field> fields(String method, String path, String... nameValues) {
        List<Field> f = new ArrayList<>(List.of(new Field(":method", method), new Field(":scheme", scheme),
                new Field(":authority", authority), new Field(":path", path)));
        for (int i = 0; i < nameValues.length; i += 2) {
            f.add(new Field(nameValues[i], nameValues[i + 1]));
        }
        return f;
    }

    /** The next client stream id (odd, increasing), taken. */
    public synchronized int nextStreamId() {
        int id = nextStreamId;
        nextStreamId += 2;
        return id;
    }

    /** The id {@link #nextStreamId()} will give next, not taken. */
    public synchronized int peekStreamId() {
        return nextStreamId;
    }

    /** Sends a header block on {@code streamId}: HEADERS plus CONTINUATION as the frame size needs, encoded and sent in one go. */
    public void headers(int streamId, List<Field> fields, boolean endStream) throws IOException {
        synchronized (encoder) {
            headerBlock(streamId, block(fields), endStream);
        }
    }

    /** Sends an already encoded block (see {@link RawHpack}) as HEADERS plus CONTINUATION. */
    public void headerBlock(int streamId, byte[] block, boolean endStream) throws IOException {
        opened(streamId);
        ByteBuf b = new ByteBuf();
        writer.headers(b, streamId, endStream, block, 0, block.length);
        write(b);
    }

    /** Sends a request on a new stream: HEADERS (END_STREAM when {@code body} is null), then the body within flow control. */
    public int request(List<Field> fields, byte[] body) throws IOException {
        int id;
        synchronized (encoder) {
            id = nextStreamId();
            headers(id, fields, body == null);
        }
        if (body != null) {
            data(id, body, true);
        }
        return id;
    }

    /** A GET of {@code path} on a new stream. */
    public int get(String path, String... nameValues) throws IOException {
        return request(fields("GET", path, nameValues), null);
    }

    /**
     * Sends {@code body} as DATA frames within the server's windows, waiting for WINDOW_UPDATE as
     * needed; END_STREAM on the last when {@code endStream} (an empty body sends one empty frame).
     * Stops early, quietly, when the stream is reset or the connection closes.
     */
    public void data(int streamId, byte[] body, boolean endStream) throws IOException {
        int at = 0;
        do {
            int n;
            synchronized (this) {
                Stream s = stream(streamId);
                waitFor(() -> s.ended || closedBecause != null || body.length == 0
                        || Math.min(connectionSendWindow, s.sendWindow) > 0, "send window on stream " + streamId);
                if (s.ended || closedBecause != null) {
                    return;
                }
                n = (int) Math.min(Math.min(body.length - at, writer.maxFrameSize()),
                        Math.min(connectionSendWindow, s.sendWindow));
                connectionSendWindow -= n;
                s.sendWindow -= n;
            }
            ByteBuf b = new ByteBuf(n + 9);
            writer.data(b, streamId, endStream && at + n == body.length, body, at, n);
            write(b);
            at += n;
        } while (at < body.length);
    }

    /** Stops giving back window for {@code streamId}'s DATA: the server's window on it runs down to zero. */
    public synchronized void hold(int streamId) {
        stream(streamId).held = true;
    }

    /** Gives back what a held stream owes and returns to giving back window as DATA arrives. */
    public void release(int streamId) throws IOException {
        long owed;
        synchronized (this) {
            Stream s = stream(streamId);
            s.held = false;
            owed = s.owed;
            s.owed = 0;
            s.receiveWindow += owed;
        }
        if (owed > 0) {
            ByteBuf b = new ByteBuf();
            writer.windowUpdate(b, streamId, (int) owed);
            write(b);
        }
    }

    /** Sends a PING and waits for its acknowledgement with the same payload. */
    public void ping(long payload) throws IOException {
        send(new PingFrame(false, payload));
        await(PingFrame.class, p -> p.ack() && p.payload() == payload);
    }

    // ---- waiting

    /** The stream's response once it ended (END_STREAM from the server) or was reset. */
    public synchronized Response response(int streamId) {
        Stream s = stream(streamId);
        waitFor(() -> s.ended || closedBecause != null, "the end of stream " + streamId);
        if (!s.ended) {
            throw new AssertionError("the connection closed (" + closedBecause + ") before stream " + streamId
                    + " ended" + describe());
        }
        return new Response(streamId, List.copyOf(s.informational), s.headers == null ? List.of() : s.headers,
                s.body.toByteArray(), s.dataFrames, s.trailers == null ? List.of() : s.trailers,
                Optional.ofNullable(s.reset));
    }

    /** The first 1xx header block of {@code streamId}, waiting for it; fails when the stream ends without one. */
    public synchronized List<Field> informational(int streamId) {
        Stream s = stream(streamId);
        waitFor(() -> !s.informational.isEmpty() || s.ended || closedBecause != null, "a 1xx on stream " + streamId);
        if (s.informational.isEmpty()) {
            throw new AssertionError("no 1xx on stream " + streamId + describe());
        }
        return s.informational.get(0);
    }

    /** How many body bytes {@code streamId} has received so far. */
    public synchronized int bodyBytes(int streamId) {
        return stream(streamId).body.size();
    }

    /** Waits until {@code streamId} has received at least {@code n} body bytes. */
    public synchronized void awaitBodyBytes(int streamId, int n) {
        Stream s = stream(streamId);
        waitFor(() -> s.body.size() >= n || s.ended || closedBecause != null, n + " body bytes on stream " + streamId);
        if (s.body.size() < n) {
            throw new AssertionError("stream " + streamId + " ended with " + s.body.size() + " body bytes" + describe());
        }
    }

    /** The code the server reset {@code streamId} with; fails when the stream ended otherwise. */
    public ErrorCode reset(int streamId) {
        Response r = response(streamId);
        return r.reset().orElseThrow(() -> new AssertionError("stream " + streamId + " was not reset: " + r + describe()));
    }

    /** The server's first GOAWAY; fails when the connection closed without one. */
    public GoAwayFrame goAway() {
        return goAwayOrClose().orElseThrow(() -> new AssertionError("the connection closed (" + closedBecause
                + ") without a GOAWAY" + describe()));
    }

    /** The server's first GOAWAY, or empty when the connection closed without one. */
    public synchronized Optional<GoAwayFrame> goAwayOrClose() {
        waitFor(() -> firstGoAway().isPresent() || closedBecause != null, "a GOAWAY or the end of the connection");
        return firstGoAway();
    }

    /** Waits until the server closed the connection (end of stream or reset); returns why. */
    public synchronized String awaitClosed() {
        waitFor(() -> closedBecause != null, "the end of the connection");
        return closedBecause;
    }

    public synchronized boolean closed() {
        return closedBecause != null;
    }

    /** The next frame in arrival order (CONTINUATION, SETTINGS ACKs and all), waiting for it. */
    public synchronized Frame next() {
        waitFor(() -> cursor < frames.size() || closedBecause != null, "a frame");
        if (cursor == frames.size()) {
            throw new AssertionError("the connection closed (" + closedBecause + ") with no frame left" + describe());
        }
        return frames.get(cursor++);
    }

    /** The first frame of this type received so far or later that matches {@code p}. */
    public synchronized <T extends Frame> T await(Class<T> type, Predicate<T> p) {
        waitFor(() -> find(type, p).isPresent() || closedBecause != null, "a matching " + type.getSimpleName());
        return find(type, p).orElseThrow(() -> new AssertionError("the connection closed (" + closedBecause
                + ") without a matching " + type.getSimpleName() + describe()));
    }

    /**
     * Watches for {@code millis} and says whether no frame of this type came in that time, nor
     * before: for what must not happen while something else is going on. Not for synchronizing.
     */
    public synchronized <T extends Frame> boolean awaitAbsentFor(Class<T> type, long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (find(type, f -> true).isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return true;
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
        return false;
    }

    /** The server's first SETTINGS frame, once this client has sent its acknowledgement. */
    public synchronized SettingsFrame serverSettings() {
        waitFor(() -> serverSettingsAcked || closedBecause != null, "the server's SETTINGS");
        if (serverSettings == null) {
            throw new AssertionError("no SETTINGS from the server (closed: " + closedBecause + ")" + describe());
        }
        return serverSettings;
    }

    /** How many SETTINGS acknowledgements the server sent. */
    public synchronized int settingsAcks() {
        return settingsAcks;
    }

    /** Every frame received so far, in order. */
    public synchronized List<Frame> frames() {
        return List.copyOf(frames);
    }

    /** What the server did that RFC 9113 forbids, as far as this client checks. */
    public synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    /** The last frames received, for a failure message. */
    public synchronized String describe() {
        int from = Math.max(0, frames.size() - 30);
        StringBuilder sb = new StringBuilder("\n  frames received (" + frames.size() + "):");
        if (from > 0) {
            sb.append("\n    ...");
        }
        for (Frame f : frames.subList(from, frames.size())) {
            sb.append("\n    ").append(f);
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        try {
            reader.join(TIMEOUT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the reader thread

    private void readLoop() {
        try {
            ByteReader bytes = new ByteReader(socket.getInputStream(), new byte[32 * 1024]);
            if (bytes.fillTo(5) && http1Answer(bytes)) {
                return;
            }
            FrameReader in = new FrameReader(bytes);
            for (Frame f; (f = in.next()) != null; ) {
                received(f);
            }
            closed("end of stream");
        } catch (RuntimeException e) {
            synchronized (this) {
                violations.add("a frame the core reader rejects: " + e.getMessage());
            }
            closed(e.toString());
        } catch (IOException e) {
            closed(e.toString());
        }
    }

    /** An HTTP/1.x answer where frames were due (a server without h2c): reported as the end of the connection. */
    private boolean http1Answer(ByteReader bytes) throws IOException {
        byte[] start = new byte[5];
        for (int i = 0; i < start.length; i++) {
            start[i] = (byte) bytes.peekAt(i);
        }
        if (!new String(start, StandardCharsets.ISO_8859_1).equals("HTTP/")) {
            return false;
        }
        ByteBuf line = new ByteBuf();
        try {
            bytes.readLine(line, 200);
        } catch (IOException e) {
            // a long or cut line: what came is enough to say
        }
        closed("the server answered in HTTP/1.x, not HTTP/2: " + line.toString().strip());
        return true;
    }

    private void received(Frame f) throws IOException {
        ByteBuf reply = new ByteBuf();
        synchronized (this) {
            frames.add(f);
            if (frames.size() == 1 && !(f instanceof SettingsFrame s && !s.ack())) {
                violations.add("the server's first frame is not SETTINGS: " + f);
            }
            switch (f) {
                case SettingsFrame s when s.ack() -> acknowledged();
                case SettingsFrame s -> settings(s, reply);
                case PingFrame p when !p.ack() -> writer.ping(reply, true, p.payload());
                case HeadersFrame h -> {
                    blockStream = h.streamId();
                    blockEndStream = h.endStream();
                    block.reset();
                    block.writeBytes(h.fragment());
                    if (h.endHeaders()) {
                        headerBlock();
                    }
                }
                case ContinuationFrame c -> {
                    block.writeBytes(c.fragment());
                    if (c.endHeaders()) {
                        headerBlock();
                    }
                }
                case DataFrame d -> data(d, reply);
                case RstStreamFrame r -> {
                    Stream s = stream(r.streamId());
                    if (!s.ended) {
                        s.reset = r.code();
                        s.ended = true;
                    }
                }
                case WindowUpdateFrame w -> {
                    if (w.streamId() == 0) {
                        connectionSendWindow += w.increment();
                    } else {
                        stream(w.streamId()).sendWindow += w.increment();
                    }
                }
                case PushPromiseFrame p -> violations.add("PUSH_PROMISE though ENABLE_PUSH is 0: " + p);
                default -> {
                }
            }
            notifyAll();
        }
        if (reply.length() > 0) {
            try {
                write(reply);
            } catch (IOException e) {
                // the server stopped reading (it may be closing): keep reading what it sent, a GOAWAY perhaps
            }
        }
        if (f instanceof SettingsFrame s && !s.ack()) {
            synchronized (this) {
                serverSettingsAcked = true;
                notifyAll();
            }
            for (SettingsFrame.Setting setting : s.settings()) {
                if (setting.id() == Settings.HEADER_TABLE_SIZE) {
                    synchronized (encoder) { // never while holding this: request() takes the encoder, then this
                        encoder.peerMaxTableSize(setting.value());
                    }
                }
            }
        }
    }

    /** The server acknowledged our oldest SETTINGS: a new header table size binds its encoder from now on (RFC 7541 §4.2). */
    private void acknowledged() {
        settingsAcks++;
        SettingsFrame ours = unacknowledged.poll();
        if (ours == null) {
            violations.add("a SETTINGS acknowledgement for no SETTINGS of ours");
            return;
        }
        for (SettingsFrame.Setting setting : ours.settings()) {
            if (setting.id() == Settings.HEADER_TABLE_SIZE) {
                decoder.maxTableSize((int) Math.min(setting.value(), Integer.MAX_VALUE));
            }
        }
    }

    private void settings(SettingsFrame s, ByteBuf reply) {
        if (serverSettings == null) {
            serverSettings = s;
        }
        try {
            int delta = peer.apply(s);
            for (Stream st : streams.values()) {
                st.sendWindow += delta;
            }
            writer.maxFrameSize(peer.maxFrameSize());
        } catch (RuntimeException e) {
            violations.add("bad SETTINGS from the server: " + e.getMessage());
        }
        writer.settingsAck(reply);
    }

    private void headerBlock() {
        List<Field> fields = new ArrayList<>();
        byte[] b = block.toByteArray();
        DecodeResult result = decoder.decode(b, (name, value, sensitive) -> fields.add(new Field(name, value)));
        if (!(result instanceof DecodeResult.Complete)) {
            violations.add("header block on stream " + blockStream + ": " + result);
        }
        Stream s = stream(blockStream);
        if (s.ended) {
            violations.add("HEADERS on stream " + blockStream + " after it ended");
        }
        for (Field f : fields) {
            if (CONNECTION_SPECIFIC.contains(f.name())) {
                violations.add("connection-specific field " + f + " on stream " + blockStream);
            }
        }
        String status = Response.value(fields, ":status");
        if (s.headers == null && status == null) {
            violations.add("a response header block without :status on stream " + blockStream + ": " + fields);
        }
        if (s.headers == null && status != null && status.startsWith("1") && !status.equals("101")) {
            s.informational.add(fields);
        } else if (s.headers == null) {
            s.headers = fields;
        } else {
            s.trailers = fields;
        }
        if (blockEndStream) {
            s.ended = true;
        }
    }

    private void data(DataFrame d, ByteBuf reply) {
        Stream s = stream(d.streamId());
        if (s.ended) {
            violations.add("DATA on stream " + d.streamId() + " after it ended");
        }
        if (s.headers == null) {
            violations.add("DATA on stream " + d.streamId() + " before the response's header block");
        }
        s.body.write(d.data(), d.offset(), d.length());
        s.dataFrames++;
        int n = d.flowControlledLength();
        connectionReceiveWindow -= n;
        s.receiveWindow -= n;
        if (connectionReceiveWindow < 0 || s.receiveWindow < 0) {
            violations.add("DATA past the receive window on stream " + d.streamId() + " (connection "
                    + connectionReceiveWindow + ", stream " + s.receiveWindow + ")");
        }
        if (d.endStream()) {
            s.ended = true;
        }
        if (n > 0) {
            connectionReceiveWindow += n;
            writer.windowUpdate(reply, 0, n);
            if (s.held) {
                s.owed += n;
            } else if (!s.ended) {
                s.receiveWindow += n;
                writer.windowUpdate(reply, d.streamId(), n);
            }
        }
    }

    private void closed(String why) {
        synchronized (this) {
            if (closedBecause == null) {
                closedBecause = why;
            }
            notifyAll();
        }
    }

    // ---- helpers (callers hold this)

    private Stream stream(int id) {
        return streams.computeIfAbsent(id, k -> new Stream(ourInitialWindow, peer.initialWindowSize()));
    }

    /**
     * Our new SETTINGS_INITIAL_WINDOW_SIZE changes the receive window of every stream by the
     * difference (§6.9.2); counted from the moment we send it, which errs on the lenient side.
     */
    private synchronized void ourSettings(SettingsFrame s) {
        if (!s.ack()) {
            unacknowledged.add(s);
        }
        for (SettingsFrame.Setting setting : s.settings()) {
            if (setting.id() == Settings.INITIAL_WINDOW_SIZE) {
                long delta = setting.value() - ourInitialWindow;
                ourInitialWindow = (int) setting.value();
                for (Stream st : streams.values()) {
                    st.receiveWindow += delta;
                }
            }
        }
    }

    private synchronized void opened(int streamId) {
        stream(streamId);
    }

    private Optional<GoAwayFrame> firstGoAway() {
        return find(GoAwayFrame.class, g -> true);
    }

    private <T extends Frame> Optional<T> find(Class<T> type, Predicate<T> p) {
        for (Frame f : frames) {
            if (type.isInstance(f) && p.test(type.cast(f))) {
                return Optional.of(type.cast(f));
            }
        }
        return Optional.empty();
    }

    /** Waits (holding this) until {@code condition}, at most {@link #TIMEOUT}. */
    private void waitFor(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what + describe());
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    private void write(ByteBuf b) throws IOException {
        synchronized (out) {
            try {
                b.writeTo(out);
                out.flush();
            } catch (IOException e) {
                throw new IOException("cannot send: " + e.getMessage() + describe(), e);
            }
        }
    }
}
