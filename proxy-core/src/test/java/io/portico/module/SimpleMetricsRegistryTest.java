package io.portico.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class SimpleMetricsRegistryTest {
    private final SimpleMetricsRegistry registry = new SimpleMetricsRegistry();

    @Test
    void countersAddUpIncrementsFromManyThreads() throws InterruptedException {
        int threads = 4;
        int perThread = 50_000;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread w = new Thread(() -> {
                Counter c = registry.counter("portico_test_hits_total", "Hits.", "module", "demo");
                awaitQuietly(start);
                for (int i = 0; i < perThread; i++) {
                    c.increment();
                }
                c.add(5);
            });
            workers.add(w);
            w.start();
        }
        start.countDown();
        for (Thread w : workers) {
            w.join(10_000);
            assertThat(w.isAlive()).isFalse();
        }
        assertThat(registry.counter("portico_test_hits_total", "Hits.", "module", "demo").value())
                .isEqualTo((long) threads * (perThread + 5));
    }

    @Test
    void theSameNameAndLabelsInAnyOrderAreOneSeries() {
        Counter a = registry.counter("portico_x_total", "X.", "a", "1", "b", "2");
        Counter b = registry.counter("portico_x_total", "X.", "b", "2", "a", "1");
        Counter other = registry.counter("portico_x_total", "X.", "a", "1", "b", "3");
        assertThat(b).isSameAs(a);
        assertThat(other).isNotSameAs(a);
    }

    @Test
    void countersOnlyGoUpAndGaugesGoBothWays() {
        Counter c = registry.counter("portico_c_total", "C.");
        assertThatThrownBy(() -> c.add(-1)).isInstanceOf(IllegalArgumentException.class);
        Gauge g = registry.gauge("portico_in_flight", "In flight.");
        g.add(3);
        g.add(-5);
        assertThat(g.value()).isEqualTo(-2);
        g.set(7);
        assertThat(g.value()).isEqualTo(7);
    }

    @Test
    void badNamesLabelsAndTypeClashesAreRefused() {
        assertThatThrownBy(() -> registry.counter("1bad", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.counter("bad-name", "")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.counter("ok_total", "", "odd")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.counter("ok_total", "", "a:b", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.counter("ok_total", "", "__name__", "v")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.counter("ok_total", "", "a", "1", "a", "2")).isInstanceOf(IllegalArgumentException.class);
        registry.counter("portico:ok_total", "Colons are fine in metric names.");
        assertThatThrownBy(() -> registry.gauge("portico:ok_total", "")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("counter");
    }

    @Test
    void prometheusTextListsFamiliesByNameWithHelpTypeAndEscapedLabels() {
        registry.counter("portico_requests_total", "Requests by module.", "module", "b").add(2);
        registry.counter("portico_requests_total", "Requests by module.", "module", "a").increment();
        registry.gauge("portico_active", "Active \\ now\nper module.", "path", "C:\\x \"q\"\n").set(-3);
        registry.counter("portico_empty_total", "No labels.");

        StringBuilder out = new StringBuilder();
        registry.writePrometheus(out);

        assertThat(out.toString()).isEqualTo("""
                # HELP portico_active Active \\\\ now\\nper module.
                # TYPE portico_active gauge
                portico_active{path="C:\\\\x \\"q\\"\\n"} -3
                # HELP portico_empty_total No labels.
                # TYPE portico_empty_total counter
                portico_empty_total 0
                # HELP portico_requests_total Requests by module.
                # TYPE portico_requests_total counter
                portico_requests_total{module="a"} 1
                portico_requests_total{module="b"} 2
                """);
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
