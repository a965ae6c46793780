package io.portico.server.proxy;

import io.portico.http.HttpFields;
import io.portico.http.ProtocolException;
import io.portico.http.ProxyHeaders;
import io.portico.http.ResponseHead;
import io.portico.http1.BodyFraming;
import io.portico.http1.FixedLengthInputStream;
import io.portico.module.CallbackPoint;
import io.portico.module.Verdict;
import io.portico.server.io.BufferPool;
import io.portico.server.proxy.UpstreamFailure.Stage;
import io.portico.server.upstream.BackendFailure;
import io.portico.server.upstream.BackendExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The response side of a try: HandleReadResponse, then the head and streamed body to the
 * client (or a module's replacement), or — after a 101 — the protocol tunnel. Stateless apart
 * from the shared buffer pool; runs on the request's thread.
 */
final class ResponseRelay {
    private final BufferPool buffers;

    ResponseRelay(BufferPool buffers) {
        this.buffers = buffers;
    }

    /** The backend agreed to the client's upgrade: relay the 101, then bytes both ways. */
    void tunnel(ProxyRequest req, BackendExchange bx, ResponseHead head) throws IOException {
        HttpFields fields = ProxyHeaders.endToEnd(head.fields());
        String upgrade = head.fields().firstOrNull("Upgrade");
        Tunnel.ask(fields, upgrade != null ? upgrade : Tunnel.requested(req.head()));
        req.status = 101;
        Tunnel.End client;
        try {
            client = req.exchange.upgrade(Answers.head(101, head.reason(), fields));
        } catch (IOException e) {
            throw new ClientGone(e);
        }
        var io = bx.connection().io();
        Tunnel.run(client, new Tunnel.End(io.reader().asInputStream(), io.out(), io::shutdownOutput), buffers,
                Thread.currentThread().getName());
    }

    void relay(ProxyRequest req, BackendExchange bx, ResponseHead head) throws IOException {
        req.responseHeadNanos = System.nanoTime();
        // Read before the backend's fields are filtered in place (framing and keep-alive were decided at readHead).
        String contentLength = bx.responseFraming() instanceof BodyFraming.FixedLength f
                ? ProxyHeaders.contentLength(head.fields(), f.length()) : null;
        long announced = bx.responseFraming() instanceof BodyFraming.NoBody ? announcedLength(head) : -1;
        HttpFields visible = ProxyHeaders.keepEndToEnd(head.fields());
        if (contentLength != null) {
            // Modules see the length (compress decides by it); the exchange writes the framing itself.
            // The filter left Content-Length out, so this adds the only one.
            visible.add("Content-Length", contentLength);
        }
        ProxyResponse response = new ProxyResponse(Answers.head(head.status(), head.reason(), visible));
        Verdict v = Callbacks.response(req.snapshot.modules(), CallbackPoint.HANDLE_READ_RESPONSE, req, response);
        if (Answers.verdict(req, v)) {
            return;
        }
        ResponseHead out = response.head();
        BodyFraming framing = bx.responseFraming();
        boolean noBody = framing instanceof BodyFraming.NoBody;
        long length = switch (framing) {
            case BodyFraming.FixedLength f -> f.length();
            case BodyFraming.NoBody n -> announced;
            default -> -1;
        };
        byte[] replacement = response.replacement();
        if (replacement != null && !noBody) {
            length = replacement.length;
        } else if (response.transformed() && !noBody) {
            length = -1;
        }
        req.status = out.status();
        OutputStream client;
        try {
            client = req.exchange.respond(out, length, noBody);
            if (replacement != null && !noBody) {
                client.write(replacement);
                req.responseBodyBytes = replacement.length;
                req.exchange.endResponse(null);
                return; // the backend's body is left unread: its connection closes
            }
        } catch (IOException e) {
            throw new ClientGone(e);
        }
        InputStream in = bx.openBody(req.snapshot.settings().http1Limits(), req.cluster.responseTimeoutMillis());
        OutputStream body = noBody ? client : response.wrap(client);
        copyResponse(req, bx, in, body);
        bx.responseComplete();
        try {
            if (body != client) {
                body.close();
            }
            req.exchange.endResponse(bx.trailers());
        } catch (IOException e) {
            throw new ClientGone(e);
        }
    }

    /** Copies the body; {@code req.responseBodyBytes} says how much went out, also when the copy fails. */
    private void copyResponse(ProxyRequest req, BackendExchange bx, InputStream in, OutputStream out) throws IOException {
        req.responseBodyBytes = 0;
        if (in instanceof FixedLengthInputStream fixed) {
            relayFixed(req, bx, fixed, out);
            return;
        }
        byte[] buf = buffers.take();
        try {
            while (true) {
                int n;
                try {
                    n = in.read(buf, 0, buf.length);
                } catch (IOException | ProtocolException e) {
                    throw new UpstreamFailure(Stage.BODY,
                            e instanceof ProtocolException ? BackendFailure.BAD_RESPONSE : BackendFailure.BODY_CUT,
                            "response body: " + e.getMessage(), e instanceof IOException io ? io : null);
                }
                if (n < 0) {
                    return;
                }
                try {
                    out.write(buf, 0, n);
                    if (bx.buffered() == 0) {
                        out.flush();
                    }
                } catch (IOException e) {
                    throw new ClientGone(e);
                }
                req.responseBodyBytes += n;
            }
        } finally {
            buffers.give(buf);
        }
    }

    /** A Content-Length body, written to the client straight from the backend connection's read buffer. */
    private static void relayFixed(ProxyRequest req, BackendExchange bx, FixedLengthInputStream in, OutputStream out)
            throws IOException {
        while (true) {
            try {
                if (!in.awaitBuffered()) {
                    return;
                }
            } catch (IOException e) {
                throw new UpstreamFailure(Stage.BODY, BackendFailure.BODY_CUT, "response body: " + e.getMessage(), e);
            }
            try {
                req.responseBodyBytes += in.writeBufferedTo(out);
                if (bx.buffered() == 0) {
                    out.flush();
                }
            } catch (IOException e) {
                throw new ClientGone(e);
            }
        }
    }

    /** Content-Length a bodiless response (HEAD, 304) announces, passed on as it is. */
    private static long announcedLength(ResponseHead head) {
        String cl = head.fields().firstOrNull("Content-Length");
        if (cl == null || head.status() == 204 || head.informational()) {
            return -1;
        }
        try {
            return Long.parseLong(cl.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
