package io.portico.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.server.metrics.ServerMetrics;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Sub-cluster and instance choice through a running proxy. */
class BalancingTest {
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

    private TestBackend backend(String name) throws Exception {
        TestBackend b = TestBackend.answering(name);
        backends.add(b);
        return b;
    }

    /** Sends n GETs from 8 threads; returns how many answers each body (or status) got. */
    private Map<String, Integer> spray(int n, String... headers) throws Exception {
        Map<String, LongAdder> counts = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> fs = new ArrayList<>();
            AtomicInteger next = new AtomicInteger();
            for (int t = 0; t < 8; t++) {
                fs.add(pool.submit(() -> {
                    while (next.getAndIncrement() < n) {
                        HttpRequest.Builder b = HttpRequest.newBuilder(proxy.uri("/"));
                        for (int i = 0; i < headers.length; i += 2) {
                            b.header(headers[i], headers[i + 1]);
                        }
                        var r = proxy.send(b);
                        String key = r.statusCode() == 200 ? r.body() : String.valueOf(r.statusCode());
                        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get();
            }
        }
        Map<String, Integer> out = new java.util.TreeMap<>();
        counts.forEach((k, v) -> out.put(k, v.intValue()));
        return out;
    }

    @Test
    @Tag("heavy") // statistical: 10,000 requests
    void subclusterSharesFollowTheWeightsAndBlackholeAnswers503() throws Exception {
        TestBackend a = backend("a");
        TestBackend b = backend("b");
        proxy = TestProxy.start("""
                [server]
                default_product = "www"
                [[product.www.route]]
                condition = "default_t()"
                cluster = "web"
                [cluster.web.subclusters]
                idc_a = 45
                idc_b = 45
                BLACKHOLE = 10
                [[cluster.web.subcluster.idc_a.instance]]
                address = "%s"
                [[cluster.web.subcluster.idc_b.instance]]
                address = "%s"
                """.formatted(a.address(), b.address()));
        Map<String, Integer> shares = spray(10_000);
        System.out.println("GSLB shares over 10000 requests (45/45/10): " + shares);
        assertThat(shares.get("a") / 100.0).isBetween(43.0, 47.0);
        assertThat(shares.get("b") / 100.0).isBetween(43.0, 47.0);
        assertThat(shares.get("503") / 100.0).isBetween(8.0, 12.0);
        assertThat(proxy.server().metrics().errors(ServerMetrics.ErrorKind.BLACKHOLE)).isEqualTo(shares.get("503").longValue());
        String dropped = "";
        for (int i = 0; i < 200 && !dropped.startsWith("HTTP/1.1 503"); i++) {
            dropped = proxy.exchange("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        }
        assertThat(dropped).startsWith("HTTP/1.1 503 ").contains("Retry-After: ");
    }

    @Test
    void weightedRoundRobinSpreadsByInstanceWeight() throws Exception {
        TestBackend a = backend("a");
        TestBackend b = backend("b");
        proxy = TestProxy.start(TestProxy.oneCluster("", a).replace(
                "address = \"" + a.address() + "\"\n",
                "address = \"" + a.address() + "\"\nweight = 3\n[[cluster.web.subcluster.dc1.instance]]\naddress = \""
                        + b.address() + "\"\n"));
        Map<String, Integer> shares = spray(400);
        assertThat(shares).containsEntry("a", 300).containsEntry("b", 100);
    }

    @Test
    @Tag("heavy") // statistical: 400 requests against a 300 ms backend
    void leastConnectionsPrefersTheInstanceThatIsNotSlow() throws Exception {
        TestBackend fast = backend("fast");
        TestBackend slow = TestBackend.start((req, s, out) -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            TestBackend.ok(out, "slow");
        });
        backends.add(slow);
        proxy = TestProxy.start(TestProxy.oneCluster("balance = \"wlc\"", fast, slow));
        Map<String, Integer> shares = spray(400);
        System.out.println("WLC with one slow instance: " + shares);
        // Round robin would send the slow instance half (200); least connections sends it far fewer.
        assertThat(shares.getOrDefault("slow", 0)).isLessThan(100);
        assertThat(shares.get("fast")).isGreaterThan(300);
    }

    @Test
    void stickyHeaderKeysStayOnTheirInstance() throws Exception {
        List<TestBackend> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(backend("i" + i));
        }
        proxy = TestProxy.start(TestProxy.oneCluster("sticky = { key = \"header:X-User\", level = \"instance\" }",
                five.toArray(TestBackend[]::new)));
        Map<String, String> first = new java.util.HashMap<>();
        for (int round = 0; round < 3; round++) {
            for (int u = 0; u < 40; u++) {
                String got = proxy.send(HttpRequest.newBuilder(proxy.uri("/")).header("X-User", "user-" + u)).body();
                assertThat(first.putIfAbsent("user-" + u, got)).isIn(null, got);
            }
        }
        assertThat(new java.util.HashSet<>(first.values())).hasSizeGreaterThanOrEqualTo(3);
        // Requests without the header are balanced normally: round robin over the five, all answered
        // (a header-less request hashed as an empty key would send all 50 to one instance).
        assertThat(spray(50)).isEqualTo(Map.of("i0", 10, "i1", 10, "i2", 10, "i3", 10, "i4", 10));
    }

    @Test
    void aStickyTargetThatIsDownFallsBackWithoutAnError() throws Exception {
        TestBackend a = backend("a");
        TestBackend b = backend("b");
        proxy = TestProxy.start(TestProxy.oneCluster("sticky = { key = \"cookie:sid\", level = \"instance\" }", a, b));
        String home = proxy.send(HttpRequest.newBuilder(proxy.uri("/")).header("Cookie", "sid=abc")).body();
        TestBackend down = home.equals("a") ? a : b;
        down.close();
        for (int i = 0; i < 10; i++) {
            var r = proxy.send(HttpRequest.newBuilder(proxy.uri("/")).header("Cookie", "sid=abc"));
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isNotEqualTo(home);
        }
    }
}
