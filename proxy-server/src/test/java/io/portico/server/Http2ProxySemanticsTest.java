package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.http2.ErrorCode;
import io.portico.http2.GoAwayFrame;
import io.portico.http2.Settings;
import io.portico.http2.SettingsFrame;
import io.portico.server.http2.H2Client;
import io.portico.server.http2.H2Client.Field;
import io.portico.server.http2.H2Client.Response;
import io.portico.testing.Sha256;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.EnumSource.Mode;

/**
 * What the HTTP/2-to-HTTP/1.1 translation must get right as a proxy: request heads no HTTP/1.1
 * backend can be fooled by (RFC 9113 §8.3, the downgrade smuggling family), headers the client
 * cannot spoof, flow-control credit for bodies the proxy throws away, timeouts that spare busy
 * connections, and the server's HPACK encoder obeying the client's table size.
 */
@ParameterizedClass(name = "{0}")
@EnumSource(TestProxy.Transport.class)
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class Http2ProxySemanticsTest {
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

    /** A backend answering 200 with the request line and its Host, except /hold (answered once the test releases it). */
    private void start(String config) throws IOException {
        backend = TestBackend.start((req, s, out) -> {
            if (req.requestLine().contains("/hold")) {
                try {
                    release.await(20, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            TestBackend.ok(out, req.requestLine() + " host=" + req.header("Host"));
        });
        proxy = TestProxy.start(transport, config + TestProxy.oneCluster("", backend));
    }

    private H2Client connect(SettingsFrame.Setting... settings) throws IOException {
        H2Client c = H2Connections.open(proxy, settings);
        clients.add(c);
        return c;
    }

    private static void goesOn(H2Client c) throws IOException {
        c.ping(0x60e5);
        assertThat(c.frames()).as("frames so far").noneMatch(f -> f instanceof GoAwayFrame);
        Response r = c.response(c.get("/after"));
        assertThat(r.bodyText()).as("a request after it on the same connection: %s", r).isEqualTo("GET /after HTTP/1.1 host=example.com");
    }

    /** A request head that would become a different or broken HTTP/1.1 request if copied as it is. */
    enum BadHead {
        SPACE_IN_PATH, PATH_WITHOUT_SLASH, SPACE_IN_METHOD, NON_TOKEN_METHOD, USERINFO_IN_AUTHORITY, SPACE_IN_AUTHORITY,
        HOST_DIFFERENT_FROM_AUTHORITY, CONNECT
    }

    private static List<Field> head(H2Client c, BadHead bad) {
        List<Field> f = c.fields("GET", "/x");
        switch (bad) {
            case SPACE_IN_PATH -> f.set(3, new Field(":path", "/a b HTTP/1.1"));
            case PATH_WITHOUT_SLASH -> f.set(3, new Field(":path", "a"));
            case SPACE_IN_METHOD -> f.set(0, new Field(":method", "GET /evil HTTP/1.1 x"));
            case NON_TOKEN_METHOD -> f.set(0, new Field(":method", "G(ET"));
            case USERINFO_IN_AUTHORITY -> f.set(2, new Field(":authority", "user@example.com"));
            case SPACE_IN_AUTHORITY -> f.set(2, new Field(":authority", "example.com evil"));
            case HOST_DIFFERENT_FROM_AUTHORITY -> f.add(new Field("host", "other.example"));
            case CONNECT -> {
                f.clear();
                f.add(new Field(":method", "CONNECT"));
                f.add(new Field(":authority", "example.com:443"));
            }
        }
        return f;
    }

    /**
     * The request is refused one way or another (reset PROTOCOL_ERROR, or a 4xx from the proxy)
     * and never reaches the backend; the connection goes on. A path with spaces may instead go on
     * with them percent-encoded: the backend then sees one well-formed request line.
     */
    @ParameterizedTest
    @EnumSource(value = BadHead.class, mode = Mode.EXCLUDE, names = "HOST_DIFFERENT_FROM_AUTHORITY")
    void aRequestHeadHttp11CannotCarryIsRefusedAndNeverForwarded(BadHead bad) throws Exception {
        start("");
        H2Client c = connect();
        int id = c.nextStreamId();
        c.headers(id, head(c, bad), true);
        Response r = c.response(id);
        if (bad == BadHead.SPACE_IN_PATH && r.status() == 200) {
            assertThat(backend.last().requestLine()).isEqualTo("GET /a%20b%20HTTP/1.1 HTTP/1.1");
            backend.received().clear();
        } else {
            assertThat(r.reset().map(code -> code == ErrorCode.PROTOCOL_ERROR).orElse(r.status() >= 400 && r.status() < 500))
                    .as("reset PROTOCOL_ERROR or a 4xx: %s", r).isTrue();
        }
        goesOn(c);
        assertThat(backend.received()).extracting(TestBackend.Received::requestLine).containsExactly("GET /after HTTP/1.1");
    }

    @Test
    void aHostFieldThatDisagreesWithTheAuthorityNeverReachesTheBackendBesideIt() throws Exception {
        start("");
        H2Client c = connect();
        int id = c.nextStreamId();
        c.headers(id, head(c, BadHead.HOST_DIFFERENT_FROM_AUTHORITY), true);
        Response r = c.response(id);
        // RFC 9113 §8.3.1: a server SHOULD treat it as malformed; forwarding it, the one Host the backend sees is the authority
        if (r.reset().isEmpty() && r.status() == 200) {
            assertThat(backend.last().headers("Host")).containsExactly("example.com");
        } else {
            assertThat(backend.received()).isEmpty();
        }
        goesOn(c);
    }

    @Test
    void aRequestWithHostAndNoAuthorityGetsItsHostForwarded() throws Exception {
        start("");
        H2Client c = connect();
        List<Field> f = c.fields("GET", "/by-host", "host", "example.org");
        f.remove(2);
        Response r = c.response(c.request(f, null));
        assertThat(r.bodyText()).as("%s", r).isEqualTo("GET /by-host HTTP/1.1 host=example.org");
    }

    @Test
    void theSchemeAClientClaimsDoesNotMakeXForwardedProto() throws Exception {
        start("");
        H2Client c = connect();
        String other = transport == TestProxy.Transport.TLS ? "http" : "https";
        List<Field> f = c.fields("GET", "/scheme", "x-forwarded-proto", other);
        f.set(1, new Field(":scheme", other));
        Response r = c.response(c.request(f, null));
        if (r.status() == 200) {
            assertThat(backend.last().headers("X-Forwarded-Proto")).containsExactly(transport.scheme());
        } else {
            assertThat(r.status()).as("%s", r).isEqualTo(400);
        }
    }

    @Test
    void requestBodiesTheProxyDiscardsStillGiveBackConnectionWindow() throws Exception {
        backend = TestBackend.start((req, s, out) -> TestBackend.ok(out, req.requestLine() + " " + req.body().length));
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
        byte[] mib = new byte[1024 * 1024];
        for (int i = 0; i < 20; i++) { // 20 MiB past the 16 MiB connection window: the proxy must credit what it drops
            Response r = c.response(c.request(c.fields("POST", "/nowhere/" + i), mib));
            assertThat(r.status()).as("%s", r).isEqualTo(404);
        }
        Response r = c.response(c.request(c.fields("POST", "/api/up"), mib));
        assertThat(r.bodyText()).as("%s", r).isEqualTo("POST /api/up HTTP/1.1 " + mib.length);
    }

    @Test
    void clientIdleSparesAConnectionWhoseStreamWaitsForTheBackend() throws Exception {
        start("""
                [server.timeouts]
                client_idle = "200ms"
                """);
        H2Client c = connect();
        int id = c.get("/hold");
        Wait.until(() -> backend.received().size() == 1, "the held request at the backend");
        // several idle periods pass while the stream is open
        assertThat(c.awaitAbsentFor(GoAwayFrame.class, 1_000)).as("a GOAWAY while a stream was open").isTrue();
        release.countDown();
        assertThat(c.response(id).status()).isEqualTo(200);
    }

    @Test
    void aGoAwayFromTheClientLetsItsOpenStreamFinish() throws Exception {
        start("");
        H2Client c = connect();
        int id = c.get("/hold");
        Wait.until(() -> backend.received().size() == 1, "the held request at the backend");
        c.send(new GoAwayFrame(0, ErrorCode.NO_ERROR));
        release.countDown();
        Response r = c.response(id);
        assertThat(r.status()).as("%s", r).isEqualTo(200);
    }

    @Test
    void largeResponseHeadersComeInContinuationFramesWithinTheClientsFrameSize() throws Exception {
        String big = "v".repeat(40_000);
        backend = TestBackend.start((req, s, out) -> out.write(("HTTP/1.1 200 OK\r\nX-Big: " + big + "\r\nContent-Length: 2\r\n\r\nok")
                .getBytes(StandardCharsets.US_ASCII)));
        proxy = TestProxy.start(transport, TestProxy.oneCluster("", backend));
        H2Client c = connect();
        Response r = c.response(c.get("/big-head"));
        assertThat(r.status()).as("%s", r).isEqualTo(200);
        assertThat(r.header("x-big")).isEqualTo(big);
        assertThat(r.bodyText()).isEqualTo("ok");
    }

    @Test
    void aClientHeaderTableOfZeroKeepsTheServersEncoderFromIndexing() throws Exception {
        start("");
        H2Client c = connect(new SettingsFrame.Setting(Settings.HEADER_TABLE_SIZE, 0));
        c.await(SettingsFrame.class, SettingsFrame::ack);
        for (int i = 0; i < 3; i++) {
            Response r = c.response(c.get("/t/" + i));
            assertThat(r.bodyText()).isEqualTo("GET /t/" + i + " HTTP/1.1 host=example.com");
        }
        // H2Client's decoder now rejects any block that indexes: violations (checked after the test) stay empty
    }

    @Test
    void aTruncatedBackendResponseIsNeverDeliveredAsComplete() throws Exception {
        backend = TestBackend.start((req, sock, out) -> {
            if (req.requestLine().contains("/chunked")) {
                out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3e8\r\n".getBytes(StandardCharsets.US_ASCII));
            } else {
                out.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write(new byte[500]);
            out.flush();
            sock.close();
        });
        proxy = TestProxy.start(transport, TestProxy.oneCluster("", backend));
        H2Client c = connect();
        for (String path : List.of("/length", "/chunked")) {
            Response r = c.response(c.get(path));
            assertThat(r.reset().isPresent() || r.status() == 502).as("reset, or 502 before any byte: %s", r).isTrue();
            c.ping(0x7e57);
            assertThat(c.frames()).as("one stream's failure ends that stream only").noneMatch(f -> f instanceof GoAwayFrame);
        }
    }

    @Test
    void anUploadTheClientCancelsLeavesNoHalfRequestOnABackendConnection() throws Exception {
        backend = TestBackend.start((req, sock, out) -> TestBackend.ok(out, req.requestLine() + " " + req.body().length));
        proxy = TestProxy.start(transport, TestProxy.oneCluster("", backend));
        H2Client c = connect();
        for (int i = 0; i < 3; i++) {
            int id = c.nextStreamId();
            c.headers(id, c.fields("POST", "/cancelled/" + i), false);
            c.data(id, new byte[100_000], false);
            int at = i;
            Wait.until(() -> backend.connections() > at, "the cancelled upload at the backend");
            c.send(new io.portico.http2.RstStreamFrame(id, ErrorCode.CANCEL));
            byte[] body = new byte[70_000];
            Response r = c.response(c.request(c.fields("POST", "/whole/" + i), body));
            assertThat(r.bodyText()).as("%s", r).isEqualTo("POST /whole/" + i + " HTTP/1.1 " + body.length);
        }
        // the strict backend fails the test if a request ever began inside another's body
    }

    @Test
    void aHundredStreamsUploadingAndDownloadingAtOnceOnOneConnectionEachGetTheirOwnBytes() throws Exception {
        // Even streams upload a body the backend echoes, odd ones download one it makes; sizes differ per stream.
        backend = TestBackend.start((req, sock, out) -> {
            byte[] body = req.body();
            if (req.requestLine().startsWith("GET /download/")) {
                int n = Integer.parseInt(req.requestLine().substring(14, req.requestLine().indexOf(' ', 14)));
                body = new byte[256 * 1024 + n * 1024];
                LargeBodyTest.fill(body, n, body.length);
            }
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
        });
        proxy = TestProxy.start(transport, TestProxy.oneCluster("", backend));
        H2Client c = connect();
        try (var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int n = i;
                done.add(threads.submit(() -> {
                    byte[] expected = new byte[256 * 1024 + n * 1024];
                    LargeBodyTest.fill(expected, n, expected.length);
                    Response r = n % 2 == 0 ? c.response(c.request(c.fields("PUT", "/echo/" + n), expected))
                            : c.response(c.get("/download/" + n));
                    assertThat(r.status()).as("%s", r).isEqualTo(200);
                    assertThat(Sha256.hex(r.body())).as("stream %d's body", n).isEqualTo(Sha256.hex(expected));
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
        assertThat(backend.received()).hasSize(100);
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"HandleBeforeLocation", "HandleReadResponse"})
    void aModuleThatThrowsGives500OnItsStreamAndTheConnectionGoesOn(String point) throws Exception {
        backend = TestBackend.start((req, sock, out) -> TestBackend.ok(out, req.requestLine() + " host=" + req.header("Host")));
        proxy = TestProxy.start(transport, TestProxy.oneCluster("", backend) + """
                [modules]
                enabled = ["test_throwing"]
                [modules.test_throwing]
                point = "%s"
                """.formatted(point));
        H2Client c = connect();
        int neighbour = c.get("/neighbour");
        Response boom = c.response(c.get("/boom"));
        assertThat(boom.status()).as("%s", boom).isEqualTo(500);
        assertThat(c.response(neighbour).status()).isEqualTo(200);
        goesOn(c);
        if (point.equals("HandleBeforeLocation")) {
            Response answer = c.response(c.get("/answer"));
            assertThat(answer.status()).isEqualTo(418);
            assertThat(answer.bodyText()).isEqualTo("answered by a module\n");
        }
    }

    @Test
    void aHeaderBlockLeftUnfinishedEndsTheConnectionAfterClientHeader() throws Exception {
        start("""
                [server.timeouts]
                client_header = "300ms"
                """);
        H2Client c = connect();
        c.serverSettings();
        int id = c.nextStreamId();
        c.send(new io.portico.http2.HeadersFrame(id, true, false, c.block(c.fields("GET", "/slow-head"))));
        long started = System.nanoTime();
        // the slowloris guard of HTTP/1.1 heads, for a block that never ends (client_idle, 60 s by default, is a
        // bound far looser, and one a trickle of CONTINUATION frames may renew); whatever the code, the connection ends
        c.goAwayOrClose();
        c.awaitClosed();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(5_000);
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void aBodyThatNeverComesEndsItsStreamAfterClientBodyAndTheConnectionGoesOn() throws Exception {
        start("""
                [server.timeouts]
                client_body = "300ms"
                """);
        H2Client c = connect();
        int id = c.nextStreamId();
        c.headers(id, c.fields("POST", "/never", "content-length", "10"), false);
        Response r = c.response(id);
        assertThat(r.reset().isPresent() || r.status() == 408).as("reset or 408: %s", r).isTrue();
        goesOn(c);
    }
}
