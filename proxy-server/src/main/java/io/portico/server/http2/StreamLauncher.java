package io.portico.server.http2;

import io.portico.http.HttpFields;
import io.portico.http.HttpVersion;
import io.portico.http.RequestHead;
import io.portico.http2.ErrorCode;
import io.portico.http2.HeadersFrame;
import io.portico.http2.Http2Exception;
import io.portico.http2.RequestFields;
import io.portico.http2.SendFlow;
import io.portico.http2.hpack.DecodeResult;
import io.portico.server.connection.ConnectionInfo;
import io.portico.server.io.Runners;
import io.portico.server.metrics.ServerMetrics;
import io.portico.server.proxy.ProxyAnswer;
import io.portico.server.proxy.RequestPipeline;
import io.portico.server.snapshot.ServerSettings;
import io.portico.server.snapshot.Snapshot;
import java.io.IOException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a decoded request header block into a running stream: the stream and its exchange, then
 * the request pipeline on a virtual thread of its own (one of {@link Runners}: a parked thread
 * by an unpark where one waits), inside the stream's exception barrier. A failing stream is
 * reset; the connection and its other streams go on. Called on the connection thread.
 */
final class StreamLauncher {
    private static final Logger LOG = LoggerFactory.getLogger(StreamLauncher.class);

    private final Http2ServerConnection connection;
    private final Streams streams;
    private final SendFlow flow;
    private final Supplier<Snapshot> snapshots;
    private final RequestPipeline pipeline;
    private final ServerMetrics metrics;
    private final ConnectionInfo info;
    private final int receiveWindow;

    StreamLauncher(Http2ServerConnection connection, Streams streams, SendFlow flow, Supplier<Snapshot> snapshots,
                   RequestPipeline pipeline, ServerMetrics metrics, ConnectionInfo info, int receiveWindow) {
        this.connection = connection;
        this.streams = streams;
        this.flow = flow;
        this.snapshots = snapshots;
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.info = info;
        this.receiveWindow = receiveWindow;
    }

    /**
     * Opens stream {@code h.streamId()} for the block HPACK decoded into {@code fields}: a
     * request list over max_header_list_size is answered 431, a declared body over
     * max_body_bytes 413, anything else goes to the pipeline.
     *
     * @param sendWindow the client's SETTINGS_INITIAL_WINDOW_SIZE
     * @return the settings the stream runs under
     * @throws io.portico.http2.StreamException PROTOCOL_ERROR for a malformed request
     */
    ServerSettings launch(HeadersFrame h, DecodeResult result, RequestFields fields, int sendWindow) {
        int id = h.streamId();
        Snapshot snapshot = snapshots.get();
        ServerSettings settings = snapshot.settings();
        int answer = 0;
        RequestHead head;
        switch (result) {
            case DecodeResult.Malformed m -> throw Http2Exception.stream(ErrorCode.PROTOCOL_ERROR, id, m.reason());
            case DecodeResult.TooLarge t -> {
                answer = 431;
                metrics.error(ServerMetrics.ErrorKind.HEADER_TOO_LARGE);
                head = new RequestHead("GET", "https", "", "/", HttpVersion.HTTP_2, new HttpFields(0));
            }
            case DecodeResult.Complete c -> head = fields.head(id);
        }
        long declared = answer == 0 ? fields.contentLength() : -1;
        Http2Stream stream = new Http2Stream(id, flow.open(id, sendWindow), receiveWindow, declared, h.endStream());
        if (answer == 0 && settings.maxBodyBytes() > 0 && declared > settings.maxBodyBytes()) {
            answer = 413;
            metrics.error(ServerMetrics.ErrorKind.BODY_TOO_LARGE);
        }
        streams.add(stream);
        info.requestStarted();
        metrics.requests.increment();
        long bodyLength = declared >= 0 ? declared : h.endStream() ? 0 : -1;
        boolean expectContinue = "100-continue".equalsIgnoreCase(head.fields().firstOrNull("expect"));
        // Trailers go to a client that said it takes them (gRPC's te: trailers), as RFC 9110 §6.5.1 advises.
        boolean trailersWanted = "trailers".equals(head.fields().firstOrNull("te"));
        Http2Exchange exchange = new Http2Exchange(connection, stream, head, bodyLength, settings.maxBodyBytes(),
                settings.bodyTimeoutMillis() * 1_000_000L, bodyLength == 0 ? null : settings.bodyRate(), expectContinue,
                trailersWanted);
        int preset = answer;
        Runners.shared().run(info.threadName() + "-s" + id, () -> run(stream, exchange, snapshot, preset));
        return settings;
    }

    /** A stream's life on its own thread, inside its exception barrier. */
    private void run(Http2Stream stream, Http2Exchange exchange, Snapshot snapshot, int answer) {
        try {
            if (answer != 0) {
                metrics.response(answer);
                exchange.answer(ProxyAnswer.of(answer));
            } else {
                pipeline.handle(exchange, info, snapshot);
            }
            if (!exchange.ended() && !stream.isReset()) {
                streams.resetQuietly(stream, ErrorCode.INTERNAL_ERROR);
            }
        } catch (IOException e) {
            LOG.debug("{} stream {}: {}", info.threadName(), stream.id, e.toString());
            if (!exchange.ended() && !stream.isReset()) {
                streams.resetQuietly(stream, ErrorCode.CANCEL);
            }
        } catch (RuntimeException | Error e) {
            metrics.error(ServerMetrics.ErrorKind.CONNECTION_BARRIER);
            LOG.warn("{} stream {}: stream failed: {}", info.threadName(), stream.id, e.toString());
            LOG.debug("stack of the failure above", e);
            if (!exchange.ended() && !stream.isReset()) {
                streams.resetQuietly(stream, ErrorCode.INTERNAL_ERROR);
            }
        } finally {
            streams.done(stream);
        }
    }
}
