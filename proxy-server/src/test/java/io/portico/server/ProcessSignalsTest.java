package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The process as systemd runs it: SIGHUP reloads the config (ExecReload), SIGTERM drains and
 * exits 0 (not the 143 of a JVM ended by a signal).
 */
@DisabledOnOs(OS.WINDOWS)
class ProcessSignalsTest {

    @Test
    void sighupReloadsAndSigtermDrainsAndStops(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("portico.toml");
        String base = """
                [[listener]]
                address = "127.0.0.1:0"
                [server]
                graceful_shutdown_timeout = "2s"
                [[cluster.web.subcluster.a.instance]]
                address = "127.0.0.1:9"
                """;
        Files.writeString(file, base);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--config", file.toString()).redirectErrorStream(true).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                r.lines().forEach(lines::add);
            } catch (IOException e) {
                // process gone
            }
        });
        try {
            assertThat(await(lines, "started:")).contains("config version 1");
            Files.writeString(file, base + "[log]\nlevel = \"info\"\n");
            signal("HUP", p.pid());
            assertThat(await(lines, "reload ok:")).contains("config version 2");
            Files.writeString(file, base + "[log]\nlevel = \"loud\"\n");
            signal("HUP", p.pid());
            assertThat(await(lines, "reload refused")).contains("log.level", "config version 2 keeps serving");
            signal("TERM", p.pid());
            assertThat(await(lines, "drain started:")).contains("0 connections open, waiting up to 2s");
            assertThat(await(lines, "drain finished in ")).contains(": 0 connections still busy were closed");
            assertThat(await(lines, "stopped")).isNotNull();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        } finally {
            p.destroyForcibly();
        }
    }

    private static void signal(String name, long pid) throws Exception {
        assertThat(new ProcessBuilder(List.of("kill", "-" + name, Long.toString(pid))).start().waitFor()).isZero();
    }

    private static String await(BlockingQueue<String> lines, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            String line = lines.poll(200, TimeUnit.MILLISECONDS);
            if (line != null && line.contains(text)) {
                return line;
            }
        }
        throw new AssertionError("no line with \"" + text + "\" in time");
    }
}
