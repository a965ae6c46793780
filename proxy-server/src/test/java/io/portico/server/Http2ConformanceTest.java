package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.http2.DataFrame;
import io.portico.http2.ErrorCode;
import io.portico.http2.FrameType;
import io.portico.http2.GoAwayFrame;
import io.portico.http2.HeadersFrame;
import io.portico.http2.Preface;
import io.portico.http2.Priority;
import io.portico.http2.PriorityFrame;
import io.portico.http2.PushPromiseFrame;
import io.portico.http2.RstStreamFrame;
import io.portico.http2.Settings;
import io.portico.http2.SettingsFrame;
import io.portico.http2.WindowUpdateFrame;
import io.portico.server.http2.H2Client;
import io.portico.server.http2.H2Client.Field;
import io.portico.server.http2.H2Client.Response;
import io.portico.server.http2.RawHpack;
import io.portico.server.metrics.ServerMetrics;
import io.portico.testing.Ports;
import io.portico.testing.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The HTTP/2 server against RFC 9113 and RFC 7541, frame by frame, with {@link H2Client}: h2c by
 * prior knowledge on an http listener and h2 by ALPN on an https one. Each rule has its test;
 * where the rule ends a stream, the test also checks that the connection goes on. After each test,
 * every client must have seen the server keep its own side of the protocol ({@link H2Client#violations()}).
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestProxy.Transport.class)
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Http2ConformanceTest {
    @Parameter
    TestProxy.Transport transport;

    private TestBackend backend;
    private TestProxy proxy;
    private final List<H2Client> clients = new ArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        for (H2Client c : clients) {
            c.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (backend != null) {
            backend.close();
        }
        for (H2Client c : clients) {
            assertThat(c.violations()).as("what the server did against RFC 9113").isEmpty();
        }
    }

    /** A backend answering 200 with the request line, except /hold (answered once the test releases it). */
    private void start(String config) throws IOException {
        start(config, (req, s, out) -> {
            if (req.requestLine().contains("/hold")) {
                await(release);
            }
            TestBackend.ok(out, req.requestLine());
        });
    }

    private void start(String config, TestBackend.Responder responder) throws IOException {
        backend = TestBackend.start(responder);
        proxy = TestProxy.start(transport, config + TestProxy.oneCluster("", backend));
    }

    private H2Client connect(SettingsFrame.Setting... settings) throws IOException {
        H2Client c = H2Connections.open(proxy, settings);
        clients.add(c);
        return c;
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The connection still serves a request after what the test did. */
    private static void goesOn(H2Client c) throws IOException {
        c.ping(0x60e5);
        assertThat(c.frames()).as("frames so far").noneMatch(f -> f instanceof GoAwayFrame);
        int id = c.get("/after");
        Response r = c.response(id);
        assertThat(r.status()).as("a request after it on the same connection: %s%s", r, c.describe()).isEqualTo(200);
        assertThat(r.bodyText()).isEqualTo("GET /after HTTP/1.1");
    }

    /** The server ended the connection with GOAWAY {@code code}, then closed it. */
    private static void connectionError(H2Client c, ErrorCode code) {
        GoAwayFrame g = c.goAway();
        assertThat(g.code()).as("%s%s", g, c.describe()).isEqualTo(code);
        c.awaitClosed();
    }

    private static Map<Integer, Long> values(SettingsFrame s) {
        Map<Integer, Long> m = new HashMap<>();
        s.settings().forEach(x -> m.put(x.id(), x.value()));
        return m;
    }

    // ---- the connection's start: SETTINGS, acknowledgements, PING

    @Test
    void theServersFirstFrameIsSettingsWithTheDefaultLimitsThenTheConnectionWindowIsRaised() throws Exception {
        start("");
        H2Client c = connect();
        SettingsFrame s = c.serverSettings();
        assertThat(c.frames().get(0)).isSameAs(s);
        assertThat(values(s)).containsEntry(Settings.MAX_CONCURRENT_STREAMS, 100L)
                .containsEntry(Settings.INITIAL_WINDOW_SIZE, 1024L * 1024)
                .containsEntry(Settings.MAX_HEADER_LIST_SIZE, 64L * 1024)
                .containsEntry(Settings.ENABLE_PUSH, 0L);
        WindowUpdateFrame w = c.await(WindowUpdateFrame.class, f -> f.streamId() == 0);
        assertThat(w.increment()).as("16 MiB less the initial 65,535").isEqualTo(16 * 1024 * 1024 - 65_535);
        goesOn(c);
    }

    @Test
    void theConfiguredHttp2KeysAreWhatTheServerAnnounces() throws Exception {
        start("""
                [server.http2]
                max_concurrent_streams = 7
                initial_window = "256KiB"
                connection_window = "4MiB"
                max_header_list_size = "16KiB"
                """);
        H2Client c = connect();
        assertThat(values(c.serverSettings())).containsEntry(Settings.MAX_CONCURRENT_STREAMS, 7L)
                .containsEntry(Settings.INITIAL_WINDOW_SIZE, 256L * 1024)
                .containsEntry(Settings.MAX_HEADER_LIST_SIZE, 16L * 1024);
        assertThat(c.await(WindowUpdateFrame.class, f -> f.streamId() == 0).increment()).isEqualTo(4 * 1024 * 1024 - 65_535);
        goesOn(c);
    }

    @Test
    void everySettingsFrameOfTheClientIsAcknowledged() throws Exception {
        start("");
        H2Client c = connect();
        c.await(SettingsFrame.class, SettingsFrame::ack);
        c.send(new SettingsFrame(false, List.of(new SettingsFrame.Setting(Settings.MAX_HEADER_LIST_SIZE, 100_000))));
        c.send(new SettingsFrame(false, List.of()));
        Wait.untilEquals(c::settingsAcks, 3, "three SETTINGS acknowledgements");
        goesOn(c);
    }

    @Test
    void aPingIsAnsweredWithAnAckCarryingTheSamePayload() throws Exception {
        start("");
        H2Client c = connect();
        c.ping(0x0123_4567_89ab_cdefL);
        c.ping(-1L);
        goesOn(c);
    }

    @Test
    void unknownFrameTypesAndUnknownSettingsAreIgnored() throws Exception {
        start("");
        H2Client c = connect();
        c.sendRaw(H2Client.frame(0xfa, 0xff, 0, new byte[8]));
        c.send(new SettingsFrame(false, List.of(new SettingsFrame.Setting(0x99, 5), new SettingsFrame.Setting(0xfff0, 1))));
        int id = c.request(c.fields("POST", "/u"), null);
        c.response(id);
        goesOn(c);
        c.ping(7);
        assertThat(c.frames()).noneMatch(f -> f instanceof GoAwayFrame);
    }

    @Test
    void priorityOnAnIdleStreamIsAllowed() throws Exception {
        start("");
        H2Client c = connect();
        c.send(new PriorityFrame(9, new Priority(0, false, 16)), new PriorityFrame(11, new Priority(9, true, 200)));
        c.ping(1);
        assertThat(c.frames()).noneMatch(f -> f instanceof GoAwayFrame);
        c.headers(13, c.fields("GET", "/after"), true); // above the idle ids, whatever a server makes of PRIORITY on them
        assertThat(c.response(13).bodyText()).isEqualTo("GET /after HTTP/1.1");
    }

    // ---- requests and responses through the pipeline

    @Test
    void aRequestReachesTheBackendAsHttp11WithHostJoinedCookiesAndForwardedProto() throws Exception {
        start("", (req, s, out) -> TestBackend.ok(out, "hello"));
        H2Client c = connect();
        int id = c.request(c.fields("GET", "/a/b?c=1", "cookie", "a=1", "accept", "text/plain", "cookie", "b=2",
                "x-custom", "v"), null);
        Response r = c.response(id);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.header("content-type")).isEqualTo("text/plain");
        assertThat(r.bodyText()).isEqualTo("hello");
        TestBackend.Received got = backend.last();
        assertThat(got.requestLine()).isEqualTo("GET /a/b?c=1 HTTP/1.1");
        assertThat(got.headers("Host")).containsExactly("example.com");
        assertThat(got.headers("Cookie")).containsExactly("a=1; b=2");
        assertThat(got.header("Accept")).isEqualTo("text/plain");
        assertThat(got.header("X-Custom")).isEqualTo("v");
        assertThat(got.header("X-Forwarded-Proto")).isEqualTo(transport.scheme());
    }

    @Test
    void fiftyConcurrentStreamsOnOneConnectionEachGetTheirOwnBody() throws Exception {
        start("");
        H2Client c = connect();
        int[] ids = new int[50];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = c.get("/s/" + i);
        }
        for (int i = ids.length - 1; i >= 0; i--) {
            Response r = c.response(ids[i]);
            assertThat(r.status()).as("%s", r).isEqualTo(200);
            assertThat(r.bodyText()).isEqualTo("GET /s/" + i + " HTTP/1.1");
        }
        assertThat(backend.received()).hasSize(50);
    }

    @Test
    void aTenMebibyteRequestBodyPassesFlowControlWithTheDefaultWindows() throws Exception {
        start("", (req, s, out) -> TestBackend.ok(out, req.body().length + " " + Sha256.hex(req.body())));
        H2Client c = connect();
        byte[] body = new byte[10 * 1024 * 1024];
        LargeBodyTest.fill(body, 0, body.length);
        int id = c.request(c.fields("POST", "/up", "content-type", "application/octet-stream"), body);
        Response r = c.response(id);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.bodyText()).isEqualTo(body.length + " " + Sha256.hex(body));
    }

    @Test
    void aTenMebibyteResponseBodyPassesFlowControlWithTheDefaultWindows() throws Exception {
        int size = 10 * 1024 * 1024;
        start("", (req, s, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            LargeBodyTest.writePattern(out, size);
        });
        H2Client c = connect();
        Response r = c.response(c.get("/down"));
        assertThat(r.status()).isEqualTo(200);
        byte[] expected = new byte[size];
        LargeBodyTest.fill(expected, 0, size);
        assertThat(r.body().length).isEqualTo(size);
        assertThat(Sha256.hex(r.body())).isEqualTo(Sha256.hex(expected));
    }

    @Test
    void trailersFromTheBackendReachAClientThatSentTeTrailers() throws Exception {
        start("", (req, s, out) -> out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n"
                + "5\r\nfirst\r\n6\r\nsecond\r\n0\r\nX-Sum: 11\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
        H2Client c = connect();
        Response r = c.response(c.get("/t", "te", "trailers"));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.bodyText()).isEqualTo("firstsecond");
        assertThat(r.trailers()).containsExactly(new Field("x-sum", "11"));
    }

    @Test
    void trailersAreNotSentToAClientThatDidNotAskForThem() throws Exception {
        start("", (req, s, out) -> out.write(("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nTrailer: X-Sum\r\n\r\n"
                + "5\r\nfirst\r\n6\r\nsecond\r\n0\r\nX-Sum: 11\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
        H2Client c = connect();
        Response r = c.response(c.get("/t"));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.bodyText()).isEqualTo("firstsecond");
        assertThat(r.trailers()).isEmpty();
    }

    @Test
    void connectionSpecificResponseFieldsAreDroppedAndSetCookiesStayApart() throws Exception {
        start("", (req, s, out) -> out.write(("HTTP/1.1 200 OK\r\nConnection: keep-alive, X-Hop\r\nKeep-Alive: timeout=5\r\n"
                + "X-Hop: 1\r\nProxy-Connection: keep-alive\r\nSet-Cookie: a=1; Path=/\r\nSet-Cookie: b=2\r\nX-Kept: yes\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
        H2Client c = connect();
        Response r = c.response(c.get("/hop"));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.bodyText()).isEqualTo("ok");
        assertThat(r.headers()).extracting(Field::name)
                .doesNotContain("connection", "keep-alive", "proxy-connection", "transfer-encoding", "x-hop");
        assertThat(r.headers()).contains(new Field("set-cookie", "a=1; Path=/"), new Field("set-cookie", "b=2"),
                new Field("x-kept", "yes"));
    }

    @Test
    void aHeaderBlockSpreadOverContinuationFramesIsServed() throws Exception {
        start("", (req, s, out) -> TestBackend.ok(out, req.header("X-Long-1").length() + " " + req.header("X-Long-2").length()));
        H2Client c = connect();
        // random letters: Huffman cannot shrink them below a frame, so the block takes HEADERS and CONTINUATION
        java.util.Random random = new java.util.Random(1);
        String one = random.ints(20_000, 'a', 'z' + 1).collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        String two = one.toUpperCase();
        int id = c.nextStreamId();
        byte[] block = c.block(c.fields("GET", "/long", "x-long-1", one, "x-long-2", two));
        assertThat(block.length).isGreaterThan(16_384);
        c.headerBlock(id, block, true);
        Response r = c.response(id);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.bodyText()).isEqualTo("20000 20000");
        assertThat(backend.last().header("X-Long-1")).isEqualTo(one);
    }

    @Test
    void requestTrailersReachTheBackend() throws Exception {
        start("", (req, s, out) -> TestBackend.ok(out, req.bodyText() + "|" + req.trailers()));
        H2Client c = connect();
        int id = c.nextStreamId();
        c.headers(id, c.fields("POST", "/t", "content-type", "text/plain"), false);
        c.data(id, "abc".getBytes(StandardCharsets.US_ASCII), false);
        c.headers(id, List.of(new Field("x-checksum", "42")), true);
        Response r = c.response(id);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(backend.last().bodyText()).isEqualTo("abc");
        assertThat(backend.last().trailers().toLowerCase()).isEqualTo("x-checksum: 42\n");
    }

    @Test
    void headGetsTheHeadersAndNoBody() throws Exception {
        start("", (req, s, out) -> out.write("HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        H2Client c = connect();
        Response r = c.response(c.request(c.fields("HEAD", "/h"), null));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.header("content-length")).isEqualTo("1234");
        assertThat(r.body()).isEmpty();
        assertThat(backend.last().requestLine()).isEqualTo("HEAD /h HTTP/1.1");
    }

    @Test
    void expectContinueGetsA100HeaderBlockBeforeTheFinalResponse() throws Exception {
        start("", (req, s, out) -> TestBackend.ok(out, req.body().length + " " + req.bodyText()));
        H2Client c = connect();
        int id = c.nextStreamId();
        c.headers(id, c.fields("POST", "/c", "content-length", "5", "expect", "100-continue"), false);
        assertThat(c.informational(id)).containsExactly(new Field(":status", "100"));
        c.data(id, "hello".getBytes(StandardCharsets.US_ASCII), true);
        Response r = c.response(id);
        assertThat(r.informational()).hasSize(1);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.bodyText()).isEqualTo("5 hello");
    }

    @ParameterizedTest
    @ValueSource(strings = {"204 No Content", "304 Not Modified"})
    void aResponseWithoutContentHasNoDataFrames(String status) throws Exception {
        start("", (req, s, out) -> out.write(("HTTP/1.1 " + status + "\r\nETag: \"x\"\r\n\r\n").getBytes(StandardCharsets.US_ASCII)));
        H2Client c = connect();
        Response r = c.response(c.get("/n"));
        assertThat(r.status()).as("%s", r).isEqualTo(Integer.parseInt(status.substring(0, 3)));
        assertThat(r.dataFrames()).as("%s", r).isZero();
        assertThat(c.response(c.get("/again")).status()).isEqualTo(Integer.parseInt(status.substring(0, 3)));
    }

    @Test
    void noMatchingRouteGetsTheProxysOwn404() throws Exception {
        backend = TestBackend.answering("x");
        proxy = TestProxy.start(transport, """
                [server]
                default_product = "www"
                [[product.www.route]]
                condition = 'req_path_prefix_in("/api/", false)'
                cluster = "web"
                [[cluster.web.subcluster.dc1.instance]]
                address = "%s"
                """.formatted(backend.address()));
        H2Client c = connect();
        Response r = c.response(c.get("/other"));
        assertThat(r.status()).as("%s", r).isEqualTo(404);
        assertThat(r.bodyText()).isEqualTo("404 Not Found\n");
        assertThat(r.header("content-type")).isEqualTo("text/plain; charset=utf-8");
        assertThat(c.response(c.get("/api/x")).status()).isEqualTo(200);
        assertThat(backend.received()).hasSize(1);
    }

    @Test
    void aDeadBackendGetsTheProxysOwn502() throws Exception {
        proxy = TestProxy.start(transport, TestProxy.oneCluster("", () -> "127.0.0.1:" + Ports.deadPort()));
        H2Client c = connect();
        Response r = c.response(c.get("/"));
        assertThat(r.status()).as("%s", r).isEqualTo(502);
        assertThat(r.bodyText()).isEqualTo("502 Bad Gateway\n");
        assertThat(c.response(c.get("/again")).status()).isEqualTo(502);
    }

    @Test
    void aStreamTheClientCancelsEndsAloneAndTheConnectionGoesOn() throws Exception {
        start("");
        H2Client c = connect();
        int held = c.get("/hold");
        Wait.until(() -> backend.received().size() == 1, "the held request at the backend");
        c.send(new RstStreamFrame(held, ErrorCode.CANCEL));
        goesOn(c);
        assertThat(c.frames()).noneMatch(f -> f instanceof GoAwayFrame);
    }

    // ---- connection errors (RFC 9113 §5.4.1)

    @Test
    void aBadPrefaceEndsTheConnection() throws Exception {
        start("");
        byte[] bad = "PRI * HTTP/2.0\r\n\r\nXX\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        if (transport == TestProxy.Transport.PLAIN) {
            // on cleartext, bytes that are not the whole preface are HTTP/1.x for the HTTP/1 parser to refuse
            String answer = proxy.answerOrClosed(new String(bad, StandardCharsets.ISO_8859_1));
            assertThat(answer).satisfiesAnyOf(a -> assertThat(a).isEmpty(), a -> assertThat(a).startsWith("HTTP/1.1 4"),
                    a -> assertThat(a).startsWith("HTTP/1.1 505"));
            return;
        }
        try (H2Client c = H2Connections.withoutPreface(proxy)) { // no violation check: a GOAWAY alone is fair here
            c.sendRaw(bad);
            c.goAwayOrClose().ifPresent(g -> assertThat(g.code()).isEqualTo(ErrorCode.PROTOCOL_ERROR));
            c.awaitClosed();
        }
    }

    @Test
    void aPrefaceNotFollowedBySettingsEndsTheConnection() throws Exception {
        start("");
        try (H2Client c = H2Connections.withoutPreface(proxy)) {
            byte[] preface = Preface.bytes();
            byte[] ping = H2Client.frame(FrameType.PING, 0, 0, new byte[8]);
            c.sendRaw(ByteBuffer.allocate(preface.length + ping.length).put(preface).put(ping).array());
            c.goAwayOrClose().ifPresent(g -> assertThat(g.code()).isEqualTo(ErrorCode.PROTOCOL_ERROR));
            c.awaitClosed();
        }
    }

    @Test
    void aFrameOverTheMaximumFrameSizeIsAFrameSizeError() throws Exception {
        start("");
        H2Client c = connect();
        long max = values(c.serverSettings()).getOrDefault(Settings.MAX_FRAME_SIZE, 16_384L);
        int id = c.nextStreamId();
        c.headers(id, c.fields("POST", "/big-frame"), false);
        c.sendRaw(H2Client.frame(FrameType.DATA, 0, id, new byte[(int) max + 1]));
        connectionError(c, ErrorCode.FRAME_SIZE_ERROR);
    }

    @Test
    void anEvenStreamIdIsAProtocolError() throws Exception {
        start("");
        H2Client c = connect();
        c.headers(2, c.fields("GET", "/even"), true);
        connectionError(c, ErrorCode.PROTOCOL_ERROR);
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void aStreamIdBelowOneAlreadyUsedIsAProtocolError() throws Exception {
        start("");
        H2Client c = connect();
        c.headers(5, c.fields("GET", "/five"), true);
        assertThat(c.response(5).status()).isEqualTo(200);
        c.headers(3, c.fields("GET", "/three"), true);
        connectionError(c, ErrorCode.PROTOCOL_ERROR);
        assertThat(backend.received()).extracting(TestBackend.Received::requestLine).containsExactly("GET /five HTTP/1.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"DATA", "WINDOW_UPDATE", "RST_STREAM", "CONTINUATION"})
    void aFrameOtherThanHeadersOrPriorityOnAnIdleStreamIsAProtocolError(String type) throws Exception {
        start("");
        H2Client c = connect();
        c.serverSettings();
        switch (type) {
            case "DATA" -> c.send(new DataFrame(7, true, "x".getBytes(StandardCharsets.US_ASCII)));
            case "WINDOW_UPDATE" -> c.send(new WindowUpdateFrame(7, 1000));
            case "RST_STREAM" -> c.send(new RstStreamFrame(7, ErrorCode.CANCEL));
            default -> c.sendRaw(H2Client.frame(FrameType.CONTINUATION, FrameType.FLAG_END_HEADERS, 7, new byte[0]));
        }
        connectionError(c, ErrorCode.PROTOCOL_ERROR);
    }

    @Test
    void pushPromiseFromAClientIsAProtocolError() throws Exception {
        start("");
        H2Client c = connect();
        int id = c.nextStreamId();
        c.headers(id, c.fields("POST", "/hold"), false);
        c.send(new PushPromiseFrame(id, true, 2, new byte[0]));
        connectionError(c, ErrorCode.PROTOCOL_ERROR);
    }

    @ParameterizedTest
    @ValueSource(strings = {"index 0", "index past the tables", "string past the block", "table size update over the limit"})
    void aHeaderBlockThatIsNotValidHpackIsACompressionError(String what) throws Exception {
        start("");
        H2Client c = connect();
        byte[] block = switch (what) {
            case "index 0" -> new byte[] {(byte) 0x80};
            case "index past the tables" -> RawHpack.indexed(300);
            case "string past the block" -> new byte[] {0x00, 0x05, 'a', 'b'};
            default -> new byte[] {0x3f, (byte) 0xe1, (byte) 0xff, 0x03}; // size update to 65,536 > 4,096
        };
        c.headerBlock(c.nextStreamId(), block, true);
        connectionError(c, ErrorCode.COMPRESSION_ERROR);
    }

    @Test
    void tableSizeUpdatesAtTheStartOfABlockAreFollowed() throws Exception {
        start("");
        H2Client c = connect();
        String scheme = transport.scheme();
        // to 0 (the table empties), then back to 4,096 (as the client's encoder assumes), in raw literals
        byte[] toZero = RawHpack.concat(new byte[] {0x20}, RawHpack.literal(":method", "GET"), RawHpack.literal(":scheme", scheme),
                RawHpack.literal(":authority", "example.com"), RawHpack.literal(":path", "/zero"));
        byte[] back = RawHpack.concat(new byte[] {0x3f, (byte) 0xe1, 0x1f}, RawHpack.literal(":method", "GET"),
                RawHpack.literal(":scheme", scheme), RawHpack.literal(":authority", "example.com"), RawHpack.literal(":path", "/back"));
        int zero = c.nextStreamId();
        c.headerBlock(zero, toZero, true);
        assertThat(c.response(zero).bodyText()).isEqualTo("GET /zero HTTP/1.1");
        int again = c.nextStreamId();
        c.headerBlock(again, back, true);
        assertThat(c.response(again).bodyText()).isEqualTo("GET /back HTTP/1.1");
        goesOn(c);
        goesOn(c);
    }

    @Test
    void aConnectionWindowUpdatePast2To31Minus1IsAFlowControlError() throws Exception {
        start("");
        H2Client c = connect();
        c.serverSettings();
        c.send(new WindowUpdateFrame(0, Integer.MAX_VALUE));
        connectionError(c, ErrorCode.FLOW_CONTROL_ERROR);
    }

    static Stream<Arguments> badSettings() {
        return Stream.of(
                Arguments.of("ENABLE_PUSH 2", settings(Settings.ENABLE_PUSH, 2), ErrorCode.PROTOCOL_ERROR),
                Arguments.of("INITIAL_WINDOW_SIZE 2^31", settings(Settings.INITIAL_WINDOW_SIZE, 1L << 31), ErrorCode.FLOW_CONTROL_ERROR),
                Arguments.of("MAX_FRAME_SIZE 16383", settings(Settings.MAX_FRAME_SIZE, 16_383), ErrorCode.PROTOCOL_ERROR),
                Arguments.of("MAX_FRAME_SIZE 2^24", settings(Settings.MAX_FRAME_SIZE, 1L << 24), ErrorCode.PROTOCOL_ERROR),
                Arguments.of("SETTINGS of 5 bytes", H2Client.frame(FrameType.SETTINGS, 0, 0, new byte[5]), ErrorCode.FRAME_SIZE_ERROR),
                Arguments.of("SETTINGS ACK with a payload", H2Client.frame(FrameType.SETTINGS, FrameType.FLAG_ACK, 0, new byte[6]),
                        ErrorCode.FRAME_SIZE_ERROR),
                Arguments.of("SETTINGS on stream 1", H2Client.frame(FrameType.SETTINGS, 0, 1, new byte[0]), ErrorCode.PROTOCOL_ERROR),
                Arguments.of("PING of 7 bytes", H2Client.frame(FrameType.PING, 0, 0, new byte[7]), ErrorCode.FRAME_SIZE_ERROR),
                Arguments.of("WINDOW_UPDATE of 0 on the connection", H2Client.frame(FrameType.WINDOW_UPDATE, 0, 0, new byte[4]),
                        ErrorCode.PROTOCOL_ERROR),
                Arguments.of("WINDOW_UPDATE of 3 bytes", H2Client.frame(FrameType.WINDOW_UPDATE, 0, 0, new byte[3]),
                        ErrorCode.FRAME_SIZE_ERROR),
                Arguments.of("DATA on stream 0", H2Client.frame(FrameType.DATA, 0, 0, new byte[4]), ErrorCode.PROTOCOL_ERROR),
                Arguments.of("HEADERS on stream 0", H2Client.frame(FrameType.HEADERS, FrameType.FLAG_END_HEADERS, 0,
                        getBlock()), ErrorCode.PROTOCOL_ERROR),
                Arguments.of("RST_STREAM of 3 bytes", H2Client.frame(FrameType.RST_STREAM, 0, 1, new byte[3]), ErrorCode.FRAME_SIZE_ERROR),
                Arguments.of("HEADERS padding past the payload", H2Client.frame(FrameType.HEADERS,
                        FrameType.FLAG_END_HEADERS | FrameType.FLAG_PADDED | FrameType.FLAG_END_STREAM, 1, new byte[] {5, (byte) 0x82}),
                        ErrorCode.PROTOCOL_ERROR),
                Arguments.of("another stream's HEADERS inside a field block", RawHpack.concat(
                        H2Client.frame(FrameType.HEADERS, FrameType.FLAG_END_STREAM, 1, getBlock()),
                        H2Client.frame(FrameType.HEADERS, FrameType.FLAG_END_HEADERS | FrameType.FLAG_END_STREAM, 3, getBlock())),
                        ErrorCode.PROTOCOL_ERROR),
                Arguments.of("CONTINUATION of another stream", RawHpack.concat(
                        H2Client.frame(FrameType.HEADERS, FrameType.FLAG_END_STREAM, 1, getBlock()),
                        H2Client.frame(FrameType.CONTINUATION, FrameType.FLAG_END_HEADERS, 3, new byte[0])),
                        ErrorCode.PROTOCOL_ERROR),
                Arguments.of("CONTINUATION after END_HEADERS", RawHpack.concat(
                        H2Client.frame(FrameType.HEADERS, FrameType.FLAG_END_HEADERS, 1, getBlock()),
                        H2Client.frame(FrameType.CONTINUATION, FrameType.FLAG_END_HEADERS, 1, new byte[0])),
                        ErrorCode.PROTOCOL_ERROR));
    }

    /** A GET of / in raw literals (nothing indexed): usable on any connection whatever its encoder did before. */
    private static byte[] getBlock() {
        return RawHpack.concat(RawHpack.literal(":method", "GET"), RawHpack.literal(":scheme", "http"),
                RawHpack.literal(":authority", "example.com"), RawHpack.literal(":path", "/"));
    }

    private static byte[] settings(int id, long value) {
        ByteBuffer b = ByteBuffer.allocate(6).putShort((short) id).putInt((int) value);
        return H2Client.frame(FrameType.SETTINGS, 0, 0, b.array());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badSettings")
    void aFrameTheRfcMakesAConnectionErrorEndsTheConnection(String what, byte[] frame, ErrorCode code) throws Exception {
        start("");
        H2Client c = connect();
        c.serverSettings();
        c.sendRaw(frame);
        connectionError(c, code);
    }

    // ---- stream errors (RFC 9113 §5.4.2): the stream is reset, the connection goes on

    @Test
    void dataOnAHalfClosedStreamIsResetWithStreamClosed() throws Exception {
        start("");
        H2Client c = connect();
        int id = c.get("/hold");
        c.send(new DataFrame(id, true, "late".getBytes(StandardCharsets.US_ASCII)));
        assertThat(c.reset(id)).isEqualTo(ErrorCode.STREAM_CLOSED);
        release.countDown();
        goesOn(c);
    }

    /** A request header block that RFC 9113 §8.2 and §8.3 make malformed. */
    enum Malformed {
        MISSING_METHOD, MISSING_SCHEME, MISSING_PATH, EMPTY_PATH, DUPLICATE_PATH, DUPLICATE_METHOD, UNKNOWN_PSEUDO,
        RESPONSE_PSEUDO, PSEUDO_AFTER_REGULAR, UPPERCASE_NAME, CONNECTION, KEEP_ALIVE, PROXY_CONNECTION, TRANSFER_ENCODING,
        UPGRADE, TE_GZIP, CRLF_IN_VALUE, LEADING_SPACE_IN_VALUE, CONTENT_LENGTH_NOT_A_NUMBER
    }

    private static byte[] malformed(H2Client c, Malformed m) {
        List<Field> f = c.fields("GET", "/bad");
        switch (m) {
            case MISSING_METHOD -> f.remove(0);
            case MISSING_SCHEME -> f.remove(1);
            case MISSING_PATH -> f.remove(3);
            case EMPTY_PATH -> f.set(3, new Field(":path", ""));
            case DUPLICATE_PATH -> f.add(4, new Field(":path", "/other"));
            case DUPLICATE_METHOD -> f.add(1, new Field(":method", "POST"));
            case UNKNOWN_PSEUDO -> f.add(4, new Field(":foo", "bar"));
            case RESPONSE_PSEUDO -> f.add(4, new Field(":status", "200"));
            case PSEUDO_AFTER_REGULAR -> f.add(3, new Field("accept", "*/*"));
            case UPPERCASE_NAME -> {
                return RawHpack.concat(c.block(f), RawHpack.literal("X-Upper", "1"));
            }
            case CONNECTION -> f.add(new Field("connection", "keep-alive"));
            case KEEP_ALIVE -> f.add(new Field("keep-alive", "timeout=5"));
            case PROXY_CONNECTION -> f.add(new Field("proxy-connection", "keep-alive"));
            case TRANSFER_ENCODING -> f.add(new Field("transfer-encoding", "chunked"));
            case UPGRADE -> f.add(new Field("upgrade", "websocket"));
            case TE_GZIP -> f.add(new Field("te", "gzip"));
            case CRLF_IN_VALUE -> f.add(new Field("x-a", "1\r\nx-injected: 1"));
            case LEADING_SPACE_IN_VALUE -> f.add(new Field("x-a", " 1"));
            case CONTENT_LENGTH_NOT_A_NUMBER -> f.add(new Field("content-length", "1x"));
        }
        return c.block(f);
    }

    @ParameterizedTest
    @EnumSource(Malformed.class)
    void aMalformedRequestIsResetWithProtocolErrorAndTheConnectionGoesOn(Malformed m) throws Exception {
        start("");
        H2Client c = connect();
        int id = c.nextStreamId();
        c.headerBlock(id, malformed(c, m), true);
        assertThat(c.reset(id)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        goesOn(c);
        assertThat(backend.received()).extracting(TestBackend.Received::requestLine).containsExactly("GET /after HTTP/1.1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pseudo-header in trailers", "trailers without END_STREAM"})
    void aBadTrailerBlockIsAProtocolErrorOnItsStream(String what) throws Exception {
        start("");
        H2Client c = connect();
        int id = c.nextStreamId();
        c.headers(id, c.fields("POST", "/t"), false);
        c.data(id, "abc".getBytes(StandardCharsets.US_ASCII), false);
        if (what.startsWith("pseudo")) {
            c.headers(id, List.of(new Field(":path", "/other")), true);
        } else {
            c.headers(id, List.of(new Field("x-checksum", "42")), false);
        }
        assertThat(c.reset(id)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        goesOn(c);
    }

    @Test
    void dataRightBehindAHeaderBlockTheServerResetsIsIgnored() throws Exception {
        start("");
        H2Client c = connect();
        int id = c.nextStreamId();
        byte[] upper = RawHpack.concat(c.block(c.fields("POST", "/bad")), RawHpack.literal("X-Upper", "1"));
        // one write: the DATA is on its way before the client could see the reset
        c.send(new HeadersFrame(id, false, true, upper), new DataFrame(id, false, new byte[1000]),
                new DataFrame(id, true, new byte[1000]));
        assertThat(c.reset(id)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        goesOn(c);
        c.ping(3);
        assertThat(c.frames()).noneMatch(f -> f instanceof GoAwayFrame);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 5, 11})
    void aContentLengthOtherThanTheDataSentIsAProtocolError(int sent) throws Exception {
        start("");
        H2Client c = connect();
        int id = c.nextStreamId();
        c.headers(id, c.fields("POST", "/cl", "content-length", "10"), sent == 0);
        if (sent > 0) {
            c.send(new DataFrame(id, true, new byte[sent]));
        }
        assertThat(c.reset(id)).isEqualTo(ErrorCode.PROTOCOL_ERROR);
        goesOn(c);
    }

    @Test
    void aStreamWindowUpdatePast2To31Minus1ResetsTheStream() throws Exception {
        start("");
        H2Client c = connect();
        int id = c.get("/hold");
        c.send(new WindowUpdateFrame(id, Integer.MAX_VALUE));
        assertThat(c.reset(id)).isEqualTo(ErrorCode.FLOW_CONTROL_ERROR);
        goesOn(c);
    }

    @Test
    void dataPastTheServersStreamWindowIsAFlowControlError() throws Exception {
        start("""
                [server.http2]
                initial_window = 1000
                """);
        H2Client c = connect();
        assertThat(values(c.serverSettings())).containsEntry(Settings.INITIAL_WINDOW_SIZE, 1000L);
        int id = c.nextStreamId();
        c.headers(id, c.fields("POST", "/up"), false);
        c.send(new DataFrame(id, true, new byte[2000])); // the window was 1000 and nothing was consumed yet
        Optional<ErrorCode> reset = c.response(id).reset();
        if (reset.isPresent()) {
            assertThat(reset.get()).isEqualTo(ErrorCode.FLOW_CONTROL_ERROR);
            goesOn(c);
        } else {
            connectionError(c, ErrorCode.FLOW_CONTROL_ERROR);
        }
    }

    @Test
    void aHeaderListOverTheLimitGets431OnItsStreamAndTheConnectionGoesOn() throws Exception {
        start("");
        H2Client c = connect();
        // 4 KB of block that decodes to 17 x 4,037 = 68,629 octets of list (over 64 KiB): one entry named again and again.
        // Raw fields only, and first on the connection, so the entry is older than any of the encoder's.
        List<byte[]> parts = new ArrayList<>(List.of(RawHpack.literal(":method", "GET"),
                RawHpack.literal(":scheme", transport.scheme()), RawHpack.literal(":authority", "example.com"),
                RawHpack.literal(":path", "/big-headers"), RawHpack.literalIndexed("x-big", "a".repeat(4000))));
        for (int i = 0; i < 16; i++) {
            parts.add(RawHpack.indexed(62));
        }
        int id = c.nextStreamId();
        c.headerBlock(id, RawHpack.concat(parts.toArray(byte[][]::new)), true);
        Response r = c.response(id);
        assertThat(r.status()).as("%s", r).isEqualTo(431);
        goesOn(c);
        assertThat(backend.received()).extracting(TestBackend.Received::requestLine).containsExactly("GET /after HTTP/1.1");
    }

    @Test
    void aStreamPastMaxConcurrentStreamsIsRefused() throws Exception {
        start("""
                [server.http2]
                max_concurrent_streams = 2
                """);
        H2Client c = connect();
        assertThat(values(c.serverSettings())).containsEntry(Settings.MAX_CONCURRENT_STREAMS, 2L);
        int first = c.get("/hold/1");
        int second = c.get("/hold/2");
        Wait.until(() -> backend.received().size() == 2, "two held requests at the backend");
        int third = c.get("/hold/3");
        assertThat(c.reset(third)).isEqualTo(ErrorCode.REFUSED_STREAM);
        release.countDown();
        assertThat(c.response(first).bodyText()).isEqualTo("GET /hold/1 HTTP/1.1");
        assertThat(c.response(second).bodyText()).isEqualTo("GET /hold/2 HTTP/1.1");
        goesOn(c);
        assertThat(backend.received()).hasSize(3);
    }

    // ---- flow control between streams, and the connection's end

    @Test
    void aStreamWhoseClientStoppedReadingStallsAloneWhileOthersComplete() throws Exception {
        int size = 1024 * 1024;
        start("", (req, s, out) -> {
            if (req.requestLine().contains("/big")) {
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                LargeBodyTest.writePattern(out, size);
            } else {
                TestBackend.ok(out, req.requestLine());
            }
        });
        H2Client c = connect(); // our initial window is 65,535
        int big = c.peekStreamId();
        c.hold(big);
        assertThat(c.get("/big")).isEqualTo(big);
        c.awaitBodyBytes(big, 65_535);
        for (int i = 0; i < 3; i++) {
            Response r = c.response(c.get("/small/" + i));
            assertThat(r.bodyText()).isEqualTo("GET /small/" + i + " HTTP/1.1");
        }
        assertThat(c.bodyBytes(big)).as("the held stream got no more than its window").isEqualTo(65_535);
        c.release(big);
        Response r = c.response(big);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().length).isEqualTo(size);
    }

    @Test
    void aStreamWhoseClientHoldsItsWindowShutPastClientWriteIsResetCountedAndTheConnectionGoesOn() throws Exception {
        int size = 200_000;
        start("""
                [server.timeouts]
                client_write = "1s"
                """, (req, s, out) -> {
            if (req.requestLine().contains("/big")) {
                out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                LargeBodyTest.writePattern(out, size);
            } else {
                TestBackend.ok(out, req.requestLine());
            }
        });
        H2Client c = connect(); // our initial window is 65,535
        int big = c.peekStreamId();
        c.hold(big);
        assertThat(c.get("/big")).isEqualTo(big);
        c.awaitBodyBytes(big, 65_535);
        assertThat(c.reset(big)).isEqualTo(ErrorCode.CANCEL);
        assertThat(proxy.server().metrics().http2Floods(ServerMetrics.Http2Flood.STALLED_WINDOW)).isEqualTo(1);
        assertThat(c.response(c.get("/after")).bodyText()).isEqualTo("GET /after HTTP/1.1");
    }

    @Test
    void aClientWindowOfAThousandBytesGetsTheWholeBodyInSmallSteps() throws Exception {
        int size = 100_000;
        start("", (req, s, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            LargeBodyTest.writePattern(out, size);
        });
        H2Client c = connect(new SettingsFrame.Setting(Settings.INITIAL_WINDOW_SIZE, 1000));
        Response r = c.response(c.get("/small-window"));
        assertThat(r.body().length).isEqualTo(size);
        assertThat(r.dataFrames()).isGreaterThanOrEqualTo(size / 1000);
    }

    @Test
    void aLargerInitialWindowFromTheClientLetsItsStalledStreamGoOn() throws Exception {
        int size = 200_000;
        start("", (req, s, out) -> {
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + size + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            LargeBodyTest.writePattern(out, size);
        });
        H2Client c = connect(new SettingsFrame.Setting(Settings.INITIAL_WINDOW_SIZE, 1000));
        int id = c.peekStreamId();
        c.hold(id);
        c.get("/stalled");
        c.awaitBodyBytes(id, 1000);
        c.ping(1);
        assertThat(c.bodyBytes(id)).isEqualTo(1000);
        // RFC 9113 §6.9.2: the new initial window changes the window of every open stream by the difference
        c.send(new SettingsFrame(false, List.of(new SettingsFrame.Setting(Settings.INITIAL_WINDOW_SIZE, 65_535))));
        c.awaitBodyBytes(id, 65_535);
        c.release(id);
        assertThat(c.response(id).body().length).isEqualTo(size);
    }

    @Test
    void endedStreamsGiveBackTheirPlaceUnderMaxConcurrentStreams() throws Exception {
        start("""
                [server.http2]
                max_concurrent_streams = 2
                """);
        H2Client c = connect();
        c.serverSettings();
        for (int i = 0; i < 300; i++) {
            Response r = c.response(c.get("/seq/" + i));
            assertThat(r.bodyText()).as("%s", r).isEqualTo("GET /seq/" + i + " HTTP/1.1");
        }
    }

    @Test
    void aFewClientResetsAreNotTakenForAnAttack() throws Exception {
        start("");
        H2Client c = connect();
        for (int i = 0; i < 10; i++) {
            int id = c.nextStreamId();
            c.send(new HeadersFrame(id, true, true, c.block(c.fields("GET", "/cancelled/" + i))), new RstStreamFrame(id, ErrorCode.CANCEL));
        }
        goesOn(c);
        c.ping(2);
        assertThat(c.frames()).noneMatch(f -> f instanceof GoAwayFrame);
    }

    @Test
    void gracefulShutdownSendsGoAwayAndLetsTheOpenStreamFinish() throws Exception {
        start("", (req, s, out) -> {
            if (req.requestLine().contains("/slow")) {
                await(release);
            }
            TestBackend.ok(out, "done");
        });
        H2Client c = connect();
        int id = c.get("/slow");
        Wait.until(() -> backend.received().size() == 1, "the slow request at the backend");
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(() -> proxy.server().shutdown());
        GoAwayFrame first = c.goAway();
        assertThat(first.code()).isEqualTo(ErrorCode.NO_ERROR);
        assertThat(stopped).as("shutdown waits for the open stream").isNotDone();
        if (first.lastStreamId() < c.peekStreamId()) {
            c.get("/after-goaway"); // above the last stream id: never processed (RFC 9113 §6.8)
        }
        release.countDown();
        Response r = c.response(id);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.bodyText()).isEqualTo("done");
        c.awaitClosed();
        List<GoAwayFrame> goAways = c.frames().stream().filter(GoAwayFrame.class::isInstance).map(GoAwayFrame.class::cast).toList();
        assertThat(goAways.get(goAways.size() - 1).lastStreamId()).as("the last GOAWAY names the open stream").isGreaterThanOrEqualTo(id);
        assertThat(goAways).allMatch(g -> g.code() == ErrorCode.NO_ERROR);
        stopped.get(10, TimeUnit.SECONDS);
        assertThat(backend.received()).extracting(TestBackend.Received::requestLine).containsExactly("GET /slow HTTP/1.1");
    }

    @Test
    void anIdleConnectionGetsGoAwayNoErrorAfterClientIdleThenCloses() throws Exception {
        start("""
                [server.timeouts]
                client_idle = "300ms"
                """);
        H2Client c = connect();
        assertThat(c.response(c.get("/")).status()).isEqualTo(200);
        long started = System.nanoTime();
        assertThat(c.goAway().code()).isEqualTo(ErrorCode.NO_ERROR);
        c.awaitClosed();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isGreaterThanOrEqualTo(200);
    }

    @Test
    void headersWithPaddingAndPriorityAreRead() throws Exception {
        start("");
        H2Client c = connect();
        int id = c.nextStreamId();
        c.send(new HeadersFrame(id, true, true, Optional.of(new Priority(0, false, 32)), c.block(c.fields("GET", "/p"))));
        assertThat(c.response(id).bodyText()).isEqualTo("GET /p HTTP/1.1");
        int padded = c.nextStreamId();
        c.headers(padded, c.fields("POST", "/padded"), false);
        c.send(new DataFrame(padded, true, "abc".getBytes(StandardCharsets.US_ASCII), 0, 3, 20));
        assertThat(c.response(padded).status()).isEqualTo(200);
        assertThat(backend.last().bodyText()).isEqualTo("abc");
    }
}
