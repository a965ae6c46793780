package io.portico.server.proxy;

import io.portico.http.HttpFields;
import io.portico.http.HttpVersion;
import io.portico.http.ResponseHead;
import io.portico.module.CallbackPoint;
import io.portico.module.HandlerTable;
import io.portico.module.Verdict;
import io.portico.server.metrics.ServerMetrics;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers that do not come from a backend: modules' verdicts at every callback point (respond,
 * redirect, finish, stream, close), and the proxy's own answers (404, 502, 503, 504, 500), which
 * HandleReadResponse handlers may rewrite like a backend's response. Stateless; runs on the
 * request's thread.
 */
final class Answers {
    private static final Logger LOG = LoggerFactory.getLogger(Answers.class);

    private Answers() {
    }

    /**
     * A response head of the proxy's or a module's making. The exchange writes it in its own
     * protocol (an HTTP/1.1 status line today, an HTTP/2 :status next): the version here is not
     * what goes on the wire.
     */
    static ResponseHead head(int status, String reason, HttpFields fields) {
        return new ResponseHead(HttpVersion.HTTP_1_1, status, reason, fields);
    }

    /**
     * Applies a module's verdict, at whichever callback point it came: the one place a verdict
     * becomes an answer. True when it answered (or closed) and the request is done.
     */
    static boolean verdict(ProxyRequest req, Verdict v) throws IOException {
        switch (v) {
            case Verdict.Continue c -> {
                return false;
            }
            case Verdict.Respond r -> send(req, r.status(), r.headers(), r.body());
            case Verdict.Stream st -> stream(req, st);
            case Verdict.Redirect r -> {
                HttpFields f = new HttpFields(2);
                f.add("Location", r.location());
                send(req, r.status(), f, new byte[0]);
            }
            case Verdict.Finish f -> {
                req.exchange.closeAfterResponse();
                send(req, f.status(), f.headers(), f.body());
            }
            case Verdict.Close c -> {
                req.exchange.closeAfterResponse();
                throw new CloseConnection();
            }
        }
        return true;
    }

    private static void send(ProxyRequest req, int status, HttpFields headers, byte[] body) throws IOException {
        req.status = status;
        boolean head = req.head().method().equals("HEAD");
        boolean bodiless = status == 204 || status == 304;
        OutputStream out = req.exchange.respond(head(status, "", unframed(headers)),
                bodiless ? -1 : body.length, head || bodiless);
        if (!head && !bodiless) {
            out.write(body);
            req.responseBodyBytes = body.length;
        }
        req.exchange.endResponse(null);
    }

    /**
     * Sends one of the proxy's own answers, after the HandleReadResponse handlers saw it (they may
     * edit the head, replace or transform the body, or answer instead). A handler failure here
     * is counted and answered with the plain 500 — the handlers do not run again for it.
     */
    static void own(ProxyRequest req, ProxyAnswer a, ServerMetrics metrics) throws IOException {
        HandlerTable modules = req.snapshot.modules();
        if (!modules.has(CallbackPoint.HANDLE_READ_RESPONSE)) {
            plain(req, a, metrics);
            return;
        }
        ProxyResponse view = new ProxyResponse(head(a.status(), "", a.fields().copy()));
        try {
            Verdict v = Callbacks.response(modules, CallbackPoint.HANDLE_READ_RESPONSE, req, view);
            if (!verdict(req, v)) {
                sendView(req, view, a.body());
            }
        } catch (ModuleFailure e) {
            metrics.moduleError(e.module());
            LOG.warn("conn-{} {} {}: {} (answering {} instead of {})", req.connection.id(), req.head().method(),
                    req.head().target(), e.getMessage(), 500, a.status());
            LOG.debug("stack of the failure above", e);
            fallback(req, metrics);
            return;
        } catch (RuntimeException e) {
            LOG.warn("conn-{} {} {}: answering {} failed: {}", req.connection.id(), req.head().method(),
                    req.head().target(), a.status(), e.toString());
            LOG.debug("stack of the failure above", e);
            fallback(req, metrics);
        }
    }

    private static void fallback(ProxyRequest req, ServerMetrics metrics) throws IOException {
        if (req.exchange.responseStarted()) {
            req.exchange.closeAfterResponse();
            throw new ResponseFailed("an answer failed after it started", null);
        }
        plain(req, ProxyAnswer.of(500), metrics);
    }

    private static void plain(ProxyRequest req, ProxyAnswer a, ServerMetrics metrics) throws IOException {
        req.status = a.status();
        req.exchange.answer(a);
    }

    private static void sendView(ProxyRequest req, ProxyResponse view, byte[] original) throws IOException {
        ResponseHead h = view.head();
        byte[] body = view.replacement() != null ? view.replacement() : original;
        boolean bodiless = h.status() == 204 || h.status() == 304;
        boolean noBody = bodiless || req.head().method().equals("HEAD");
        long length = bodiless || view.transformed() ? -1 : body.length;
        req.status = h.status();
        OutputStream client = req.exchange.respond(
                head(h.status(), h.reason(), unframed(h.fields())), length, noBody);
        if (!noBody) {
            OutputStream out = view.wrap(client);
            out.write(body);
            if (out != client) {
                out.close();
            }
            req.responseBodyBytes = body.length;
        }
        req.exchange.endResponse(null);
    }

    /** Sends a module's streamed answer; a HEAD request gets the head alone. */
    static void stream(ProxyRequest req, Verdict.Stream s) throws IOException {
        req.status = s.status();
        boolean head = req.head().method().equals("HEAD");
        OutputStream client = req.exchange.respond(
                head(s.status(), "", unframed(s.headers())), s.length(), head);
        if (!head) {
            ClientSide out = new ClientSide(client);
            try {
                s.body().writeTo(out);
            } catch (ClientGone e) {
                throw e;
            } catch (IOException | RuntimeException e) {
                // The writer failed, not the client: send what it wrote, then the connection closes.
                req.exchange.closeAfterResponse();
                flushQuietly(client);
                if (e instanceof IOException io) {
                    throw new ResponseFailed(io.getMessage(), io);
                }
                throw (RuntimeException) e;
            } finally {
                req.responseBodyBytes = out.written;
            }
        }
        req.exchange.endResponse(null);
    }

    private static void flushQuietly(OutputStream client) {
        try {
            client.flush();
        } catch (IOException e) {
            // the client is gone as well; closing follows either way
        }
    }

    /** A copy of a module's fields without framing fields: the exchange frames the body itself. */
    static HttpFields unframed(HttpFields fields) {
        HttpFields f = fields.copy();
        f.remove("Content-Length");
        f.remove("Transfer-Encoding");
        return f;
    }

    /**
     * The client's body stream as a module's writer sees it: counts bytes, cannot be closed by the
     * writer, and reports a failed write as {@link ClientGone} so it is told apart from the
     * writer's own failures (a file that cannot be read).
     */
    private static final class ClientSide extends FilterOutputStream {
        long written;

        ClientSide(OutputStream client) {
            super(client);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                throw new ClientGone(e);
            }
            written++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                throw new ClientGone(e);
            }
            written += len;
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (IOException e) {
                throw new ClientGone(e);
            }
        }

        @Override
        public void close() {
            // the exchange ends the body
        }
    }
}
