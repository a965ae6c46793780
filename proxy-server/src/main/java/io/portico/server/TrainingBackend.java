package io.portico.server;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The loopback backend of {@code portico train}: answers {@code /0b}, {@code /1k} and
 * {@code /16k} with that many bytes and anything else (a POST included) with {@code ok}, keeps
 * connections alive unless asked to close, as the benchmarks' nginx backend does.
 */
final class TrainingBackend implements AutoCloseable {
    private static final byte[] OK = "ok\n".getBytes(StandardCharsets.US_ASCII);
    /** The {@code /1k} answer, and the training's POST body. */
    static final byte[] ONE_KIB = filler(1024);
    private static final byte[] SIXTEEN_KIB = filler(16 * 1024);
    private static final int MAX_HEAD = 16 * 1024;

    private final ServerSocket server;
    private final Thread acceptor;

    private TrainingBackend(ServerSocket server) {
        this.server = server;
        this.acceptor = Thread.ofVirtual().name("train-backend").start(this::accept);
    }

    static TrainingBackend start() throws IOException {
        return new TrainingBackend(new ServerSocket(0, 1024, InetAddress.getLoopbackAddress()));
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().name("train-backend-conn").start(() -> serve(s));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = s.getOutputStream();
            byte[] head = new byte[MAX_HEAD];
            while (true) {
                int n = readHead(in, head);
                if (n <= 0) {
                    return;
                }
                String text = new String(head, 0, n, StandardCharsets.ISO_8859_1);
                in.skipNBytes(contentLength(text));
                String path = text.substring(text.indexOf(' ') + 1, text.indexOf(' ', text.indexOf(' ') + 1));
                byte[] body = switch (path) {
                    case "/0b" -> new byte[0];
                    case "/1k" -> ONE_KIB;
                    case "/16k" -> SIXTEEN_KIB;
                    default -> OK;
                };
                boolean close = header(text, "connection").equalsIgnoreCase("close");
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + body.length
                        + (close ? "\r\nConnection: close" : "") + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
                out.flush();
                if (close) {
                    return;
                }
            }
        } catch (IOException e) {
            // the proxy closed a pooled connection: normal
        }
    }

    /** Reads up to the blank line ending a head; its length, or 0 at the end of the stream. */
    static int readHead(InputStream in, byte[] head) throws IOException {
        int n = 0;
        while (n < 4 || head[n - 4] != '\r' || head[n - 3] != '\n' || head[n - 2] != '\r' || head[n - 1] != '\n') {
            int b = in.read();
            if (b < 0) {
                if (n == 0) {
                    return 0;
                }
                throw new IOException("the stream ended inside a head");
            }
            if (n == head.length) {
                throw new IOException("a head longer than " + head.length + " bytes");
            }
            head[n++] = (byte) b;
        }
        return n;
    }

    static long contentLength(String head) {
        String v = header(head, "content-length");
        return v.isEmpty() ? 0 : Long.parseLong(v);
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
    }

    /** {@code n} bytes of body. */
    private static byte[] filler(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) ('a' + i % 26);
        }
        return b;
    }

    /** The value of the first field named {@code lowerName} in a head, or "" (a training helper: no folding, no lists). */
    static String header(String head, String lowerName) {
        int at = 0;
        while ((at = head.indexOf("\r\n", at)) >= 0 && at + 2 < head.length()) {
            at += 2;
            int colon = head.indexOf(':', at);
            int end = head.indexOf("\r\n", at);
            if (colon > at && colon < end && head.regionMatches(true, at, lowerName, 0, lowerName.length())
                    && colon - at == lowerName.length()) {
                return head.substring(colon + 1, end).strip();
            }
        }
        return "";
    }
}
