package io.portico.server.http1;

import io.portico.http.HttpFields;
import io.portico.http.HttpVersion;
import io.portico.http.ProxyHeaders;
import io.portico.http.RequestHead;
import io.portico.http.ResponseHead;
import io.portico.http1.ChunkedInputStream;
import io.portico.http1.ChunkedOutputStream;
import io.portico.http1.Http1HeadWriter;
import io.portico.io.ByteBuf;
import io.portico.server.io.SocketIo;
import io.portico.server.proxy.ClientExchange;
import io.portico.server.proxy.Tunnel;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/** One request on an HTTP/1.1 connection. Runs on the connection's thread. */
final class Http1Exchange implements ClientExchange {
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final SocketIo io;
    private final RequestHead head;
    private final InputStream rawBody;
    private final long bodyLength;
    private final ByteBuf headBuf;
    private final InputStream body;
    private final java.util.function.BooleanSupplier draining;
    private boolean expectContinue;
    private boolean keepAlive;
    private boolean started;
    private boolean ended;
    private boolean bodyEnded;
    private OutputStream responseBody;
    private ChunkedOutputStream chunked;
    private long announcedLength = -1;
    private ResponseHead sentHead;
    private long sentMark = -1;
    private long written;

    Http1Exchange(SocketIo io, RequestHead head, InputStream rawBody, long bodyLength, boolean expectContinue,
                  boolean keepAlive, ByteBuf headBuf, java.util.function.BooleanSupplier draining) {
        this.io = io;
        this.head = head;
        this.rawBody = rawBody;
        this.bodyLength = bodyLength;
        this.expectContinue = expectContinue && bodyLength != 0;
        this.keepAlive = keepAlive;
        this.headBuf = headBuf;
        this.body = new BodyView();
        this.draining = draining;
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
        if (bodyEnded && rawBody instanceof ChunkedInputStream c) {
            return c.trailers();
        }
        return new HttpFields(0);
    }

    @Override
    public void informational(ResponseHead interim) throws IOException {
        if (started || head.version() == HttpVersion.HTTP_1_0 || interim.status() == 100 && !expectContinue) {
            return;
        }
        if (interim.status() == 100) {
            expectContinue = false;
        }
        headBuf.reset();
        Http1HeadWriter.writeResponse(interim.withVersion(HttpVersion.HTTP_1_1), headBuf);
        headBuf.writeTo(io.out());
        io.flush();
    }

    @Override
    public OutputStream respond(ResponseHead response, long contentLength, boolean noBody) throws IOException {
        if (started) {
            throw new IllegalStateException("response already started");
        }
        started = true;
        HttpFields f = response.fields();
        f.remove("Transfer-Encoding");
        if (contentLength >= 0) {
            f.set("Content-Length", ProxyHeaders.contentLength(f, contentLength));
        } else {
            f.remove("Content-Length");
        }
        if (noBody) {
            responseBody = OutputStream.nullOutputStream();
        } else if (contentLength >= 0) {
            announcedLength = contentLength;
            responseBody = new CountingOut();
        } else if (head.version() == HttpVersion.HTTP_1_1) {
            f.add("Transfer-Encoding", "chunked");
            chunked = new ChunkedOutputStream(io.out());
            responseBody = chunked;
        } else {
            keepAlive = false;
            responseBody = new CountingOut();
        }
        if (expectContinue && !bodyEnded) {
            // The client waits for 100 before sending a body we never asked for: the connection
            // cannot carry another request after this answer.
            keepAlive = false;
        }
        if (draining.getAsBoolean()) {
            keepAlive = false;
        }
        if (!keepAlive) {
            f.set("Connection", "close");
        } else if (head.version() == HttpVersion.HTTP_1_0) {
            f.set("Connection", "keep-alive");
        }
        headBuf.reset();
        sentMark = io.sent();
        sentHead = new ResponseHead(HttpVersion.HTTP_1_1, response.status(), response.reason(), f);
        Http1HeadWriter.writeResponse(sentHead, headBuf);
        headBuf.writeTo(io.out());
        return responseBody;
    }

    @Override
    public void endResponse(HttpFields trailers) throws IOException {
        if (ended) {
            return;
        }
        ended = true;
        if (chunked != null) {
            chunked.finish(trailers == null ? new HttpFields(0) : trailers);
        } else if (announcedLength >= 0 && written != announcedLength) {
            keepAlive = false;
            io.flush();
            throw new IOException("response body was " + written + " bytes, announced " + announcedLength);
        }
        io.flush();
    }

    @Override
    public Tunnel.End upgrade(ResponseHead switching) throws IOException {
        if (started) {
            throw new IllegalStateException("response already started");
        }
        started = true;
        ended = true;
        keepAlive = false;
        sentHead = new ResponseHead(HttpVersion.HTTP_1_1, 101, switching.reason(), switching.fields());
        headBuf.reset();
        Http1HeadWriter.writeResponse(sentHead, headBuf);
        headBuf.writeTo(io.out());
        io.flush();
        return new Tunnel.End(io.reader().asInputStream(), io.out(), io::shutdownOutput);
    }

    @Override
    public boolean retract() {
        if (!started || ended || sentMark < 0 || !io.discardUnsentSince(sentMark)) {
            return false;
        }
        started = false;
        sentHead = null;
        chunked = null;
        responseBody = null;
        announcedLength = -1;
        written = 0;
        return true;
    }

    @Override
    public ResponseHead sentHead() {
        return sentHead;
    }

    @Override
    public boolean responseStarted() {
        return started;
    }

    @Override
    public void watchClient(Runnable onGone) {
        io.watchPeer(onGone);
    }

    @Override
    public boolean unwatchClient() {
        return io.unwatchPeer();
    }

    @Override
    public void closeAfterResponse() {
        keepAlive = false;
    }

    boolean keepAlive() {
        return keepAlive && ended;
    }

    boolean bodyEnded() {
        return bodyEnded || bodyLength == 0;
    }

    /** Whether the client may still send the body it announced (it waits for 100 Continue we never sent). */
    boolean bodyWithheld() {
        return expectContinue && !bodyEnded;
    }

    InputStream rawBody() {
        return rawBody;
    }

    /** The request body as the pipeline sees it: sends 100 Continue before the first read. */
    private final class BodyView extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (bodyEnded) {
                return -1;
            }
            if (expectContinue) {
                expectContinue = false;
                if (!started) {
                    io.out().write(CONTINUE);
                    io.flush();
                }
            }
            int n = rawBody.read(b, off, len);
            if (n < 0) {
                bodyEnded = true;
            }
            return n;
        }
    }

    /** Counts body bytes so a short or long backend body is caught. */
    private final class CountingOut extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            written++;
            io.out().write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            written += len;
            if (announcedLength >= 0 && written > announcedLength) {
                throw new IOException("response body longer than announced " + announcedLength);
            }
            io.out().write(b, off, len);
        }

        @Override
        public void flush() throws IOException {
            io.flush();
        }
    }
}
