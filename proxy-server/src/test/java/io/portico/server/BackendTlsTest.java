package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.config.CertificateConfig;
import io.portico.server.tls.CertifiedKey;
import io.portico.server.tls.Pem;
import io.portico.server.tls.ServerTls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code protocol = "https"} clusters: verified TLS to the instances, pooled, resumed, probed. */
class BackendTlsTest {
    private TlsBackend backend;
    private TestProxy proxy;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        if (backend != null) {
            backend.close();
        }
    }

    /**
     * A real HTTPS backend on loopback, built from the proxy's own server TLS (it is a plain JSSE
     * engine with SNI choice): it serves keep-alive HTTP/1.1, answers with what it saw, and records
     * connections, SNI names and client certificates.
     */
    static final class TlsBackend implements AutoCloseable, TestProxy.HasAddress {
        final ServerSocketChannel server;
        final AtomicInteger connections = new AtomicInteger();
        final List<String> requests = new CopyOnWriteArrayList<>();
        final List<String> sni = new CopyOnWriteArrayList<>();
        final List<String> clients = new CopyOnWriteArrayList<>();
        final List<io.portico.server.io.SocketIo> open = new CopyOnWriteArrayList<>();

        TlsBackend(String clientAuth, String... bases) throws IOException {
            List<CertifiedKey> keys = new java.util.ArrayList<>();
            for (int i = 0; i < bases.length; i++) {
                String b = bases[i];
                List<String> names = switch (b) {
                    case "example-rsa" -> List.of("example.com");
                    default -> List.of();
                };
                keys.add(CertifiedKey.load(new CertificateConfig(TlsTerminationTest.pki(b + (b.equals("expired") ? ".pem" : "-chain.pem")),
                        TlsTerminationTest.pki(b + "-key.pem"), names, i == 0, Optional.empty())));
            }
            var cas = Pem.certificates(Files.readString(TlsTerminationTest.pki("ca.pem")));
            ServerTls tls = ServerTls.of(keys, "1.2", List.of("http/1.1"), clientAuth, cas);
            server = ServerSocketChannel.open().bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            Thread.ofVirtual().start(() -> {
                while (server.isOpen()) {
                    try {
                        SocketChannel ch = server.accept();
                        connections.incrementAndGet();
                        Thread.ofVirtual().start(() -> serve(ch, tls.newEngine()));
                    } catch (IOException e) {
                        return;
                    }
                }
            });
        }

        private void serve(SocketChannel ch, SSLEngine engine) {
            try (io.portico.server.io.SocketIo io = new io.portico.server.io.SocketIo(ch, new byte[16384],
                    new byte[16384])) {
                open.add(io);
                SSLSession s = io.startTls(engine, System.nanoTime() + 10_000_000_000L);
                for (var n : ((ExtendedSSLSession) s).getRequestedServerNames()) {
                    sni.add(((SNIHostName) n).getAsciiName());
                }
                try {
                    clients.add(((java.security.cert.X509Certificate) s.getPeerCertificates()[0]).getSubjectX500Principal().getName());
                } catch (javax.net.ssl.SSLPeerUnverifiedException none) {
                    clients.add("-");
                }
                InputStream in = io.reader().asInputStream();
                OutputStream out = io.out();
                while (true) {
                    TestBackend.Received r = TestBackend.read(in);
                    if (r == null) {
                        return;
                    }
                    requests.add(r.requestLine());
                    TestBackend.ok(out, "tls backend: " + r.requestLine());
                    io.flush();
                }
            } catch (IOException e) {
                // the proxy closed, or a refused handshake
            }
        }

        @Override
        public String address() {
            return "127.0.0.1:" + server.socket().getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            open.forEach(io.portico.server.io.SocketIo::close);
        }
    }

    private void start(String clusterKeys, String extra) throws Exception {
        proxy = TestProxy.start(TestProxy.oneCluster("protocol = \"https\"\n" + clusterKeys, backend) + extra);
    }

    private static String ca() {
        return "[cluster.web.tls]\nca = \"" + TlsTerminationTest.pki("ca.pem") + "\"\n";
    }

    private String get(String path) throws Exception {
        var r = proxy.get(path);
        return r.statusCode() + " " + r.body();
    }

    @Test
    void requestsGoOverVerifiedTlsOnOnePooledConnection() throws Exception {
        backend = new TlsBackend("none", "default-rsa");
        start("", ca());
        for (int i = 0; i < 5; i++) {
            assertThat(get("/" + i)).isEqualTo("200 tls backend: GET /" + i + " HTTP/1.1");
            Thread.sleep(30); // a TLS 1.3 server's session tickets arrive while the connection idles in the pool
        }
        assertThat(backend.connections.get()).as("the tickets did not make the pooled connection look stale").isEqualTo(1);
        assertThat(backend.sni).as("no SNI for an IP address").isEmpty();
        var stats = proxy.server().upstreams().clusterStats().get("web");
        assertThat(stats.tlsHandshakes(false)).isEqualTo(1);
    }

    @Test
    void newConnectionsResumeTheSession() throws Exception {
        backend = new TlsBackend("none", "default-rsa");
        start("[cluster.web.pool]\nmax_idle_per_instance = 0\n", ca());
        for (int i = 0; i < 5; i++) {
            assertThat(get("/" + i)).startsWith("200 ");
        }
        assertThat(backend.connections.get()).isEqualTo(5);
        var stats = proxy.server().upstreams().clusterStats().get("web");
        assertThat(stats.tlsHandshakes(false)).isEqualTo(1);
        assertThat(stats.tlsHandshakes(true)).isEqualTo(4);
    }

    @Test
    void theServerNameIsSentAsSniAndVerified() throws Exception {
        backend = new TlsBackend("none", "default-rsa", "example-rsa");
        start("", ca() + "server_name = \"example.com\"\n");
        assertThat(get("/named")).isEqualTo("200 tls backend: GET /named HTTP/1.1");
        assertThat(backend.sni).containsExactly("example.com");
    }

    @Test
    void aCertificateThatDoesNotVerifyIsAConnectFailure() throws Exception {
        backend = new TlsBackend("none", "default-rsa");
        start("", ca() + "server_name = \"other.test\"\n");
        assertThat(get("/")).startsWith("502 ");
        assertThat(backend.requests).isEmpty();
        proxy.close();
        start("", "[cluster.web.tls]\nserver_name = \"other.test\"\n");
        assertThat(get("/")).as("the JDK's trust store does not know the test CA").startsWith("502 ");
        proxy.close();
        start("", "[cluster.web.tls]\nserver_name = \"other.test\"\ninsecure_skip_verify = true\n");
        assertThat(get("/skip")).isEqualTo("200 tls backend: GET /skip HTTP/1.1");
    }

    @Test
    void anExpiredBackendCertificateIsRefused() throws Exception {
        backend = new TlsBackend("none", "expired");
        start("", ca() + "server_name = \"expired.test\"\n");
        assertThat(get("/")).startsWith("502 ");
    }

    @Test
    void aClientCertificateIsPresentedWhenConfigured() throws Exception {
        backend = new TlsBackend("required", "default-rsa");
        start("", ca());
        assertThat(get("/")).as("required, none sent").startsWith("502 ");
        proxy.close();
        start("", ca() + "cert = \"" + TlsTerminationTest.pki("client-rsa-chain.pem") + "\"\nkey = \""
                + TlsTerminationTest.pki("client-rsa-key.pem") + "\"\n");
        assertThat(get("/mtls")).isEqualTo("200 tls backend: GET /mtls HTTP/1.1");
        assertThat(backend.clients).contains("CN=client one");
    }

    @Test
    void activeHealthChecksUseTheClustersProtocol() throws Exception {
        backend = new TlsBackend("none", "default-rsa");
        start("""
                [cluster.web.health_check]
                mode = "active"
                path = "/health"
                interval = "50ms"
                """, ca());
        Wait.until(() -> backend.requests.contains("GET /health HTTP/1.1"), "a probe over TLS");
        assertThat(proxy.server().upstreams().all().values()).allSatisfy(i -> assertThat(i.available()).isTrue());
    }
}
