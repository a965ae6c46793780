package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.config.ConfigLoader;
import io.portico.server.metrics.ServerMetrics;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A listener behind an L4 balancer: the PROXY header's client is the client for every rule, log and header. */
class ProxyProtocolListenerTest {
    @TempDir
    Path dir;
    private TestBackend backend;
    private PorticoServer server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    private void start(String listenerExtra, String extra) throws Exception {
        backend = TestBackend.start((req, s, out) -> TestBackend.ok(out, req.header("X-Forwarded-For") + " " + req.header("X-Real-IP")));
        Path file = dir.resolve("portico.toml");
        Files.writeString(file, """
                [[listener]]
                address = "127.0.0.1:0"
                proxy_protocol = true
                %s
                [server]
                default_product = "www"
                [server.timeouts]
                client_header = "500ms"
                [[product.www.route]]
                condition = 'req_cip_range("203.0.113.0", "203.0.113.255")'
                cluster = "web"
                [[product.www.route]]
                condition = "default_t()"
                cluster = "web"
                [[cluster.web.subcluster.dc1.instance]]
                address = "%s"
                """.formatted(listenerExtra, backend.address()) + extra);
        server = PorticoServer.start(ConfigLoader.load(file));
    }

    private int port() {
        return server.listenerAddresses().getFirst().getPort();
    }

    private String exchange(byte[] header, String request) throws Exception {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(header);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            try {
                s.getInputStream().transferTo(got);
            } catch (java.net.SocketException reset) {
                // a refused connection closed with our request unread: the peer sees a reset, not a FIN
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }

    private static final String GET = "GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n";

    @Test
    void v1AndV2HeadersNameTheClientThatRulesAndTheBackendSee() throws Exception {
        start("", "");
        assertThat(exchange("PROXY TCP4 203.0.113.9 198.51.100.1 56324 80\r\n".getBytes(StandardCharsets.US_ASCII), GET))
                .startsWith("HTTP/1.1 200 ").endsWith("203.0.113.9 203.0.113.9");
        byte[] v2 = HexFormat.of().parseHex("0d0a0d0a000d0a515549540a" + "2121" + "0024"
                + "20010db8000000000000000000000009" + "20010db8000000000000000000000001" + "dc04" + "0050");
        assertThat(exchange(v2, GET)).endsWith("2001:db8:0:0:0:0:0:9 2001:db8:0:0:0:0:0:9");
        byte[] local = HexFormat.of().parseHex("0d0a0d0a000d0a515549540a" + "2000" + "0000");
        assertThat(exchange(local, GET)).as("LOCAL: the balancer's own check").endsWith("127.0.0.1 127.0.0.1");
    }

    @Test
    void aConnectionWithoutAValidHeaderInTimeIsClosedAndCounted() throws Exception {
        start("", "");
        assertThat(exchange(new byte[0], GET)).isEmpty();
        assertThat(exchange("PROXY TCP4 1.2.3 1.2.3.4 1 2\r\n".getBytes(StandardCharsets.US_ASCII), GET)).isEmpty();
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("PROXY TCP4 ".getBytes(StandardCharsets.US_ASCII));
            assertThat(s.getInputStream().read()).as("closed at client_header").isEqualTo(-1);
        }
        Wait.untilEquals(() -> server.metrics().errors(ServerMetrics.ErrorKind.BAD_PROXY_HEADER), 3L, "three refused");
        assertThat(backend.received()).isEmpty();
    }

    @Test
    void theHeaderComesBeforeTheTlsHandshake() throws Exception {
        start("protocol = \"https\"", """
                [[tls.certificate]]
                cert = "%s"
                key = "%s"
                """.formatted(TlsTerminationTest.pki("default-rsa-chain.pem"), TlsTerminationTest.pki("default-rsa-key.pem")));
        try (Socket raw = new Socket(InetAddress.getLoopbackAddress(), port())) {
            raw.getOutputStream().write("PROXY TCP4 203.0.113.7 198.51.100.1 1000 443\r\n".getBytes(StandardCharsets.US_ASCII));
            try (SSLSocket s = (SSLSocket) TlsTerminationTest.trustingTestCa().getSocketFactory()
                    .createSocket(raw, "default.test", port(), true)) {
                s.setSoTimeout(10_000);
                SSLParameters p = s.getSSLParameters();
                p.setServerNames(List.of(new SNIHostName("default.test")));
                s.setSSLParameters(p);
                s.getOutputStream().write(GET.getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                InputStream in = s.getInputStream();
                assertThat(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1)).endsWith("203.0.113.7 203.0.113.7");
            }
        }
    }
}
