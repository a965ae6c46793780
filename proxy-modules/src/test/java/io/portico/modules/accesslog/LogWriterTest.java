package io.portico.modules.accesslog;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.module.Counter;
import io.portico.module.SimpleMetricsRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class LogWriterTest {
    private final SimpleMetricsRegistry metrics = new SimpleMetricsRegistry();
    private final Counter dropped = metrics.counter("dropped_total", "d");
    private final Counter errors = metrics.counter("errors_total", "e");

    private LogWriter writer(int capacity, Path path, PrintStream out) throws Exception {
        return new LogWriter(capacity, path, out, dropped, errors, LoggerFactory.getLogger(LogWriterTest.class), 0);
    }

    @Test
    void aFullQueueDropsAndCountsLinesInsteadOfWaiting() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LogWriter w = writer(2, null, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        for (int i = 0; i < 5; i++) {
            w.offer("line " + i + "\n");
        }
        assertThat(dropped.value()).isEqualTo(3);
        w.close();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("line 0\nline 1\n");
    }

    @Test
    void theBackgroundWriterAppendsAndCloseFlushesWhatIsLeft(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("access.log");
        Files.writeString(file, "old\n");
        LogWriter w = writer(100, file, System.out);
        Thread t = Thread.ofVirtual().start(w);
        w.offer("a\n");
        for (int i = 0; i < 2000 && Files.size(file) < 6; i++) { // up to 10 s: a wait, not a pause
            Thread.sleep(5);
        }
        assertThat(Files.readString(file)).isEqualTo("old\na\n");
        t.interrupt();
        w.offer("b\n");
        w.close();
        assertThat(Files.readString(file)).isEqualTo("old\na\nb\n");
    }

    @Test
    void aFileMovedAwayIsReopenedAtItsPath(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("access.log");
        LogWriter w = writer(100, file, System.out);
        w.offer("first\n");
        w.close();
        w = writer(100, file, System.out);
        w.offer("second\n");
        Files.move(file, dir.resolve("access.log.1"));
        Thread t = Thread.ofVirtual().start(w);
        for (int i = 0; i < 2000 && !Files.exists(file); i++) { // up to 10 s: a wait, not a pause
            Thread.sleep(5);
        }
        t.interrupt();
        w.close();
        assertThat(Files.readString(dir.resolve("access.log.1"))).isEqualTo("first\n");
        assertThat(Files.readString(file)).isEqualTo("second\n");
        assertThat(errors.value()).isZero();
    }
}
