package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.http2.ContinuationFrame;
import io.portico.http2.DataFrame;
import io.portico.http2.ErrorCode;
import io.portico.http2.Frame;
import io.portico.http2.GoAwayFrame;
import io.portico.http2.HeadersFrame;
import io.portico.http2.PingFrame;
import io.portico.http2.Priority;
import io.portico.http2.PriorityFrame;
import io.portico.http2.RstStreamFrame;
import io.portico.http2.SettingsFrame;
import io.portico.server.http2.H2Client;
import io.portico.server.http2.RawHpack;
import io.portico.server.metrics.ServerMetrics;
import io.portico.server.metrics.ServerMetrics.Http2Flood;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The known HTTP/2 attacks, each bounded to a few thousand frames: the server must end the
 * connection with GOAWAY ENHANCE_YOUR_CALM (or at least close it) within a few seconds, and a
 * well-behaved connection must still be served afterwards.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestProxy.Transport.class)
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Http2FloodTest {
    /** Frames per flood: well past any sane per-connection budget, small enough for a test. */
    private static final int FLOOD = 3_000;
    /** Streams opened and reset at once by the rapid-reset client (two frames each). */
    private static final int RAPID_RESETS = 2_000;
    /** The most the server may take to notice, once the flood is sent. */
    private static final long NOTICE_MILLIS = 5_000;

    @Parameter
    TestProxy.Transport transport;

    private TestBackend backend;
    private TestProxy proxy;
    private final List<H2Client> clients = new ArrayList<>();

    @AfterEach
    void stop() throws Exception {
        for (H2Client c : clients) {
            c.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private H2Client start() throws IOException {
        backend = TestBackend.start((req, s, out) -> TestBackend.ok(out, req.requestLine()));
        proxy = TestProxy.start(transport, TestProxy.oneCluster("", backend));
        H2Client c = connect();
        c.serverSettings();
        return c;
    }

    private H2Client connect() throws IOException {
        H2Client c = H2Connections.open(proxy);
        clients.add(c);
        return c;
    }

    /**
     * Sends the flood in writes of about 64 KiB, stopping when the server has had enough (a write
     * fails once it closed); then the server must have said ENHANCE_YOUR_CALM, or closed, in time;
     * and a new connection is served.
     */
    /** Sends the flood; {@code kinds}: what the proxy may count it as in portico_http2_abuse_total. */
    private void floodAndExpectCalm(H2Client c, int frames, IntFunction<List<Frame>> frame, Http2Flood... kinds)
            throws Exception {
        long started = System.nanoTime();
        List<Frame> batch = new ArrayList<>();
        try {
            for (int i = 0; i < frames && !c.closed(); i++) {
                batch.addAll(frame.apply(i));
                if (batch.size() >= 256 || i == frames - 1) {
                    c.send(batch);
                    batch.clear();
                }
            }
        } catch (IOException e) {
            // the server closed the connection in the middle of the flood: what it sent before is still read
        }
        Optional<GoAwayFrame> goAway = c.goAwayOrClose();
        goAway.ifPresent(g -> assertThat(g.code()).as("%s%s", g, c.describe()).isEqualTo(ErrorCode.ENHANCE_YOUR_CALM));
        c.awaitClosed();
        ServerMetrics m = proxy.server().metrics();
        Wait.until(() -> m.http2GoAways(ErrorCode.ENHANCE_YOUR_CALM.value()) == 1
                && java.util.Arrays.stream(kinds).mapToLong(m::http2Floods).sum() >= 1, "the flood counted, as one of "
                + java.util.Arrays.toString(kinds));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        assertThat(millis).as("time from the flood's start to the end of the connection").isLessThan(NOTICE_MILLIS);
        H2Client next = connect();
        int id = next.get("/next");
        assertThat(next.response(id).bodyText()).isEqualTo("GET /next HTTP/1.1");
        assertThat(next.violations()).isEmpty();
    }

    @Test
    void rapidResetIsStopped() throws Exception {
        H2Client c = start();
        floodAndExpectCalm(c, RAPID_RESETS, i -> {
            int id = c.nextStreamId();
            return List.of(new HeadersFrame(id, true, true, c.block(c.fields("GET", "/rr/" + i))),
                    new RstStreamFrame(id, ErrorCode.CANCEL));
        }, Http2Flood.RAPID_RESET, Http2Flood.REFUSED_STREAM);
    }

    @Test
    void endlessContinuationFramesAreStopped() throws Exception {
        H2Client c = start();
        int id = c.nextStreamId();
        c.send(new HeadersFrame(id, true, false, c.block(c.fields("GET", "/cont"))));
        floodAndExpectCalm(c, FLOOD, i -> List.of(new ContinuationFrame(id, false, new byte[0])), Http2Flood.CONTINUATION);
    }

    @Test
    void aHeaderBlockGrowingPastAnyBoundInContinuationFramesIsStopped() throws Exception {
        H2Client c = start();
        int id = c.nextStreamId();
        c.send(new HeadersFrame(id, true, false, c.block(c.fields("GET", "/big-block"))));
        byte[] field = RawHpack.literal("x-pad", "p".repeat(1000));
        byte[][] sixteen = new byte[16][];
        java.util.Arrays.fill(sixteen, field);
        byte[] fragment = RawHpack.concat(sixteen); // 16 KiB of well-formed fields per frame: 16 MiB at most
        floodAndExpectCalm(c, 1_000, i -> List.of(new ContinuationFrame(id, false, fragment)), Http2Flood.CONTINUATION);
    }

    @Test
    void aSettingsFloodIsStopped() throws Exception {
        H2Client c = start();
        floodAndExpectCalm(c, FLOOD, i -> List.of(new SettingsFrame(false, List.of())), Http2Flood.SETTINGS);
    }

    @Test
    void aPingFloodIsStopped() throws Exception {
        H2Client c = start();
        floodAndExpectCalm(c, FLOOD, i -> List.of(new PingFrame(false, i)), Http2Flood.PING);
    }

    @Test
    void aPriorityFloodIsStopped() throws Exception {
        H2Client c = start();
        floodAndExpectCalm(c, FLOOD, i -> List.of(new PriorityFrame(2 * i + 1, new Priority(0, false, 16))), Http2Flood.PRIORITY);
    }

    @Test
    void anEmptyDataFloodIsStopped() throws Exception {
        H2Client c = start();
        int id = c.nextStreamId();
        c.headers(id, c.fields("POST", "/empty-data"), false);
        floodAndExpectCalm(c, FLOOD, i -> List.of(new DataFrame(id, false, new byte[0])), Http2Flood.EMPTY_FRAMES);
    }
}
