package io.portico.server;

import io.portico.config.ConfigLoader;
import io.portico.testing.Configs;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * A Portico started in-process on a loopback port from a TOML text, for tests: plaintext, or
 * TLS ({@link #startTls}) with the same methods speaking TLS, so an end-to-end test runs both ways
 * by choosing its {@link Transport}.
 */
final class TestProxy implements AutoCloseable {
    private static final String LISTENER = """
            [[listener]]
            name = "test"
            address = "127.0.0.1:0"
            acceptors = 1
            """;

    /** The name the TLS listener's example.com certificate is chosen by (SNI); clients that send no SNI get default.test's, which names 127.0.0.1. */
    static final String TLS_NAME = "example.com";

    /** How clients reach the proxy: its one listener is http or https. */
    enum Transport {
        PLAIN("http", "ws", ""),
        TLS("https", "wss", """
                protocol = "https"

                [[tls.certificate]]
                cert = "%s"
                key = "%s"
                server_names = ["example.com", "www.example.com"]

                [[tls.certificate]]
                cert = "%s"
                key = "%s"
                server_names = ["default.test"]
                default = true
                """.formatted(TestPki.path("example-rsa-chain.pem"), TestPki.path("example-rsa-key-pkcs1.pem"),
                TestPki.path("default-rsa-chain.pem"), TestPki.path("default-rsa-key.pem")));

        private final String scheme;
        private final String webSocketScheme;
        private final String listenerKeys;

        Transport(String scheme, String webSocketScheme, String listenerKeys) {
            this.scheme = scheme;
            this.webSocketScheme = webSocketScheme;
            this.listenerKeys = listenerKeys;
        }

        /** {@code http} or {@code https}: what X-Forwarded-Proto says. */
        String scheme() {
            return scheme;
        }

        private String listener() {
            return LISTENER + listenerKeys;
        }
    }

    private final PorticoServer server;
    private final Path dir;
    private final Transport transport;
    private final HttpClient client;

    private TestProxy(PorticoServer server, Path dir, Transport transport) {
        this.server = server;
        this.dir = dir;
        this.transport = transport;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5));
        if (transport == Transport.TLS) {
            b.sslContext(TestPki.trustingTestCa());
        }
        this.client = b.build();
    }

    /**
     * Starts a proxy whose config is {@code body} plus one plaintext listener on an ephemeral
     * loopback port (and the server section unless {@code body} has its own).
     */
    static TestProxy start(String body) throws IOException {
        return start(Transport.PLAIN, body);
    }

    /**
     * Like {@link #start(String)} with an https listener: a certificate for example.com (by SNI)
     * and a default one for default.test and 127.0.0.1, both from the test CA that {@link #client()},
     * {@link #socket()} and {@link #curlOptions()} trust.
     */
    static TestProxy startTls(String body) throws IOException {
        return start(Transport.TLS, body);
    }

    static TestProxy start(Transport transport, String body) throws IOException {
        Path dir = Files.createTempDirectory("portico-test");
        Path file = dir.resolve("portico.toml");
        Files.writeString(file, transport.listener() + "\n" + body);
        return new TestProxy(PorticoServer.start(ConfigLoader.load(file)), dir, transport);
    }

    /** Anything a cluster can point at: a TestBackend, a WireMock server. */
    interface HasAddress {
        String address();
    }

    /** {@link Configs#oneCluster}: product {@code www} (the default) routing everything to cluster {@code web} on these backends. */
    static String oneCluster(String extraClusterKeys, HasAddress... backends) {
        return Configs.oneCluster(extraClusterKeys, Arrays.stream(backends).map(HasAddress::address).toArray(String[]::new));
    }

    /** Replaces the config file's text (the same listener plus {@code body}), for reload tests. */
    void rewrite(String body) throws IOException {
        Files.writeString(dir.resolve("portico.toml"), transport.listener() + "\n" + body);
    }

    /** The config file the proxy was started from (and reloads). */
    Path configFile() {
        return dir.resolve("portico.toml");
    }

    PorticoServer server() {
        return server;
    }

    int port() {
        return server.listenerAddresses().get(0).getPort();
    }

    Transport transport() {
        return transport;
    }

    /** {@code http://} or {@code https://} 127.0.0.1 and the port, then {@code path}. */
    URI uri(String path) {
        return URI.create(transport.scheme + "://127.0.0.1:" + port() + path);
    }

    /** {@code ws://} or {@code wss://} 127.0.0.1 and the port, then {@code path}. */
    URI webSocketUri(String path) {
        return URI.create(transport.webSocketScheme + "://127.0.0.1:" + port() + path);
    }

    /** The URL under {@link #TLS_NAME}, for clients told where that name is ({@link #curlOptions()}). */
    String namedUrl(String path) {
        return transport.scheme + "://" + TLS_NAME + ":" + port() + path;
    }

    /** curl's options to reach {@link #namedUrl} on loopback and, over TLS, to trust the test CA. */
    List<String> curlOptions() {
        List<String> options = new ArrayList<>(List.of("--resolve", TLS_NAME + ":" + port() + ":127.0.0.1"));
        if (transport == Transport.TLS) {
            options.addAll(List.of("--cacert", TestPki.path("ca.pem").toString()));
        }
        return options;
    }

    HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpClient client() {
        return client;
    }

    /**
     * A raw socket to the proxy, for what the JDK client will not send; over TLS an SSLSocket that
     * asked for {@link #TLS_NAME} by SNI and finished its handshake.
     */
    Socket socket() throws IOException {
        if (transport == Transport.PLAIN) {
            Socket s = new Socket(InetAddress.getLoopbackAddress(), port());
            s.setSoTimeout(10_000);
            return s;
        }
        SSLSocket s = (SSLSocket) TestPki.trustingTestCa().getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), port());
        s.setSoTimeout(10_000);
        SSLParameters p = s.getSSLParameters();
        p.setServerNames(List.of(new SNIHostName(TLS_NAME)));
        p.setEndpointIdentificationAlgorithm("HTTPS");
        s.setSSLParameters(p);
        s.startHandshake();
        return s;
    }

    /** Sends raw bytes on a fresh connection and returns everything the proxy sends back until it closes. */
    String exchange(String raw) throws IOException {
        try (Socket s = socket()) {
            OutputStream out = s.getOutputStream();
            out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /**
     * Sends raw bytes on a fresh connection, keeping it open for writing (no half-close the proxy
     * could take for a reason to close), and returns what came back before the proxy closed it:
     * "" when it closed or reset the connection without a byte. Fails when the proxy did neither
     * within 5 s: a connection held open without an answer is not a closed one.
     */
    String answerOrClosed(String raw) throws IOException {
        try (Socket s = socket()) {
            s.setSoTimeout(5_000);
            java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
            try {
                s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                InputStream in = s.getInputStream();
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    got.write(buf, 0, n);
                }
            } catch (java.net.SocketTimeoutException e) {
                throw new AssertionError("the proxy neither closed the connection nor finished answering within 5 s; got: "
                        + got.toString(StandardCharsets.ISO_8859_1), e);
            } catch (java.net.SocketException | javax.net.ssl.SSLException reset) {
                // reset by the proxy (or, over TLS, closed without close_notify): closed
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
