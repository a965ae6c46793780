package io.portico.server;

import io.portico.config.ConfigLoader;
import io.portico.config.ProxyConfig;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * {@code portico train}: a short, bounded workload over loopback through a real proxy (a plain
 * and a TLS listener with an RSA and an ECDSA certificate, a local backend), so that a JVM started
 * with {@code -XX:AOTCacheOutput} (JDK 25 and newer) records the classes and the method profiles
 * of serving: HTTP/1.1 keep-alive and connection per request, POST bodies, TLS keep-alive, full and
 * resumed handshakes with both key types, and HTTP/2. A proxy started with that cache compiles
 * its hot paths from the first requests instead of after seconds of traffic. The certificates are
 * made for the run by the JDK's keytool and deleted with the rest of its directory.
 */
final class Training {
    static final String USAGE = "usage: portico train [--seconds N]   (N: 2 to 120, default 12)";
    private static final String STORE_PASSWORD = "portico-train";
    /** The signature schemes a client offers to be given the RSA, or the ECDSA, certificate. */
    private static final List<String> RSA = List.of("rsa_pss_rsae_sha256", "rsa_pkcs1_sha256");
    private static final List<String> ECDSA = List.of("ecdsa_secp256r1_sha256");
    /** Requests on a keep-alive connection before the client opens another. */
    private static final int REQUESTS_PER_CONNECTION = 200;

    /** One part of the workload and what came of it. */
    record Phase(String name, long requests, long failures, String skipped) {
        String describe() {
            return skipped != null ? name + ": skipped (" + skipped + ")"
                    : String.format(Locale.ROOT, "%s: %,d requests, %d failed", name, requests, failures);
        }
    }

    private Training() {
    }

    /** The command: 0 when every phase ran without a failure, 1 otherwise, 2 on bad arguments. */
    static int run(String[] args, PrintStream err) {
        return run(args, err, Path.of(System.getProperty("java.home"), "bin", "keytool"));
    }

    static int run(String[] args, PrintStream err, Path keytool) {
        double seconds = args.length == 1 ? 12 : -1;
        if (args.length == 3 && args[1].equals("--seconds")) {
            try {
                seconds = Double.parseDouble(args[2]);
            } catch (NumberFormatException e) {
                // refused below
            }
        }
        if (!(seconds >= 2 && seconds <= 120)) {
            err.println(USAGE);
            return Main.EXIT_INVALID;
        }
        try {
            List<Phase> phases = workload((long) (seconds * 1e9), keytool);
            phases.forEach(p -> err.println("portico train: " + p.describe()));
            return exitCode(phases);
        } catch (Exception e) {
            err.println("portico train: " + e);
            return Main.EXIT_RUNTIME;
        }
    }

    static int exitCode(List<Phase> phases) {
        return phases.stream().allMatch(p -> p.failures() == 0) ? Main.EXIT_OK : Main.EXIT_RUNTIME;
    }

    /** Runs every phase for its share of {@code nanos}; TLS phases are skipped (and say why) without a keytool. */
    static List<Phase> workload(long nanos, Path keytool) throws Exception {
        return workload(nanos, keytool, true, () -> false, false);
    }

    /**
     * The workload, through a proxy started for it: with {@code tls} false, or without a keytool,
     * its TLS phases are skipped (and say why); once {@code stop} says so every phase ends after
     * the request it is in. A {@code quiet} proxy logs nothing and leaves the logging as it is
     * (the warm-up of a serving process, see {@link WarmUp}).
     */
    static List<Phase> workload(long nanos, Path keytool, boolean tls, BooleanSupplier stop, boolean quiet) throws Exception {
        Path dir = Files.createTempDirectory("portico-train");
        try (TrainingBackend backend = TrainingBackend.start()) {
            String noTls = !tls ? "no TLS listener" : Files.isExecutable(keytool) ? null : "no keytool at " + keytool;
            SSLContext client = noTls == null ? certificates(dir, keytool) : null;
            Path config = dir.resolve("train.toml");
            Files.writeString(config, config(backend.port(), client != null ? dir : null));
            ProxyConfig loaded = ConfigLoader.load(config);
            PorticoServer server = quiet ? PorticoServer.startQuiet(loaded) : PorticoServer.start(loaded);
            try {
                InetSocketAddress plain = server.listenerAddresses().get(0);
                List<Phase> phases = new ArrayList<>();
                // The phases that run share the whole length, HTTP/1.1 keep-alive the most: it goes
                // first, while the JIT's queue is short, and its paths are every other phase's too.
                long share = nanos / (client == null ? 6 : 12);
                phases.add(keepAlive("HTTP/1.1 keep-alive", plain, null, null, 8, new Run(share * 4, stop)));
                phases.add(perRequest("HTTP/1.1 connection per request", plain, new Run(share * 2, stop)));
                if (client == null) {
                    Stream.of("HTTPS keep-alive", "TLS handshakes", "HTTP/2 over TLS")
                            .forEach(n -> phases.add(new Phase(n, 0, 0, noTls)));
                    return phases;
                }
                InetSocketAddress tlsAt = server.listenerAddresses().get(1);
                phases.add(keepAlive("HTTPS keep-alive (RSA)", tlsAt, client, RSA, 4, new Run(share, stop)));
                phases.add(keepAlive("HTTPS keep-alive (ECDSA)", tlsAt, client, ECDSA, 4, new Run(share, stop)));
                phases.add(handshakes(tlsAt, client, new Run(share * 2, stop)));
                phases.add(http2(tlsAt, client, new Run(share * 2, stop)));
                return phases;
            } finally {
                if (quiet) {
                    server.close();
                } else {
                    server.shutdown();
                }
            }
        } finally {
            try (Stream<Path> files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private static String config(int backendPort, Path tlsDir) {
        StringBuilder toml = new StringBuilder("""
                [[listener]]
                name = "train"
                address = "127.0.0.1:0"
                """);
        if (tlsDir != null) {
            toml.append("""

                    [[listener]]
                    name = "train-tls"
                    address = "127.0.0.1:0"
                    protocol = "https"
                    """);
            for (String kind : List.of("rsa", "ec")) {
                // TOML literal strings: a path is taken as it is, backslashes included
                toml.append("\n[[tls.certificate]]\ncert = '").append(tlsDir.resolve(kind + ".crt"))
                        .append("'\nkey = '").append(tlsDir.resolve(kind + ".key")).append("'\n");
            }
        }
        return toml.append("""

                [server]
                default_product = "train"

                [[product.train.route]]
                condition = "default_t()"
                cluster = "backend"

                [cluster.backend]
                balance = "wrr"

                [[cluster.backend.subcluster.local.instance]]
                address = "127.0.0.1:%d"
                """.formatted(backendPort)).toString();
    }

    /** An RSA-2048 and an ECDSA P-256 certificate for localhost and 127.0.0.1 as PEM files; a client context trusting them. */
    private static SSLContext certificates(Path dir, Path keytool) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        for (String kind : List.of("rsa", "ec")) {
            Path store = dir.resolve(kind + ".p12");
            List<String> cmd = new ArrayList<>(List.of(keytool.toString(), "-genkeypair", "-alias", "train",
                    "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "2",
                    "-keystore", store.toString(), "-storetype", "PKCS12",
                    "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD));
            // SHA-256 signatures: keytool signs a P-256 certificate with SHA-384 by default, which a
            // client offering only ecdsa_secp256r1_sha256 refuses.
            cmd.addAll(kind.equals("rsa") ? List.of("-keyalg", "RSA", "-keysize", "2048", "-sigalg", "SHA256withRSA")
                    : List.of("-keyalg", "EC", "-groupname", "secp256r1", "-sigalg", "SHA256withECDSA"));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(dir.resolve(kind + ".log").toFile()).start();
            boolean ended;
            try {
                ended = p.waitFor(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                p.destroyForcibly(); // a warm-up stopped with its proxy: no keytool left behind
                throw e;
            }
            if (!ended || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IOException("keytool could not make the " + kind + " certificate: "
                        + Files.readString(dir.resolve(kind + ".log")).strip());
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(store)) {
                ks.load(in, STORE_PASSWORD.toCharArray());
            }
            Certificate cert = ks.getCertificate("train");
            Files.writeString(dir.resolve(kind + ".crt"), pem("CERTIFICATE", cert.getEncoded()));
            Files.writeString(dir.resolve(kind + ".key"),
                    pem("PRIVATE KEY", ks.getKey("train", STORE_PASSWORD.toCharArray()).getEncoded()));
            trusted.setCertificateEntry(kind, cert);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trusted);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** How long a phase runs: until its deadline, or until told to stop. */
    private static final class Run {
        private final long deadline;
        private final BooleanSupplier stop;

        Run(long nanos, BooleanSupplier stop) {
            this.deadline = System.nanoTime() + nanos;
            this.stop = stop;
        }

        boolean going() {
            return System.nanoTime() - deadline < 0 && !stop.getAsBoolean();
        }
    }

    /** One connection's part of a phase: its answers counted, true for a 200. */
    @FunctionalInterface
    private interface Connection {
        void run(int client, Run run, LongAdder done, LongAdder failed) throws IOException;
    }

    /** {@code clients} virtual threads, each opening connections one after another while the phase runs. */
    private static Phase concurrently(String name, int clients, Run run, Connection connection) throws InterruptedException {
        LongAdder done = new LongAdder();
        LongAdder failed = new LongAdder();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            int client = c;
            threads.add(Thread.ofVirtual().start(() -> {
                while (run.going()) {
                    try {
                        connection.run(client, run, done, failed);
                    } catch (IOException e) {
                        failed.increment();
                    }
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }
        return new Phase(name, done.sum(), failed.sum(), null);
    }

    private static void count(boolean ok, LongAdder done, LongAdder failed) {
        (ok ? done : failed).increment();
    }

    /** {@code clients} connections, each sending GETs of 1 KiB and 0 B and, every eighth request, a POST of 1 KiB. */
    private static Phase keepAlive(String name, InetSocketAddress to, SSLContext tls, List<String> schemes, int clients, Run run)
            throws InterruptedException {
        AtomicLong connections = new AtomicLong();
        return concurrently(name, clients, run, (client, r, done, failed) -> {
            try (Socket s = open(to, tls, schemes)) {
                Exchange x = new Exchange(s);
                // at least one request on each connection, however long its handshake took
                for (int i = 0; i == 0 || r.going() && !x.closed && i < REQUESTS_PER_CONNECTION; i++) {
                    count(i % 8 == 7 ? x.post("/post", TrainingBackend.ONE_KIB) : x.get(i % 2 == 0 ? "/1k" : "/0b", false), done, failed);
                }
                if (connections.incrementAndGet() % 2 == 0) {
                    // Every other connection ends with a reset, as load generators and browsers end
                    // theirs: the proxy's paths for a reset are then in the profile, and the first
                    // resets a warm proxy sees do not throw its hottest code back to the interpreter.
                    s.setSoLinger(true, 0);
                }
            }
        });
    }

    /** Four clients, each a new connection per request with {@code Connection: close}. */
    private static Phase perRequest(String name, InetSocketAddress to, Run run) throws InterruptedException {
        return concurrently(name, 4, run, (client, r, done, failed) -> {
            try (Socket s = open(to, null, null)) {
                count(new Exchange(s).get("/1k", true), done, failed);
            }
        });
    }

    /**
     * New TLS connections with one request each, one client with RSA and one with ECDSA: every
     * other session is dropped, so about half the handshakes are full and half resumed.
     */
    private static Phase handshakes(InetSocketAddress to, SSLContext tls, Run run) throws InterruptedException {
        AtomicLong connections = new AtomicLong();
        return concurrently("TLS handshakes", 2, run, (client, r, done, failed) -> {
            try (SSLSocket s = (SSLSocket) open(to, tls, client == 0 ? RSA : ECDSA)) {
                count(new Exchange(s).get("/1k", true), done, failed);
                if (connections.getAndIncrement() % 2 == 0) {
                    s.getSession().invalidate();
                }
            }
        });
    }

    /** The JDK's client over TLS with ALPN h2: batches of 32 concurrent streams on its connection. */
    private static Phase http2(InetSocketAddress to, SSLContext tls, Run run) {
        long done = 0;
        long failed = 0;
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).sslContext(tls).build()) {
            URI[] uris = {URI.create("https://127.0.0.1:" + to.getPort() + "/1k"),
                    URI.create("https://127.0.0.1:" + to.getPort() + "/0b")};
            while (run.going()) {
                List<CompletableFuture<HttpResponse<byte[]>>> batch = new ArrayList<>();
                for (int i = 0; i < 32; i++) {
                    batch.add(client.sendAsync(HttpRequest.newBuilder(uris[i % 2]).build(), HttpResponse.BodyHandlers.ofByteArray()));
                }
                for (CompletableFuture<HttpResponse<byte[]>> f : batch) {
                    try {
                        HttpResponse<byte[]> r = f.get(10, TimeUnit.SECONDS);
                        boolean ok = r.statusCode() == 200 && r.version() == HttpClient.Version.HTTP_2;
                        if (ok) {
                            done++;
                        } else {
                            failed++;
                        }
                    } catch (Exception e) {
                        failed++;
                    }
                }
            }
        }
        return new Phase("HTTP/2 over TLS", done, failed, null);
    }

    private static Socket open(InetSocketAddress to, SSLContext tls, List<String> schemes) throws IOException {
        Socket s = new Socket();
        try {
            s.connect(to, 5000);
            s.setSoTimeout(10_000);
            s.setTcpNoDelay(true);
            if (tls == null) {
                return s;
            }
            SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, "localhost", to.getPort(), true);
            SSLParameters p = ssl.getSSLParameters();
            p.setServerNames(List.of(new SNIHostName("localhost")));
            p.setApplicationProtocols(new String[] {"http/1.1"});
            p.setSignatureSchemes(schemes.toArray(String[]::new));
            ssl.setSSLParameters(p);
            ssl.startHandshake();
            return ssl;
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
    }

    /** Requests and their answers on one HTTP/1.1 connection. */
    private static final class Exchange {
        private final InputStream in;
        private final OutputStream out;
        private final byte[] head = new byte[16 * 1024];
        /** The proxy said it closes the connection after this answer (a keep-alive limit): open another. */
        boolean closed;

        Exchange(Socket s) throws IOException {
            this.in = new BufferedInputStream(s.getInputStream());
            this.out = s.getOutputStream();
        }

        boolean get(String path, boolean close) throws IOException {
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: portico-train\r\nAccept: */*\r\n"
                    + (close ? "Connection: close\r\n" : "") + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return answer();
        }

        boolean post(String path, byte[] body) throws IOException {
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nUser-Agent: portico-train\r\n"
                    + "Content-Type: application/octet-stream\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            return answer();
        }

        /** Reads one answer (its body by Content-Length); true when it was a 200. */
        private boolean answer() throws IOException {
            int n = TrainingBackend.readHead(in, head);
            if (n == 0) {
                throw new IOException("the proxy closed the connection");
            }
            String text = new String(head, 0, n, StandardCharsets.ISO_8859_1);
            in.skipNBytes(TrainingBackend.contentLength(text));
            closed = TrainingBackend.header(text, "connection").equalsIgnoreCase("close");
            return text.startsWith("HTTP/1.1 200 ");
        }
    }
}
