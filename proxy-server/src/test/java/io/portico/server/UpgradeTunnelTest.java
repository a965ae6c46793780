package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.testing.RawResponse;
import java.io.DataInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/** Connection: Upgrade is tunnelled once the backend answers 101: WebSocket through the proxy. */
@ParameterizedClass(name = "{0}")
@EnumSource(TestProxy.Transport.class)
class UpgradeTunnelTest {
    @Parameter
    TestProxy.Transport transport;

    private TestBackend backend;
    private TestProxy proxy;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        backend.close();
    }

    /** A backend that accepts any upgrade and then echoes raw bytes until the client closes. */
    private static TestBackend echoUpgrades() throws Exception {
        return TestBackend.startRaw((s, in, out) -> {
            TestBackend.Received req = TestBackend.read(in);
            if (req.header("Upgrade") == null) {
                TestBackend.ok(out, "no upgrade");
                return;
            }
            if (req.header("Sec-WebSocket-Key") != null) {
                webSocketEcho(req, in, out);
                return;
            }
            out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: " + req.header("Upgrade")
                    + "\r\nConnection: Upgrade\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] buf = new byte[4096];
            int n;
            while ((n = in.read(buf)) > 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        }).expectingUpgrade("echo/1", "websocket");
    }

    /** RFC 6455: the handshake, then each masked client text frame comes back unmasked. */
    private static void webSocketEcho(TestBackend.Received req, InputStream in, OutputStream out) throws Exception {
        String accept = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(
                (req.header("Sec-WebSocket-Key") + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(StandardCharsets.US_ASCII)));
        out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        DataInputStream d = new DataInputStream(in);
        while (true) {
            int b0 = d.read();
            if (b0 < 0) {
                return;
            }
            int len = d.read() & 0x7f;
            if (len == 126) {
                len = d.readUnsignedShort();
            }
            byte[] mask = d.readNBytes(4);
            byte[] payload = d.readNBytes(len);
            for (int i = 0; i < len; i++) {
                payload[i] ^= mask[i % 4];
            }
            int opcode = b0 & 0x0f;
            if (opcode == 8) {
                out.write(new byte[] {(byte) 0x88, 0});
                out.flush();
                return;
            }
            out.write(0x80 | opcode);
            if (len < 126) {
                out.write(len);
            } else {
                out.write(126);
                out.write(len >> 8);
                out.write(len);
            }
            out.write(payload);
            out.flush();
        }
    }

    @Test
    void anUpgradedConnectionCarriesBytesBothWays() throws Exception {
        backend = echoUpgrades();
        proxy = TestProxy.start(transport, TestProxy.oneCluster("", backend));
        try (Socket s = proxy.socket()) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            out.write("GET /chat HTTP/1.1\r\nHost: a\r\nConnection: keep-alive, Upgrade\r\nUpgrade: WebSocket\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String head = RawResponse.readHead(in);
            assertThat(head).startsWith("HTTP/1.1 101 ").contains("Upgrade: websocket").contains("Connection: Upgrade");
            for (String word : new String[] {"ping", "not HTTP at all\r\n\r\n", "last"}) {
                out.write(word.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                assertThat(new String(in.readNBytes(word.length()), StandardCharsets.US_ASCII)).isEqualTo(word);
            }
            s.shutdownOutput();
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(backend.received()).isEmpty(); // raw handler: the backend parsed the request itself
    }

    @Test
    void aRealWebSocketClientTalksThroughTheProxy() throws Exception {
        backend = echoUpgrades();
        proxy = TestProxy.start(transport, TestProxy.oneCluster("", backend));
        CompletableFuture<String> echoed = new CompletableFuture<>();
        WebSocket ws = proxy.client().newWebSocketBuilder()
                .buildAsync(proxy.webSocketUri("/ws"), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            echoed.complete(text.toString());
                        }
                        w.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        ws.sendText("hello through portico", true).get(10, TimeUnit.SECONDS);
        assertThat(echoed.get(10, TimeUnit.SECONDS)).isEqualTo("hello through portico");
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
    }

    @Test
    void aRequestThatDidNotAskForAnUpgradeNeverGetsOne() throws Exception {
        backend = TestBackend.start((req, s, out) -> out.write(
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: evil\r\nConnection: Upgrade\r\n\r\n".getBytes()));
        proxy = TestProxy.start(transport, TestProxy.oneCluster("", backend));
        assertThat(proxy.exchange("GET / HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")).startsWith("HTTP/1.1 502 ");
    }

    @Test
    void anH2cUpgradeNeverReachesTheBackendAndItsSwitchIsRefused() throws Exception {
        // h2c smuggling: a tunnel to the backend would carry HTTP/2 requests past every rule.
        backend = TestBackend.answering("plain");
        proxy = TestProxy.start(transport, TestProxy.oneCluster("", backend));
        String r = proxy.exchange("GET /x HTTP/1.1\r\nHost: a\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"
                + "HTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n");
        assertThat(r).startsWith("HTTP/1.1 200 ").doesNotContain("101");
        TestBackend.Received got = backend.last();
        assertThat(got.header("Upgrade")).isNull();
        assertThat(got.header("HTTP2-Settings")).isNull();
        assertThat(got.header("Connection")).isNull();
    }

    @Test
    void aBackendSwitchingToAProtocolOtherThanTheOneAskedForIsRefused() throws Exception {
        backend = TestBackend.start((req, s, out) -> out.write(
                "HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n".getBytes()));
        proxy = TestProxy.start(transport, TestProxy.oneCluster("", backend));
        assertThat(proxy.exchange("GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n"))
                .startsWith("HTTP/1.1 502 ");
        assertThat(proxy.exchange("GET / HTTP/1.1\r\nHost: a\r\nConnection: Upgrade\r\nUpgrade: foo/1, h2c\r\n\r\n"))
                .startsWith("HTTP/1.1 502 ");
    }
}
