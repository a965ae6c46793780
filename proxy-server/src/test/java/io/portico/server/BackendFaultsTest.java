package io.portico.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import io.portico.server.metrics.ServerMetrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** WireMock as a misbehaving backend: every fault gets a defined answer, and the proxy keeps serving. */
class BackendFaultsTest {
    private static WireMockServer wiremock;
    private static TestProxy proxy;

    @BeforeAll
    static void start() throws Exception {
        wiremock = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wiremock.start();
        wiremock.stubFor(get("/ok").willReturn(aResponse().withStatus(200).withBody("fine")));
        wiremock.stubFor(get("/reset").willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        wiremock.stubFor(get("/empty").willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        wiremock.stubFor(get("/garbage").willReturn(aResponse().withFault(Fault.RANDOM_DATA_THEN_CLOSE)));
        wiremock.stubFor(get("/broken-chunk").willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
        wiremock.stubFor(get("/slow").willReturn(aResponse().withStatus(200).withBody("late").withFixedDelay(2000)));
        wiremock.stubFor(get("/dribble").willReturn(aResponse().withStatus(200).withBody("x".repeat(2000))
                .withChunkedDribbleDelay(5, 300)));
        proxy = TestProxy.start(TestProxy.oneCluster("response_header_timeout = \"500ms\"", new Backend(wiremock.port())));
    }

    @AfterAll
    static void stop() throws Exception {
        proxy.close();
        wiremock.stop();
    }

    /** TestProxy.oneCluster takes anything with an address. */
    private record Backend(int port) implements TestProxy.HasAddress {
        @Override
        public String address() {
            return "127.0.0.1:" + port;
        }
    }

    private String raw(String path) throws Exception {
        return proxy.exchange("GET " + path + " HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
    }

    @Test
    void aResetBeforeAnyResponseByteIs502WithoutRetryingTheOnlyInstance() throws Exception {
        int before = wiremock.findAll(getRequestedFor(urlEqualTo("/reset"))).size();
        assertThat(raw("/reset")).startsWith("HTTP/1.1 502 ");
        // One instance: in_subcluster retries pick other instances only, so it was tried exactly once.
        assertThat(wiremock.findAll(getRequestedFor(urlEqualTo("/reset"))).size() - before).isEqualTo(1);
        assertThat(raw("/ok")).startsWith("HTTP/1.1 200 ").contains("\r\n\r\n4\r\nfine\r\n0\r\n\r\n");
    }

    @Test
    void aResetBeforeAnyResponseByteIsRetriedOnceOnTheOtherInstanceThen502() throws Exception {
        TestBackend resetting = TestBackend.start((req, s, out) -> {
            s.setSoLinger(true, 0); // close with a reset
            s.close();
        });
        try (resetting; TestProxy p = TestProxy.start(TestProxy.oneCluster("", new Backend(wiremock.port()), resetting))) {
            int before = wiremock.findAll(getRequestedFor(urlEqualTo("/reset"))).size();
            assertThat(p.exchange("GET /reset HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 502 ");
            // Each instance tried once, whichever came first: one retry.
            assertThat(wiremock.findAll(getRequestedFor(urlEqualTo("/reset"))).size() - before).isEqualTo(1);
            assertThat(resetting.received()).hasSize(1);
        }
    }

    @Test
    void anEmptyResponseIs502() throws Exception {
        assertThat(raw("/empty")).startsWith("HTTP/1.1 502 ");
    }

    @Test
    void garbageInsteadOfAResponseIs502() throws Exception {
        assertThat(raw("/garbage")).startsWith("HTTP/1.1 502 ");
    }

    @Test
    void aBrokenChunkBeforeAnythingReachedTheClientBecomesA502() throws Exception {
        // The 200 head was still in the proxy's write buffer when the body broke: it is taken
        // back and the client gets a clean 502 (and the connection closes).
        long resetsBefore = proxy.server().metrics().errors(ServerMetrics.ErrorKind.UPSTREAM_RESET);
        String r = raw("/broken-chunk");
        assertThat(r).startsWith("HTTP/1.1 502 ").contains("Connection: close").doesNotContain("200 OK");
        // The proxy is shared by the class: count this request's reset, not the earlier tests'.
        assertThat(proxy.server().metrics().errors(ServerMetrics.ErrorKind.UPSTREAM_RESET) - resetsBefore).isEqualTo(1);
        assertThat(raw("/ok")).contains("fine");
    }

    @Test
    void aBodyThatBreaksAfterBytesReachedTheClientEndsTheConnectionWithoutATerminator() throws Exception {
        TestBackend breaking = TestBackend.start((req, s, out) -> {
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes());
            byte[] big = new byte[64 * 1024];
            java.util.Arrays.fill(big, (byte) 'y');
            out.write(("10000\r\n").getBytes());
            out.write(big);
            out.write("\r\nzz-not-hex\r\n".getBytes());
            out.flush();
        });
        try (TestProxy p = TestProxy.start(TestProxy.oneCluster("", breaking))) {
            String r = p.exchange("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n");
            assertThat(r).startsWith("HTTP/1.1 200 ").doesNotEndWith("0\r\n\r\n");
        } finally {
            breaking.close();
        }
    }

    @Test
    void aHeadLaterThanResponseHeaderTimeoutIs504() throws Exception {
        long t0 = System.nanoTime();
        assertThat(raw("/slow")).startsWith("HTTP/1.1 504 ");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(1900);
    }

    @Test
    void aSlowlyDribbledBodyArrivesWhole() throws Exception {
        String r = raw("/dribble");
        assertThat(r).startsWith("HTTP/1.1 200 ").endsWith("0\r\n\r\n");
        assertThat(r.chars().filter(c -> c == 'x').count()).isEqualTo(2000);
    }
}
