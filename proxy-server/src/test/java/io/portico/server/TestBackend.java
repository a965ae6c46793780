package io.portico.server;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * A small real HTTP/1.1 backend on loopback for tests: reads each request (head and body,
 * Content-Length or chunked) and lets the test script the answer. Counts connections so tests
 * can see keep-alive reuse. One virtual thread per connection.
 *
 * <p>Strict by default: each request head is kept byte for byte ({@link Received#rawHead()}) and
 * checked for what a conforming proxy never sends upstream (see {@link #violations(String, Set)}).
 * A request that breaks a rule is answered {@code 500 Strict Backend Violation} (its body lists
 * the rules) instead of the test's answer, and {@link #close()} throws an {@link AssertionError}
 * listing every violation, so the test fails even though the backend ran on its own thread.
 * {@link #lenient()} opts one backend out; {@link #expectingUpgrade} declares the protocol a
 * test asks to upgrade to.
 */
final class TestBackend implements AutoCloseable, TestProxy.HasAddress {

    /** The status line a violating request is answered with: the test sees a 500 it never scripted. */
    static final String VIOLATION_STATUS = "HTTP/1.1 500 Strict Backend Violation";

    /** The longest request head the backend reads, as a guard against a runaway proxy. */
    private static final int MAX_HEAD_BYTES = 256 * 1024;

    /**
     * A request as the backend received it. {@code rawHead} is the head exactly as it came off
     * the wire (request line to the empty line, terminators included), decoded as ISO-8859-1.
     */
    record Received(String requestLine, List<String> headerLines, byte[] body, String trailers, String rawHead) {

        /**
         * The field's value; when the field came on several lines, their values joined with
         * ", " as RFC 9110 section 5.3 combines them, so a duplicate is never hidden. Null when absent.
         */
        String header(String name) {
            List<String> values = headers(name);
            return values.isEmpty() ? null : String.join(", ", values);
        }

        /** Every value of the field, one per line it came on, in order. */
        List<String> headers(String name) {
            List<String> values = new ArrayList<>();
            for (String h : headerLines) {
                int c = h.indexOf(':');
                if (c > 0 && h.substring(0, c).equalsIgnoreCase(name)) {
                    values.add(h.substring(c + 1).strip());
                }
            }
            return values;
        }

        String bodyText() {
            return new String(body, StandardCharsets.ISO_8859_1);
        }
    }

    /** Writes the response for one request; may close the socket or stall to simulate failures. */
    @FunctionalInterface
    interface Responder {
        void respond(Received request, Socket socket, OutputStream out) throws IOException;
    }

    /**
     * Serves a whole connection by hand, for tests that stream what a Received would buffer.
     * Requests it reads with {@link TestBackend#read} or {@link TestBackend#readHead} are checked
     * like any other (their violations fail {@link #close()}), though the handler writes the answer.
     */
    @FunctionalInterface
    interface RawHandler {
        void serve(Socket socket, InputStream in, OutputStream out) throws Exception;
    }

    /** Backends started and not yet closed, for {@link StrictBackendCheck}. */
    private static final Set<TestBackend> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** The backend whose connection the current thread serves, for the static readers a RawHandler calls. */
    private static final ThreadLocal<TestBackend> SERVING = new ThreadLocal<>();

    private final ServerSocket server;
    private final Responder responder;
    private final RawHandler raw;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final List<Thread> serving = new CopyOnWriteArrayList<>();
    private volatile boolean closed;
    private volatile boolean lenient;
    private volatile Set<String> upgrades = Set.of();

    private TestBackend(Responder responder, RawHandler raw) throws IOException {
        this(0, responder, raw);
    }

    private TestBackend(int port, Responder responder, RawHandler raw) throws IOException {
        this.server = new ServerSocket();
        this.server.setReuseAddress(true);
        this.server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        this.responder = responder;
        this.raw = raw;
        LIVE.add(this);
        Thread.ofVirtual().name("test-backend-accept").start(this::acceptLoop);
    }

    static TestBackend start(Responder responder) throws IOException {
        return new TestBackend(responder, null);
    }

    /** A backend that hands each connection's streams to {@code raw}. */
    static TestBackend startRaw(RawHandler raw) throws IOException {
        return new TestBackend(null, raw);
    }

    /** A backend on a given port, e.g. to restart one that was stopped. */
    static TestBackend startOn(int port, Responder responder) throws IOException {
        return new TestBackend(port, responder, null);
    }

    /** A backend answering every request 200 with {@code text} and Content-Length. */
    static TestBackend answering(String text) throws IOException {
        return start((req, s, out) -> ok(out, text));
    }

    static void ok(OutputStream out, String text) throws IOException {
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                + text.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + text).getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /**
     * Opts this backend out of strict checking: requests still keep their raw head and
     * {@link #violations()} still lists what was seen, but the test's answer is always given and
     * {@link #close()} does not fail. Call it right after starting, before any request; say why
     * in a comment at the call.
     */
    TestBackend lenient() {
        this.lenient = true;
        return this;
    }

    /**
     * Declares the protocols (as in {@code Upgrade: websocket}) this test asks the proxy to
     * upgrade to: only then may a request carry {@code Upgrade} and {@code Connection: Upgrade}.
     */
    TestBackend expectingUpgrade(String... protocols) {
        Set<String> lower = new java.util.HashSet<>();
        for (String p : protocols) {
            lower.add(p.toLowerCase(Locale.ROOT));
        }
        this.upgrades = Set.copyOf(lower);
        return this;
    }

    int port() {
        return server.getLocalPort();
    }

    @Override
    public String address() {
        return "127.0.0.1:" + port();
    }

    int connections() {
        return connections.get();
    }

    /** Connections accepted and not closed yet (by either side). */
    int openConnections() {
        return open.size();
    }

    List<Received> received() {
        return received;
    }

    Received last() {
        return received.get(received.size() - 1);
    }

    /** What the strict checks found so far, one line per rule broken, with the request line. */
    List<String> violations() {
        return List.copyOf(violations);
    }

    /** Backends started and not closed yet. */
    static List<TestBackend> live() {
        return List.copyOf(LIVE);
    }

    /**
     * The violations of a strict backend not reported yet, which are then forgotten (so a
     * backend shared by several tests fails only the test that caused them); empty when lenient.
     */
    List<String> takeViolations() {
        if (lenient) {
            return List.of();
        }
        List<String> taken = List.copyOf(violations);
        violations.removeAll(taken);
        return taken;
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                connections.incrementAndGet();
                open.add(s);
                Thread t = Thread.ofVirtual().unstarted(() -> serve(s));
                serving.add(t);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        SERVING.set(this);
        try (s) {
            InputStream in = new java.io.BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            if (raw != null) {
                raw.serve(s, in, out);
                return;
            }
            while (!s.isClosed()) {
                Received r;
                try {
                    r = readRequest(in, true);
                } catch (MalformedFraming e) {
                    violations.add(e.getMessage());
                    answerViolation(out, List.of(e.getMessage()));
                    return;
                }
                if (r == null) {
                    return;
                }
                received.add(r);
                List<String> found = check(r);
                if (!found.isEmpty() && !lenient) {
                    answerViolation(out, found);
                    return;
                }
                responder.respond(r, s, out);
            }
        } catch (Exception e) {
            // the proxy closed the connection
        } finally {
            open.remove(s);
            serving.remove(Thread.currentThread());
            SERVING.remove();
        }
    }

    /** Checks one request against the strict rules and records what it broke. */
    private List<String> check(Received r) {
        List<String> found = violations(r.rawHead(), upgrades);
        violations.addAll(found);
        return found;
    }

    private static void answerViolation(OutputStream out, List<String> found) throws IOException {
        byte[] body = String.join("\n", found).getBytes(StandardCharsets.ISO_8859_1);
        out.write((VIOLATION_STATUS + "\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        out.flush();
    }

    /**
     * Reads one request, head and body; null at a clean end of stream before a request starts.
     * Called from a RawHandler, the request is checked against its backend's rules.
     */
    static Received read(InputStream in) throws IOException {
        return readAndCheck(in, true);
    }

    /** Reads and checks one request head only, leaving the body in {@code in} (for bodies too big to buffer). */
    static Received readHead(InputStream in) throws IOException {
        return readAndCheck(in, false);
    }

    private static Received readAndCheck(InputStream in, boolean withBody) throws IOException {
        TestBackend backend = SERVING.get();
        Received r;
        try {
            r = readRequest(in, withBody);
        } catch (MalformedFraming e) {
            if (backend != null) {
                backend.violations.add(e.getMessage());
            }
            throw e;
        }
        if (r != null && backend != null) {
            backend.check(r); // recorded for close(); the handler answers
        }
        return r;
    }

    /** Reading found framing no conforming sender produces. */
    private static final class MalformedFraming extends IOException {
        MalformedFraming(String message) {
            super(message);
        }
    }

    private static Received readRequest(InputStream in, boolean withBody) throws IOException {
        String rawHead = readRawHead(in);
        if (rawHead == null) {
            return null;
        }
        List<String> lines = headLines(rawHead);
        String line = lines.get(0);
        List<String> headers = lines.subList(1, lines.size());
        Received head = new Received(line, headers, new byte[0], "", rawHead);
        if (!withBody) {
            return head;
        }
        String te = head.header("Transfer-Encoding");
        String cl = head.header("Content-Length");
        if (te != null && te.toLowerCase(Locale.ROOT).endsWith("chunked")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            StringBuilder trailers = new StringBuilder();
            while (true) {
                String size = readLine(in);
                if (size == null) {
                    throw new EOFException("end of stream in a chunked body");
                }
                int semi = size.indexOf(';');
                String hex = semi < 0 ? size : size.substring(0, semi);
                if (!HEX.matcher(hex).matches()) {
                    throw new MalformedFraming("malformed chunk size line: " + printable(size) + " (" + line + ")");
                }
                int n = Integer.parseInt(hex, 16);
                if (n == 0) {
                    String t;
                    while ((t = readLine(in)) != null && !t.isEmpty()) {
                        trailers.append(t).append('\n');
                    }
                    break;
                }
                byte[] data = in.readNBytes(n);
                if (data.length < n) {
                    throw new EOFException("end of stream in a chunk");
                }
                body.write(data);
                String end = readLine(in);
                if (end != null && !end.isEmpty()) {
                    throw new MalformedFraming("chunk data not followed by CRLF (" + line + ")");
                }
            }
            return new Received(line, headers, body.toByteArray(), trailers.toString(), rawHead);
        }
        if (cl != null && DIGITS.matcher(cl).matches()) {
            return new Received(line, headers, in.readNBytes(Integer.parseInt(cl)), "", rawHead);
        }
        return head;
    }

    /** The head up to and including the empty line (CRLF or a bare LF ends a line); null at EOF before any byte. */
    private static String readRawHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int lineLength = 0;
        boolean firstLine = true;
        int c;
        while ((c = in.read()) >= 0) {
            head.write(c);
            if (head.size() > MAX_HEAD_BYTES) {
                throw new MalformedFraming("request head longer than " + MAX_HEAD_BYTES + " bytes");
            }
            if (c == '\n') {
                if (lineLength == 0) {
                    if (firstLine) {
                        throw new MalformedFraming("empty line before the request line");
                    }
                    return head.toString(StandardCharsets.ISO_8859_1);
                }
                lineLength = 0;
                firstLine = false;
            } else if (c != '\r') {
                lineLength++;
            }
        }
        if (head.size() == 0) {
            return null;
        }
        throw new EOFException("end of stream in a request head: " + printable(head.toString(StandardCharsets.ISO_8859_1)));
    }

    /** The head's lines without their terminators, the last (empty) one dropped. */
    private static List<String> headLines(String rawHead) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = rawHead.indexOf('\n'); i >= 0; i = rawHead.indexOf('\n', start)) {
            int end = i > start && rawHead.charAt(i - 1) == '\r' ? i - 1 : i;
            lines.add(rawHead.substring(start, end));
            start = i + 1;
        }
        lines.remove(lines.size() - 1);
        return lines;
    }

    private static final Pattern HEX = Pattern.compile("[0-9A-Fa-f]{1,7}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{1,18}");
    private static final Pattern REQUEST_LINE = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+ [!-~]+ HTTP/1\\.1");
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** Fields that are about one connection only (RFC 9110 section 7.6.1, RFC 9113 section 8.2.2, RFC 7230 appendix). */
    private static final Set<String> HOP_BY_HOP = Set.of("keep-alive", "proxy-connection", "http2-settings");

    /**
     * What a conforming proxy never sends upstream, found in one raw request head: broken
     * framing (bare CR or LF, obs-fold, a malformed request line or field name, control
     * characters in a value), ambiguous length (Content-Length with Transfer-Encoding, Content-Length
     * twice or not a number, a transfer coding other than chunked), Host missing or twice, and
     * hop-by-hop fields: Keep-Alive, Proxy-Connection, HTTP2-Settings, TE other than "trailers",
     * Upgrade other than one the test declared, a Connection option other than close,
     * keep-alive or (with a declared Upgrade) upgrade, and any field a Connection option names.
     * Each entry ends with the request line, so a list from several requests reads well.
     */
    static List<String> violations(String rawHead, Set<String> expectedUpgrades) {
        List<String> found = new ArrayList<>();
        for (int i = 0; i < rawHead.length(); i++) {
            char c = rawHead.charAt(i);
            if (c == '\r' && (i + 1 == rawHead.length() || rawHead.charAt(i + 1) != '\n')) {
                found.add("bare CR at byte " + i);
            } else if (c == '\n' && (i == 0 || rawHead.charAt(i - 1) != '\r')) {
                found.add("bare LF at byte " + i);
            }
        }
        List<String> lines = headLines(rawHead);
        String requestLine = lines.get(0);
        if (!REQUEST_LINE.matcher(requestLine).matches()) {
            found.add("malformed request line (not 'method SP target SP HTTP/1.1')");
        }
        List<String[]> fields = new ArrayList<>();
        for (String h : lines.subList(1, lines.size())) {
            if (!h.isEmpty() && (h.charAt(0) == ' ' || h.charAt(0) == '\t')) {
                found.add("obs-fold (a line starting with whitespace): " + printable(h));
                continue;
            }
            int colon = h.indexOf(':');
            if (colon <= 0 || !TOKEN.matcher(h.substring(0, colon)).matches()) {
                found.add("malformed field line: " + printable(h));
                continue;
            }
            String value = h.substring(colon + 1).strip();
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if ((c < 0x20 && c != '\t') || c == 0x7f) {
                    found.add("control character in field value: " + printable(h));
                    break;
                }
            }
            fields.add(new String[] {h.substring(0, colon).toLowerCase(Locale.ROOT), value});
        }
        List<String> contentLengths = values(fields, "content-length");
        List<String> transferEncodings = values(fields, "transfer-encoding");
        if (!contentLengths.isEmpty() && !transferEncodings.isEmpty()) {
            found.add("Content-Length together with Transfer-Encoding");
        }
        if (contentLengths.size() > 1) {
            found.add("Content-Length " + contentLengths.size() + " times: " + contentLengths);
        } else if (contentLengths.size() == 1 && !DIGITS.matcher(contentLengths.get(0)).matches()) {
            found.add("Content-Length not a single number: " + contentLengths.get(0));
        }
        if (!transferEncodings.isEmpty() && !String.join(", ", transferEncodings).equalsIgnoreCase("chunked")) {
            found.add("Transfer-Encoding other than chunked: " + transferEncodings);
        }
        List<String> hosts = values(fields, "host");
        if (hosts.size() != 1) {
            found.add("Host " + hosts.size() + " times" + (hosts.isEmpty() ? "" : ": " + hosts));
        }
        for (String[] f : fields) {
            if (HOP_BY_HOP.contains(f[0])) {
                found.add("hop-by-hop field forwarded: " + f[0] + ": " + f[1]);
            }
        }
        for (String te : values(fields, "te")) {
            for (String coding : te.split(",")) {
                if (!coding.strip().equalsIgnoreCase("trailers")) {
                    found.add("TE other than trailers: " + te);
                    break;
                }
            }
        }
        List<String> upgrade = values(fields, "upgrade");
        boolean upgradeExpected = !upgrade.isEmpty() && upgrade.stream().flatMap(u -> List.of(u.split(",")).stream())
                .allMatch(p -> expectedUpgrades.contains(p.strip().toLowerCase(Locale.ROOT)));
        if (!upgrade.isEmpty() && !upgradeExpected) {
            found.add("Upgrade the test did not ask for: " + upgrade);
        }
        for (String connection : values(fields, "connection")) {
            for (String token : connection.split(",")) {
                String option = token.strip().toLowerCase(Locale.ROOT);
                if (option.isEmpty() || option.equals("close") || option.equals("keep-alive")
                        || (option.equals("upgrade") && upgradeExpected)) {
                    continue;
                }
                found.add("Connection option forwarded: " + option);
                if (!values(fields, option).isEmpty() && !option.equals("upgrade")) {
                    found.add("field named in Connection forwarded: " + option);
                }
            }
        }
        if (upgradeExpected && values(fields, "connection").stream()
                .noneMatch(c -> List.of(c.toLowerCase(Locale.ROOT).split(",")).stream().anyMatch(t -> t.strip().equals("upgrade")))) {
            found.add("Upgrade without Connection: upgrade");
        }
        found.replaceAll(v -> v + " (in '" + printable(requestLine) + "')");
        return found;
    }

    private static List<String> values(List<String[]> fields, String name) {
        List<String> values = new ArrayList<>();
        for (String[] f : fields) {
            if (f[0].equals(name)) {
                values.add(f[1]);
            }
        }
        return values;
    }

    static AssertionError failure(List<String> found) {
        return new AssertionError("the strict test backend saw what a proxy must never send upstream:\n  "
                + String.join("\n  ", found));
    }

    private static String printable(String s) {
        return s.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
    }

    static String readLine(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            sb.append((char) c);
        }
        return sb.isEmpty() ? null : sb.toString();
    }

    /**
     * Closes every open connection from the backend side (as a backend's idle timeout would)
     * and returns once the threads serving them ended, so the closes are complete (a socket
     * closed while its virtual thread is parked in a read is released when that thread runs).
     */
    void dropConnections() throws IOException {
        for (Socket s : open) {
            s.close();
        }
        for (Thread t : serving) {
            try {
                if (!t.join(java.time.Duration.ofSeconds(10))) {
                    throw new AssertionError("a backend connection's thread did not end after its socket closed");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException(e);
            }
        }
    }

    /**
     * Stops the backend; in strict mode, throws an AssertionError listing every violation seen,
     * which fails the test that closes it (try-with-resources or an after-each method).
     */
    @Override
    public void close() throws IOException {
        closed = true;
        LIVE.remove(this);
        server.close();
        dropConnections();
        List<String> found = takeViolations();
        if (!found.isEmpty()) {
            throw failure(found);
        }
    }
}
