package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.http2.ErrorCode;
import io.portico.http2.RstStreamFrame;
import io.portico.server.http2.H2Client;
import io.portico.server.metrics.ServerMetrics;
import io.portico.server.metrics.ServerMetrics.ClientAbort;
import io.portico.server.metrics.ServerMetrics.SlowClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Clients that go away or move their bytes too slowly: every such request still gets its access
 * log line and its count (499, or 408 for a body too slow), and its backend connection is closed
 * at once rather than left to finish work nobody reads.
 */
class ClientAbortTest {
    private static final String LOG_FORMAT = "$status $body_bytes_sent $error";

    @TempDir
    Path dir;
    private TestBackend backend;
    private TestProxy proxy;
    private final CountDownLatch backendGotRequest = new CountDownLatch(1);
    /** When the backend saw the proxy close its connection (System.nanoTime()), 0 until then. */
    private final AtomicLong backendClosedAt = new AtomicLong();

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private Path log() {
        return dir.resolve("access.log");
    }

    private void start(TestProxy.Transport transport, String timeouts) throws IOException {
        proxy = TestProxy.start(transport, TestProxy.oneCluster("", backend) + """
                [server.timeouts]
                %s
                [modules]
                enabled = ["access_log"]
                [modules.access_log]
                path = '%s'
                format = "%s"
                """.formatted(timeouts, log(), LOG_FORMAT));
    }

    /** A backend that reads the request, then answers nothing for 5 s while it waits for the proxy to close. */
    private void slowBackend() throws IOException {
        backend = TestBackend.startRaw((socket, in, out) -> {
            TestBackend.read(in);
            backendGotRequest.countDown();
            socket.setSoTimeout(5_000);
            try {
                if (in.read() < 0) {
                    backendClosedAt.set(System.nanoTime());
                }
            } catch (java.net.SocketTimeoutException e) {
                // the proxy kept the connection: the assertion below says so
            } catch (IOException e) {
                backendClosedAt.set(System.nanoTime());
            }
        });
    }

    private ServerMetrics metrics() {
        return proxy.server().metrics();
    }

    /** The access log's lines once it has {@code n}. */
    private List<String> lines(int n) {
        Wait.until(() -> {
            try {
                return Files.exists(log()) && Files.readAllLines(log(), StandardCharsets.UTF_8).size() >= n;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, n + " access log lines");
        try {
            return Files.readAllLines(log(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A raw connection whose close can be made a reset (over TLS: of the TCP socket under the TLS one, no close_notify). */
    private record Raw(Socket tcp, Socket socket) {
        void reset() throws IOException {
            tcp.setSoLinger(true, 0);
            tcp.close();
        }
    }

    private Raw connect() throws IOException {
        Socket tcp = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        tcp.setSoTimeout(10_000);
        if (proxy.transport() == TestProxy.Transport.PLAIN) {
            return new Raw(tcp, tcp);
        }
        SSLSocket tls = (SSLSocket) TestPki.trustingTestCa().getSocketFactory()
                .createSocket(tcp, TestProxy.TLS_NAME, proxy.port(), true);
        SSLParameters p = tls.getSSLParameters();
        p.setServerNames(List.of(new SNIHostName(TestProxy.TLS_NAME)));
        tls.setSSLParameters(p);
        tls.startHandshake();
        return new Raw(tcp, tls);
    }

    private void awaitBackendClosedWithin(long resetAt, Duration bound) {
        Wait.until(() -> backendClosedAt.get() != 0, Duration.ofSeconds(4), "the backend connection closed");
        assertThat(Duration.ofNanos(backendClosedAt.get() - resetAt)).isLessThan(bound);
    }

    @ParameterizedTest
    @EnumSource(TestProxy.Transport.class)
    void anHttp1ClientThatResetsWhileTheBackendThinksIsLogged499AndTheBackendConnectionClosed(TestProxy.Transport transport)
            throws Exception {
        slowBackend();
        start(transport, "");
        Raw raw = connect();
        raw.socket().getOutputStream().write("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        raw.socket().getOutputStream().flush();
        assertThat(backendGotRequest.await(5, TimeUnit.SECONDS)).isTrue();
        long resetAt = System.nanoTime();
        raw.reset();

        awaitBackendClosedWithin(resetAt, Duration.ofSeconds(1));
        assertThat(lines(1)).singleElement().satisfies(l -> assertThat(l).startsWith("499 0 client gone"));
        assertThat(metrics().clientAborts(ClientAbort.BACKEND_WAIT)).isEqualTo(1);
        assertThat(metrics().responses(4)).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(TestProxy.Transport.class)
    void anHttp2StreamResetWhileTheBackendThinksIsLogged499AndTheBackendConnectionClosed(TestProxy.Transport transport)
            throws Exception {
        slowBackend();
        start(transport, "");
        try (H2Client c = H2Connections.open(proxy)) {
            int id = c.get("/slow");
            assertThat(backendGotRequest.await(5, TimeUnit.SECONDS)).isTrue();
            long resetAt = System.nanoTime();
            c.send(new RstStreamFrame(id, ErrorCode.CANCEL));

            awaitBackendClosedWithin(resetAt, Duration.ofSeconds(1));
            assertThat(lines(1)).singleElement().satisfies(l -> assertThat(l).startsWith("499 0 client gone"));
            assertThat(metrics().clientAborts(ClientAbort.BACKEND_WAIT)).isEqualTo(1);
        }
    }

    @Test
    void anHttp2ConnectionResetWhileTheBackendThinksEndsItsStreamsAsAborted() throws Exception {
        slowBackend();
        start(TestProxy.Transport.PLAIN, "");
        Socket tcp = new Socket(InetAddress.getLoopbackAddress(), proxy.port());
        H2Client c = H2Client.start(tcp, "http");
        c.get("/slow");
        assertThat(backendGotRequest.await(5, TimeUnit.SECONDS)).isTrue();
        long resetAt = System.nanoTime();
        tcp.setSoLinger(true, 0);
        tcp.close();

        awaitBackendClosedWithin(resetAt, Duration.ofSeconds(1));
        assertThat(lines(1)).singleElement().satisfies(l -> assertThat(l).startsWith("499 0 client gone"));
    }

    @ParameterizedTest
    @EnumSource(TestProxy.Transport.class)
    void aTricklingRequestBodyGets408AndTheConnectionCloses(TestProxy.Transport transport) throws Exception {
        backend = TestBackend.answering("never");
        start(transport, "client_body_min_rate = \"1KiB\"\nclient_min_rate_grace = \"500ms\"");
        Raw raw = connect();
        OutputStream out = raw.socket().getOutputStream();
        long started = System.nanoTime();
        out.write("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        // 10 bytes every 100 ms (100 B/s), for at most 10 s, until the proxy closes.
        Thread trickle = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < 100; i++) {
                    out.write("0123456789".getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    Thread.sleep(100);
                }
            } catch (IOException | InterruptedException e) {
                // closed by the proxy
            }
        });
        String answer = readUntilClosed(raw.socket().getInputStream());
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        trickle.interrupt();
        raw.socket().close();

        assertThat(answer).startsWith("HTTP/1.1 408 ").contains("Connection: close");
        assertThat(tookMillis).as("408 after %d ms", tookMillis).isBetween(400L, 3_000L);
        assertThat(metrics().slowClients(SlowClient.BODY)).isEqualTo(1);
        assertThat(lines(1)).singleElement().satisfies(l -> assertThat(l).startsWith("408 ").contains("client_body_min_rate"));
    }

    @Test
    void aTricklingHttp2StreamBodyGets408() throws Exception {
        backend = TestBackend.answering("never");
        start(TestProxy.Transport.PLAIN, "client_body_min_rate = \"1KiB\"\nclient_min_rate_grace = \"500ms\"");
        try (H2Client c = H2Connections.open(proxy)) {
            int id = c.nextStreamId();
            c.headers(id, c.fields("POST", "/upload", "content-length", "100000"), false);
            long started = System.nanoTime();
            for (int i = 0; i < 100 && c.response(id) == null; i++) {
                c.data(id, "0123456789".getBytes(StandardCharsets.ISO_8859_1), false);
                Thread.sleep(100);
            }
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            H2Client.Response r = c.response(id);
            assertThat(r).isNotNull();
            assertThat(r.headers()).contains(new H2Client.Field(":status", "408"));
            assertThat(tookMillis).as("408 after %d ms", tookMillis).isBetween(400L, 3_000L);
        }
        assertThat(metrics().slowClients(SlowClient.BODY)).isEqualTo(1);
        assertThat(lines(1)).singleElement().satisfies(l -> assertThat(l).startsWith("408 "));
    }

    @Test
    void aClientThatStopsReadingALargeResponseIsDroppedCountedAndLogged() throws Exception {
        int total = 50 << 20;
        backend = TestBackend.startRaw((socket, in, out) -> {
            TestBackend.read(in);
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + total + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            byte[] chunk = new byte[64 * 1024];
            try {
                for (int sent = 0; sent < total; sent += chunk.length) {
                    out.write(chunk);
                }
                out.flush();
            } catch (IOException e) {
                backendClosedAt.set(System.nanoTime());
            }
        });
        start(TestProxy.Transport.PLAIN, "client_write_min_rate = \"1KiB\"\nclient_min_rate_grace = \"300ms\"");
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(4096);
            s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port()));
            long started = System.nanoTime();
            s.getOutputStream().write("GET /big HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            // Never reads.
            Wait.until(() -> metrics().slowClients(SlowClient.WRITE) == 1, Duration.ofSeconds(5), "the reader dropped");
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertThat(tookMillis).as("dropped after %d ms", tookMillis).isLessThan(3_000L);
            Wait.until(() -> backendClosedAt.get() != 0, Duration.ofSeconds(4), "the backend connection closed");
        }
        assertThat(lines(1)).singleElement().satisfies(l -> {
            String[] f = l.split(" ", 3);
            assertThat(f[0]).isEqualTo("499");
            assertThat(Long.parseLong(f[1])).isPositive().isLessThan(total);
            assertThat(f[2]).contains("client_write_min_rate");
        });
        assertThat(metrics().clientAborts(ClientAbort.RESPONSE)).isZero();
    }

    @Test
    void aClientReadingSlowlyButAboveTheRateGetsItsWholeResponse() throws Exception {
        int total = 2 << 20;
        backend = TestBackend.startRaw((socket, in, out) -> {
            TestBackend.read(in);
            out.write(("HTTP/1.1 200 OK\r\nContent-Length: " + total + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(new byte[total]);
            out.flush();
        });
        start(TestProxy.Transport.PLAIN, "client_write_min_rate = \"256KiB\"\nclient_min_rate_grace = \"300ms\"");
        try (Socket s = new Socket()) {
            s.setReceiveBufferSize(16 * 1024);
            s.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port()));
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /big HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            // At most 16 KiB every 10 ms, about 1.6 MiB/s: slow, with long waits for the proxy, but above 256 KiB/s.
            InputStream in = s.getInputStream();
            byte[] buf = new byte[16 * 1024];
            long got = 0;
            int n;
            while ((n = in.read(buf)) >= 0) {
                got += n;
                Thread.sleep(10);
            }
            assertThat(got).isGreaterThan(total);
        }
        assertThat(metrics().slowClients(SlowClient.WRITE)).isZero();
        assertThat(lines(1)).singleElement().satisfies(l -> assertThat(l).startsWith("200 " + total));
    }

    private static String readUntilClosed(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            int n;
            while ((n = in.read(buf)) >= 0) {
                got.write(buf, 0, n);
            }
        } catch (java.net.SocketException | javax.net.ssl.SSLException e) {
            // reset after the answer
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }
}
