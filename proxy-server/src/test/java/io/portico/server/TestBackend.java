package io.portico.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small real HTTP/1.1 backend on loopback for tests: reads each request (head and body,
 * Content-Length or chunked) and lets the test script the answer. Counts connections so tests
 * can see keep-alive reuse. One virtual thread per connection.
 */
final class TestBackend implements AutoCloseable, TestProxy.HasAddress {

    /** A request as the backend received it. */
    record Received(String requestLine, List<String> headerLines, byte[] body, String trailers) {
        String header(String name) {
            for (String h : headerLines) {
                int c = h.indexOf(':');
                if (c > 0 && h.substring(0, c).equalsIgnoreCase(name)) {
                    return h.substring(c + 1).strip();
                }
            }
            return null;
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

    /** Serves a whole connection by hand, for tests that stream what a Received would buffer. */
    @FunctionalInterface
    interface RawHandler {
        void serve(Socket socket, InputStream in, OutputStream out) throws Exception;
    }

    private final ServerSocket server;
    private final Responder responder;
    private final RawHandler raw;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private TestBackend(Responder responder, RawHandler raw) throws IOException {
        this(0, responder, raw);
    }

    private TestBackend(int port, Responder responder, RawHandler raw) throws IOException {
        this.server = new ServerSocket();
        this.server.setReuseAddress(true);
        this.server.bind(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        this.responder = responder;
        this.raw = raw;
        Thread.ofVirtual().name("test-backend-accept").start(this::acceptLoop);
    }

    static TestBackend start(Responder responder) throws IOException {
        return new TestBackend(responder, null);
    }

    /** A backend that hands each connection's streams to {@code raw} once per request. */
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

    List<Received> received() {
        return received;
    }

    Received last() {
        return received.get(received.size() - 1);
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                connections.incrementAndGet();
                open.add(s);
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            InputStream in = new java.io.BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            if (raw != null) {
                raw.serve(s, in, out);
                return;
            }
            while (!s.isClosed()) {
                Received r = read(in);
                if (r == null) {
                    return;
                }
                received.add(r);
                responder.respond(r, s, out);
            }
        } catch (Exception e) {
            // the proxy closed the connection
        } finally {
            open.remove(s);
        }
    }

    static Received read(InputStream in) throws IOException {
        String line = readLine(in);
        if (line == null) {
            return null;
        }
        List<String> headers = new ArrayList<>();
        String h;
        while ((h = readLine(in)) != null && !h.isEmpty()) {
            headers.add(h);
        }
        Received head = new Received(line, headers, new byte[0], "");
        String te = head.header("Transfer-Encoding");
        String cl = head.header("Content-Length");
        if (te != null && te.equalsIgnoreCase("chunked")) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            StringBuilder trailers = new StringBuilder();
            while (true) {
                String size = readLine(in);
                int semi = size.indexOf(';');
                int n = Integer.parseInt((semi < 0 ? size : size.substring(0, semi)).strip(), 16);
                if (n == 0) {
                    String t;
                    while ((t = readLine(in)) != null && !t.isEmpty()) {
                        trailers.append(t).append('\n');
                    }
                    break;
                }
                body.write(in.readNBytes(n));
                readLine(in);
            }
            return new Received(line, headers, body.toByteArray(), trailers.toString());
        }
        if (cl != null) {
            return new Received(line, headers, in.readNBytes(Integer.parseInt(cl)), "");
        }
        return head;
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

    /** Closes every open connection from the backend side (as a backend's idle timeout would). */
    void dropConnections() throws IOException {
        for (Socket s : open) {
            s.close();
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        dropConnections();
    }
}
