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
import java.util.Arrays;

/** A Portico started in-process on a loopback port from a TOML text, for tests. */
final class TestProxy implements AutoCloseable {
    private static final String LISTENER = """
            [[listener]]
            name = "test"
            address = "127.0.0.1:0"
            acceptors = 1
            """;

    private final PorticoServer server;
    private final Path dir;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private TestProxy(PorticoServer server, Path dir) {
        this.server = server;
        this.dir = dir;
    }

    /**
     * Starts a proxy whose config is {@code body} plus one listener on an ephemeral loopback
     * port (and the server section unless {@code body} has its own).
     */
    static TestProxy start(String body) throws IOException {
        Path dir = Files.createTempDirectory("portico-test");
        Path file = dir.resolve("portico.toml");
        Files.writeString(file, LISTENER + "\n" + body);
        return new TestProxy(PorticoServer.start(ConfigLoader.load(file)), dir);
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
        Files.writeString(dir.resolve("portico.toml"), LISTENER + "\n" + body);
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

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
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

    /** A raw socket to the proxy, for what the JDK client will not send. */
    Socket socket() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port());
        s.setSoTimeout(10_000);
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
            } catch (java.net.SocketException reset) {
                // reset by the proxy: closed
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
