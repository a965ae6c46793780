package io.portico.server.http2;

import io.portico.http.HttpFields;
import io.portico.http.ProxyHeaders;
import io.portico.http.RequestHead;
import io.portico.http.ResponseHead;
import io.portico.http1.LimitedInputStream;
import io.portico.server.io.MinRate;
import io.portico.server.proxy.ClientExchange;
import io.portico.server.proxy.Tunnel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * One request stream as the pipeline sees it: the head HPACK gave, the body from DATA frames,
 * and an answer sent as HEADERS, DATA (within the client's flow-control windows) and trailers.
 * The response head waits until the first body bytes or the end, so that it leaves with them
 * and can still be taken back ({@link #retract}) until then. Runs on the stream's thread.
 */
final class Http2Exchange implements ClientExchange {
    private static final HttpFields NO_FIELDS = new HttpFields(0);

    private final Http2ServerConnection connection;
    private final Http2Stream stream;
    private final RequestHead head;
    private final long bodyLength;
    private final InputStream body;
    private final long bodyTimeoutNanos;
    /** client_body_min_rate for this stream's body, or null. */
    private final MinRate bodyRate;
    private boolean expectContinue;
    /** The client sent {@code te: trailers}: the backend's trailers are relayed; otherwise dropped. */
    private final boolean trailersWanted;
    private ResponseHead pending;
    private ResponseHead sentHead;
    private boolean headSent;
    private boolean ended;
    private long announcedLength = -1;
    private long written;
    private OutputStream responseBody;

    Http2Exchange(Http2ServerConnection connection, Http2Stream stream, RequestHead head, long bodyLength,
                  long maxBodyBytes, long bodyTimeoutNanos, MinRate bodyRate, boolean expectContinue, boolean trailersWanted) {
        this.bodyRate = bodyRate;
        this.trailersWanted = trailersWanted;
        this.connection = connection;
        this.stream = stream;
        this.head = head;
        this.bodyLength = bodyLength;
        this.bodyTimeoutNanos = bodyTimeoutNanos;
        this.expectContinue = expectContinue && bodyLength != 0;
        InputStream in = new BodyIn();
        this.body = maxBodyBytes > 0 && bodyLength < 0 ? new LimitedInputStream(in, maxBodyBytes) : in;
    }

    @Override
    public RequestHead head() {
        return head;
    }

    @Override
    public InputStream body() {
        return body;
    }

    @Override
    public long bodyLength() {
        return bodyLength;
    }

    @Override
    public HttpFields trailers() {
        return stream.trailers();
    }

    @Override
    public void informational(ResponseHead interim) throws IOException {
        if (headSent || pending != null || interim.status() == 100 && !expectContinue) {
            return;
        }
        if (interim.status() == 100) {
            expectContinue = false;
        }
        connection.out().headers(stream.id, interim.status(), interim.fields(), false);
    }

    @Override
    public OutputStream respond(ResponseHead response, long contentLength, boolean noBody) throws IOException {
        if (pending != null || headSent) {
            throw new IllegalStateException("response already started");
        }
        HttpFields f = response.fields();
        f.remove("Transfer-Encoding");
        if (contentLength >= 0) {
            f.set("Content-Length", ProxyHeaders.contentLength(f, contentLength));
        } else {
            f.remove("Content-Length");
        }
        pending = response;
        sentHead = response;
        written = 0;
        announcedLength = noBody ? 0 : contentLength;
        responseBody = noBody ? OutputStream.nullOutputStream() : new BodyOut();
        return responseBody;
    }

    @Override
    public void endResponse(HttpFields trailers) throws IOException {
        if (ended) {
            return;
        }
        boolean withTrailers = trailersWanted && trailers != null && !trailers.isEmpty();
        if (!headSent) {
            ResponseHead h = pending;
            headSent = true;
            connection.out().headers(stream.id, h.status(), h.fields(), !withTrailers);
        } else if (!withTrailers) {
            sendData(new byte[0], 0, 0, true);
        }
        if (withTrailers) {
            connection.out().trailers(stream.id, trailers);
        }
        ended = true;
        stream.finished();
    }

    @Override
    public boolean responseStarted() {
        return pending != null || headSent;
    }

    @Override
    public ResponseHead sentHead() {
        return sentHead;
    }

    @Override
    public Tunnel.End upgrade(ResponseHead switching) throws IOException {
        // Upgrade is connection-specific: an HTTP/2 request carrying it was refused as malformed.
        throw new IOException("no protocol upgrade over HTTP/2");
    }

    @Override
    public boolean retract() {
        if (headSent) {
            return false;
        }
        pending = null;
        sentHead = null;
        return true;
    }

    /**
     * Nothing to do: HTTP/1.1 closes after an answer it cannot trust the connection beyond (an
     * error mid-request, a module's Finish). An HTTP/2 stream ends on its own frames, and its
     * failure leaves the connection and the other streams in step (a module's Close verdict
     * resets the stream, as any IOException from the pipeline does).
     */
    @Override
    public void closeAfterResponse() {
    }

    @Override
    public void watchClient(Runnable onGone) {
        stream.watch(onGone);
    }

    @Override
    public boolean unwatchClient() {
        return stream.unwatch();
    }

    /** Whether the response was sent to its end. */
    boolean ended() {
        return ended;
    }

    /**
     * Sends body bytes as DATA within the client's windows, the response head first if it is
     * still waiting; the last bytes of an announced length end the stream.
     */
    private void sendData(byte[] b, int off, int len, boolean end) throws IOException {
        do {
            int n = len == 0 ? 0 : connection.acquire(stream, len);
            boolean last = end && n == len;
            HttpFields fields = null;
            int status = 0;
            if (!headSent) {
                fields = pending.fields();
                status = pending.status();
                headSent = true;
            }
            connection.out().data(stream.id, status, fields, b, off, n, last);
            off += n;
            len -= n;
        } while (len > 0);
    }

    /** The response body: DATA frames, the last one ending the stream once an announced length is complete. */
    private final class BodyOut extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return;
            }
            if (ended) {
                throw new IOException("response on stream " + stream.id + " already ended");
            }
            if (announcedLength >= 0 && written + len > announcedLength) {
                throw new IOException("response body past its content-length " + announcedLength);
            }
            written += len;
            boolean complete = announcedLength >= 0 && written == announcedLength;
            sendData(b, off, len, complete);
            if (complete) {
                ended = true;
                stream.finished();
            }
        }

        @Override
        public void flush() throws IOException {
            if (!headSent && pending != null && !ended) {
                headSent = true;
                connection.out().headers(stream.id, pending.status(), pending.fields(), false);
            }
        }
    }

    /** The request body from the stream's DATA; the first read sends 100 Continue when the client waits for it. */
    private final class BodyIn extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            if (expectContinue) {
                expectContinue = false;
                if (!stream.remoteEnded()) {
                    connection.out().headers(stream.id, 100, NO_FIELDS, false);
                }
            }
            return stream.read(b, off, len, bodyTimeoutNanos, bodyRate, connection::credit);
        }
    }
}
