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
                    case "/1k" -> Training.filler(1024);
                    case "/16k" -> Training.filler(16 * 1024);
                    default -> OK;
                };
                boolean close = Training.header(text, "connection").equalsIgnoreCase("close");
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
        String v = Training.header(head, "content-length");
        return v.isEmpty() ? 0 : Long.parseLong(v);
    }

    @Override
    public void close() throws IOException {
        server.close();
        acceptor.interrupt();
    }
}
