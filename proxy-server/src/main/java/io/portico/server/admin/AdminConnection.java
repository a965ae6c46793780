package io.portico.server.admin;

import io.portico.http.ProtocolException;
import io.portico.http.RequestHead;
import io.portico.http.Status;
import io.portico.http1.Bodies;
import io.portico.http1.BodyFraming;
import io.portico.http1.Http1Framing;
import io.portico.http1.Http1Parser;
import io.portico.io.ByteReader;
import io.portico.server.admin.AdminExchange.Request;
import io.portico.server.admin.AdminExchange.Response;
import io.portico.server.snapshot.ServerSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One admin connection: HTTP/1.1 keep-alive under the data path's limits, read from the config in
 * service for each request: the head within client_header (from the accept, then from its first
 * byte), client_idle between requests, client_body between body bytes, max_header_bytes,
 * max_uri_bytes, max_headers. The admin endpoints take no body, so one is read and dropped up to
 * {@link #MAX_BODY_BYTES} (or max_body_bytes when smaller); past it → 413 and close. Runs on its
 * own virtual thread.
 */
final class AdminConnection {
    static final long MAX_BODY_BYTES = 64 * 1024;
    /** What a closing connection reads and drops so its last answer is not lost to a reset. */
    private static final int LINGER_BYTES = 256 * 1024;
    private static final int LINGER_MILLIS = 500;

    private final Socket socket;
    private final Supplier<ServerSettings> settings;
    private final Function<Request, Response> endpoints;

    AdminConnection(Socket socket, Supplier<ServerSettings> settings, Function<Request, Response> endpoints) {
        this.socket = socket;
        this.settings = settings;
        this.endpoints = endpoints;
    }

    void serve() {
        try (socket) {
            long headDeadline = System.nanoTime() + settings.get().headerTimeoutNanos();
            DeadlineInput input = new DeadlineInput(socket);
            ByteReader in = new ByteReader(input, new byte[4096]);
            OutputStream out = socket.getOutputStream();
            for (boolean first = true; ; first = false) {
                ServerSettings s = settings.get();
                if (!first) {
                    input.waitBetweenBytes(s.idleTimeoutMillis());
                    try {
                        if (!in.fill()) {
                            return;
                        }
                    } catch (SocketTimeoutException idle) {
                        return;
                    }
                    headDeadline = System.nanoTime() + s.headerTimeoutNanos();
                }
                input.deadline(headDeadline);
                RequestHead head;
                try {
                    head = Http1Parser.parseRequest(in, s.http1Limits());
                } catch (ProtocolException e) {
                    refuse(out, Response.text(e.status(), Status.reason(e.status()).toLowerCase(java.util.Locale.ROOT) + "\n"));
                    return;
                } catch (SocketTimeoutException e) {
                    refuse(out, Response.text(408, "request head not complete within client_header\n"));
                    return;
                }
                if (head == null) {
                    return;
                }
                Response refused = dropBody(head, in, input, s, out);
                if (refused != null) {
                    refuse(out, refused);
                    return;
                }
                boolean keepAlive = Http1Framing.keepAlive(head);
                Response r = endpoints.apply(new Request(head.method(), head.path(), head.fields()));
                write(out, r, head.method().equals("HEAD"), !keepAlive);
                if (!keepAlive) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away or stopped answering: nobody to tell
        }
    }

    /** Reads and drops a request body; null when it was within bounds, else the answer before closing. */
    private static Response dropBody(RequestHead head, ByteReader in, DeadlineInput input, ServerSettings s,
                                     OutputStream out) throws IOException {
        BodyFraming framing;
        try {
            framing = Http1Framing.request(head);
        } catch (ProtocolException e) {
            return Response.text(e.status(), "bad request framing\n");
        }
        if (framing instanceof BodyFraming.NoBody) {
            return null;
        }
        long max = s.maxBodyBytes() > 0 ? Math.min(s.maxBodyBytes(), MAX_BODY_BYTES) : MAX_BODY_BYTES;
        Response tooLarge = Response.text(413, "the admin port takes request bodies up to " + max + " bytes\n");
        if (framing instanceof BodyFraming.FixedLength f && f.length() > max) {
            return tooLarge;
        }
        if (Http1Framing.expectsContinue(head)) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        input.waitBetweenBytes(s.bodyTimeoutMillis());
        try {
            return Bodies.drain(Bodies.open(framing, in, s.http1Limits(), false), max) ? null : tooLarge;
        } catch (SocketTimeoutException e) {
            return Response.text(408, "request body stalled for client_body\n");
        }
    }

    /** Answers and closes, reading a little of what the client still sends so the answer reaches it. */
    private void refuse(OutputStream out, Response r) throws IOException {
        write(out, r, false, true);
        socket.shutdownOutput();
        socket.setSoTimeout(LINGER_MILLIS);
        InputStream raw = socket.getInputStream();
        byte[] sink = new byte[8192];
        long deadline = System.nanoTime() + LINGER_MILLIS * 1_000_000L;
        for (int total = 0; total < LINGER_BYTES && System.nanoTime() < deadline; ) {
            int n;
            try {
                n = raw.read(sink);
            } catch (SocketTimeoutException e) {
                return;
            }
            if (n < 0) {
                return;
            }
            total += n;
        }
    }

    static void write(OutputStream out, Response r, boolean head, boolean close) throws IOException {
        StringBuilder b = new StringBuilder(192);
        b.append("HTTP/1.1 ").append(r.status()).append(' ').append(Status.reason(r.status())).append("\r\n");
        b.append("Content-Type: ").append(r.type()).append("\r\nCache-Control: no-store\r\n");
        String[] extra = r.extra();
        for (int i = 0; i + 1 < extra.length; i += 2) {
            b.append(extra[i]).append(": ").append(extra[i + 1]).append("\r\n");
        }
        b.append("Content-Length: ").append(r.body().length).append("\r\n");
        if (close) {
            b.append("Connection: close\r\n");
        }
        b.append("\r\n");
        byte[] h = b.toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = head ? h : new byte[h.length + r.body().length];
        if (!head) {
            System.arraycopy(h, 0, all, 0, h.length);
            System.arraycopy(r.body(), 0, all, h.length, r.body().length);
        }
        out.write(all);
        out.flush();
    }
}
