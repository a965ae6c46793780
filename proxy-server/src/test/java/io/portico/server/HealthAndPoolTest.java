package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.server.upstream.Instance;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Health checks, retries and pool limits through a running proxy. */
class HealthAndPoolTest {
    private final List<TestBackend> backends = new ArrayList<>();
    private TestProxy proxy;

    @AfterEach
    void stop() throws Exception {
        if (proxy != null) {
            proxy.close();
        }
        for (TestBackend b : backends) {
            b.close();
        }
    }

    private Instance instance(TestBackend b) {
        return proxy.server().upstreams().all().values().stream()
                .filter(i -> i.addressText().equals(b.address())).findFirst().orElseThrow();
    }

    private static void await(java.util.function.BooleanSupplier condition, long millis) {
        Wait.until(condition, java.time.Duration.ofMillis(millis), "the condition");
    }

    @Test
    @Tag("heavy") // six clients in a loop through a kill and a restart
    void anInstanceKilledUnderLoadCostsNoFailedGetAndComesBackAfterItsProbes() throws Exception {
        TestBackend a = TestBackend.answering("a");
        TestBackend b = TestBackend.answering("b");
        TestBackend c = TestBackend.answering("c");
        backends.addAll(List.of(a, b, c));
        proxy = TestProxy.start(TestProxy.oneCluster("""
                [cluster.web.health_check]
                mode = "passive"
                path = "/health"
                fail_threshold = 3
                success_threshold = 2
                interval = "100ms"
                timeout = "200ms"
                """, a, b, c));
        LongAdder ok = new LongAdder();
        LongAdder failed = new LongAdder();
        AtomicBoolean running = new AtomicBoolean(true);
        int port = c.port();
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            List<Future<?>> loops = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                loops.add(pool.submit(() -> {
                    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                    while (running.get() && System.nanoTime() < end) {
                        var r = proxy.send(HttpRequest.newBuilder(proxy.uri("/")));
                        (r.statusCode() == 200 ? ok : failed).increment();
                    }
                    return null;
                }));
            }
            Wait.until(() -> ok.sum() >= 100 && !c.received().isEmpty(), "load on all three instances");
            c.close();
            Instance victim = instance(c);
            await(() -> !victim.available(), 15_000);
            assertThat(victim.available()).as("CHECKING after the kill; ok so far: %d", ok.sum()).isFalse();
            assertThat(victim.lastError()).isNotEmpty();
            long whileDown = ok.sum();
            Wait.until(() -> ok.sum() > whileDown + 50, "requests served while c is down");

            TestBackend restarted = TestBackend.startOn(port, (req, s, out) -> TestBackend.ok(out, "c"));
            backends.add(restarted);
            await(victim::available, 15_000);
            assertThat(victim.available()).isTrue();
            await(() -> !restarted.received().stream().filter(r -> !r.requestLine().contains("/health")).toList().isEmpty(), 5000);
            running.set(false);
            for (Future<?> f : loops) {
                f.get();
            }
            assertThat(restarted.received()).anySatisfy(r -> assertThat(r.requestLine()).isEqualTo("GET /health HTTP/1.1"));
            assertThat(restarted.received()).anySatisfy(r -> assertThat(r.requestLine()).isEqualTo("GET / HTTP/1.1"));
        }
        System.out.println("kill/restart drill: " + ok.sum() + " ok, " + failed.sum() + " failed");
        assertThat(failed.sum()).isZero();
    }

    @Test
    void activeChecksTakeAFailingInstanceOutBeforeAnyRequestFails() throws Exception {
        AtomicBoolean healthy = new AtomicBoolean(true);
        TestBackend a = TestBackend.answering("a");
        TestBackend b = TestBackend.start((req, s, out) -> {
            if (req.requestLine().contains("/health") && !healthy.get()) {
                out.write("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n".getBytes());
                return;
            }
            TestBackend.ok(out, "b");
        });
        backends.addAll(List.of(a, b));
        proxy = TestProxy.start(TestProxy.oneCluster("""
                [cluster.web.health_check]
                mode = "active"
                path = "/health"
                fail_threshold = 2
                success_threshold = 1
                interval = "50ms"
                """, a, b));
        healthy.set(false);
        await(() -> !instance(b).available(), 3000);
        assertThat(instance(b).available()).isFalse();
        for (int i = 0; i < 20; i++) {
            assertThat(proxy.get("/").body()).isEqualTo("a");
        }
        healthy.set(true);
        await(() -> instance(b).available(), 3000);
        assertThat(instance(b).available()).isTrue();
    }

    @Test
    void configuredFailStatusesCountAsFailures() throws Exception {
        TestBackend a = TestBackend.answering("a");
        TestBackend b = TestBackend.start((req, s, out) -> out.write(
                "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 4\r\n\r\nbusy".getBytes()));
        backends.addAll(List.of(a, b));
        proxy = TestProxy.start(TestProxy.oneCluster("""
                [cluster.web.health_check]
                fail_status = "502|503"
                fail_threshold = 2
                interval = "10s"
                """, a, b));
        for (int i = 0; i < 4; i++) {
            proxy.get("/");
        }
        assertThat(instance(b).available()).isFalse();
        assertThat(instance(b).lastError()).contains("answered 503");
        for (int i = 0; i < 10; i++) {
            assertThat(proxy.get("/").body()).isEqualTo("a");
        }
    }

    @Test
    void aTcpCheckOnlyConnects() throws Exception {
        TestBackend a = TestBackend.answering("a");
        backends.add(a);
        proxy = TestProxy.start(TestProxy.oneCluster("""
                [cluster.web.health_check]
                mode = "active"
                type = "tcp"
                interval = "50ms"
                """, a));
        await(() -> a.connections() >= 3, 3000);
        assertThat(a.connections()).isGreaterThanOrEqualTo(3);
        assertThat(a.received()).isEmpty();
        assertThat(instance(a).available()).isTrue();
    }

    @Test
    void aPostWhoseBodyReachedABackendIsNotRetried() throws Exception {
        AtomicInteger seen = new AtomicInteger();
        TestBackend.Responder resetting = (req, s, out) -> {
            seen.incrementAndGet();
            s.setSoLinger(true, 0);
            s.close();
        };
        TestBackend a = TestBackend.start(resetting);
        TestBackend b = TestBackend.start(resetting);
        backends.addAll(List.of(a, b));
        proxy = TestProxy.start(TestProxy.oneCluster("", a, b));
        var r = proxy.send(HttpRequest.newBuilder(proxy.uri("/order")).POST(HttpRequest.BodyPublishers.ofString("pay 10")));
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(seen.get()).isEqualTo(1);
        var get = proxy.get("/page");
        assertThat(get.statusCode()).isEqualTo(502);
        assertThat(seen.get()).isEqualTo(3);
    }

    @Test
    void maxPerInstanceCapsBackendConnectionsAndTheOverflowGets503AfterConnectTimeout() throws Exception {
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger peak = new AtomicInteger();
        TestBackend slow = TestBackend.start((req, s, out) -> {
            peak.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            try {
                Thread.sleep(600);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            concurrent.decrementAndGet();
            TestBackend.ok(out, "s");
        });
        backends.add(slow);
        proxy = TestProxy.start(TestProxy.oneCluster("""
                connect_timeout = "200ms"
                [cluster.web.pool]
                max_per_instance = 2
                max_idle_per_instance = 2
                """, slow));
        List<Integer> statuses = java.util.Collections.synchronizedList(new ArrayList<>());
        try (ExecutorService pool = Executors.newFixedThreadPool(5)) {
            List<Future<?>> fs = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                fs.add(pool.submit(() -> statuses.add(proxy.get("/").statusCode())));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        }
        assertThat(peak.get()).isEqualTo(2);
        assertThat(slow.connections()).isEqualTo(2);
        assertThat(statuses).containsOnly(200, 503).filteredOn(s -> s == 200).hasSize(2);
    }

    @Test
    void idleConnectionsPastIdleTimeoutAreClosed() throws Exception {
        TestBackend a = TestBackend.answering("a");
        backends.add(a);
        proxy = TestProxy.start(TestProxy.oneCluster("[cluster.web.pool]\nidle_timeout = \"300ms\"\n", a));
        assertThat(proxy.get("/").statusCode()).isEqualTo(200);
        Instance i = instance(a);
        // The connection goes back to the pool just after the client has the response.
        await(() -> i.pool().idleConnections() == 1, 250);
        await(() -> i.pool().openConnections() == 0, 3000);
        assertThat(i.pool().openConnections()).isZero();
        assertThat(proxy.get("/").statusCode()).isEqualTo(200);
        assertThat(a.connections()).isEqualTo(2);
    }
}
