package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * A proxy process with a low descriptor limit ({@code ulimit -n 256}) and more connections than it
 * can hold: the acceptors back off and log a few lines a second, not one per failed accept, and
 * the proxy serves again once the connections close. Without max_connections the limit is chosen
 * below the descriptors, so the same flood is refused at the cap instead.
 */
@EnabledOnOs(OS.LINUX)
class DescriptorLimitTest {
    private static final int DESCRIPTORS = 256;
    private static final int FLOOD = 400;

    private record Child(Process process, List<String> lines, int port) implements AutoCloseable {
        @Override
        public void close() {
            process.destroyForcibly();
        }

        long count(String text) {
            return lines.stream().filter(l -> l.contains(text)).count();
        }
    }

    private static Child start(Path dir, String config) throws Exception {
        Path file = dir.resolve("portico.toml");
        Files.writeString(file, config);
        String java = ProcessHandle.current().info().command().orElse("java");
        String command = "ulimit -n " + DESCRIPTORS + " && exec '" + java + "' -Xmx128m -cp '" + System.getProperty("java.class.path")
                + "' " + Main.class.getName() + " --config '" + file + "'";
        Process p = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                r.lines().forEach(lines::add);
            } catch (IOException e) {
                // process gone
            }
        });
        try {
            Wait.until(() -> lines.stream().anyMatch(l -> l.contains("started:")) || !p.isAlive(), Duration.ofSeconds(30),
                    "the child proxy to start");
            String started = lines.stream().filter(l -> l.contains("started:")).findFirst()
                    .orElseThrow(() -> new AssertionError("child did not start:\n" + String.join("\n", lines)));
            String after = started.substring(started.indexOf("listeners p=127.0.0.1:") + "listeners p=127.0.0.1:".length());
            return new Child(p, lines, Integer.parseInt(after.substring(0, after.indexOf(','))));
        } catch (RuntimeException | AssertionError e) {
            p.destroyForcibly();
            throw e;
        }
    }

    private static long descriptors(Child child) throws IOException {
        try (var fds = Files.list(Path.of("/proc/" + child.process().pid() + "/fd"))) {
            return fds.count();
        }
    }

    private static String config(String limits, TestBackend backend) {
        return """
                [[listener]]
                name = "p"
                address = "127.0.0.1:0"
                """ + limits + TestProxy.oneCluster("", backend);
    }

    private static List<Socket> flood(int port) throws IOException {
        List<Socket> sockets = new ArrayList<>();
        for (int i = 0; i < FLOOD; i++) {
            sockets.add(new Socket("127.0.0.1", port));
        }
        return sockets;
    }

    private static void closeAll(List<Socket> sockets) {
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    private static HttpResponse<String> get(int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void outOfDescriptorsTheAcceptorsBackOffLogAFewLinesASecondAndRecover(@TempDir Path dir) throws Exception {
        try (TestBackend backend = TestBackend.answering("one");
             Child child = start(dir, config("[server.limits]\nmax_connections = 100000\n", backend))) {
            assertThat(child.count("max_connections 100000 (configured; the process may open " + DESCRIPTORS
                    + " file descriptors (ulimit -n); above half of them")).isEqualTo(1);
            // Classes load before the flood (from target/classes each needs a descriptor).
            assertThat(get(child.port()).body()).isEqualTo("one");
            List<Socket> sockets = flood(child.port());
            try {
                Wait.until(() -> child.count("accept failed") > 0, "accepts to fail for want of descriptors");
                long failingSince = System.nanoTime();
                Thread.sleep(3000);
                assertThat(descriptors(child)).as("the child holds all it may").isGreaterThan(DESCRIPTORS - 8);
                double seconds = (System.nanoTime() - failingSince) / 1e9;
                long lines = child.count("accept failed");
                System.out.printf("EMFILE: %d log lines in %.1f s of failing accepts%n", lines, seconds);
                child.lines().stream().filter(l -> l.contains("accept")).forEach(l -> System.out.println("  " + l));
                assertThat(lines).as("at most one line a second, plus the first").isBetween(1L, (long) seconds + 2);
            } finally {
                closeAll(sockets);
            }
            // The recovery line waits for an accept a second after the last line: the GET is one.
            Thread.sleep(1000);
            assertThat(get(child.port()).body()).isEqualTo("one");
            Wait.until(() -> child.count("accepting again after") >= 1, "the acceptors to say they recovered");
            assertThat(child.count("Exception")).as("no stack traces").isZero();
        }
    }

    @Test
    void withoutMaxConnectionsTheCapStaysBelowTheDescriptorLimit(@TempDir Path dir) throws Exception {
        try (TestBackend backend = TestBackend.answering("one"); Child child = start(dir, config("", backend))) {
            assertThat(get(child.port()).body()).isEqualTo("one");
            int cap = (DESCRIPTORS - 64) / 2;
            assertThat(child.count("max_connections " + cap + " (not configured: half of the " + DESCRIPTORS
                    + " file descriptors (ulimit -n) less 64 reserved)")).isEqualTo(1);
            List<Socket> sockets = flood(child.port());
            try {
                // Every connection is taken and all past the cap closed at once: the flood drains without failed accepts.
                Wait.until(() -> {
                    int closed = 0;
                    for (Socket s : sockets) {
                        try {
                            s.setSoTimeout(1);
                            if (s.getInputStream().read() < 0) {
                                closed++;
                            }
                        } catch (IOException stillOpen) {
                            // open, or reset: counted as open, so the wait is conservative
                        }
                    }
                    return closed >= FLOOD - cap;
                }, Duration.ofSeconds(20), "the connections past the cap to be refused");
                assertThat(child.count("accept failed")).isZero();
            } finally {
                closeAll(sockets);
            }
            assertThat(get(child.port()).body()).isEqualTo("one");
        }
    }
}
