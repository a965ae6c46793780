package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.config.ConfigLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** deploy/systemd/portico.service: reload by SIGHUP, stop by SIGTERM with time for the drain, a high LimitNOFILE. */
class SystemdUnitTest {
    private static final Path UNIT = Path.of("..", "deploy", "systemd", "portico.service").toAbsolutePath().normalize();

    /** The [Service] section's keys (the last value of a key repeated). */
    static Map<String, String> service() throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        String section = "";
        for (String raw : Files.readAllLines(UNIT)) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[")) {
                section = line;
            } else if (section.equals("[Service]")) {
                int eq = line.indexOf('=');
                out.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return out;
    }

    @Test
    void reloadIsSighupAndStopIsSigtermWithTimeForTheDefaultDrain(@TempDir Path dir) throws IOException {
        Map<String, String> s = service();
        assertThat(s.get("ExecReload")).isEqualTo("/bin/kill -HUP $MAINPID");
        assertThat(s.get("KillSignal")).isEqualTo("SIGTERM");
        assertThat(s.get("SuccessExitStatus")).contains("143");
        assertThat(Long.parseLong(s.get("LimitNOFILE"))).isGreaterThanOrEqualTo(65536);
        assertThat(s.get("ExecStart")).contains("--config /etc/portico/portico.toml");
        Files.writeString(dir.resolve("p.toml"), "[[listener]]\naddress = \"127.0.0.1:0\"\n");
        Duration drain = ConfigLoader.load(dir.resolve("p.toml")).server().gracefulShutdownTimeout();
        assertThat(Duration.ofSeconds(Long.parseLong(s.get("TimeoutStopSec")))).isGreaterThan(drain.plusSeconds(5));
    }
}
