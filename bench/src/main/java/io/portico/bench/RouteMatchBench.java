package io.portico.bench;

import io.portico.http.RequestHead;
import io.portico.http1.Http1Limits;
import io.portico.http1.Http1Parser;
import io.portico.io.ByteReader;
import io.portico.route.Conditions;
import io.portico.route.RouteRequest;
import io.portico.route.RouteRule;
import io.portico.route.RouteTable;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * First-match route evaluation over {@code rules} compiled BFE conditions, the matching one
 * last (the worst case of a linear table). The rules rotate through three realistic shapes —
 * path prefixes, host + method, a header value — so every request view is read. A fresh
 * {@link RouteRequest} per op, as per request in the server, so its lazily parsed views
 * (host, decoded path) are paid once per op.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class RouteMatchBench {
    static final InetSocketAddress CLIENT = new InetSocketAddress("203.0.113.7", 52114);
    static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 8080);

    @Param({"100", "10000"})
    public int rules;

    private RouteTable table;
    private RequestHead request;

    @Setup
    public void setUp() throws IOException {
        table = new RouteTable(rules(rules, "web"));
        request = Http1Parser.parseRequest(
                new ByteReader(new ByteArrayInputStream(Messages.bytes(Messages.BROWSER_GET)), new byte[4096]),
                Http1Limits.DEFAULTS);
        if (!"web".equals(table.cluster(route(request)))) {
            throw new IllegalStateException("the last rule should match the browser GET");
        }
    }

    /** {@code count} rules, none of which matches {@link Messages#BROWSER_GET} but the last, which routes to {@code cluster}. */
    static List<RouteRule> rules(int count, String cluster) {
        List<RouteRule> list = new ArrayList<>(count);
        for (int i = 0; i < count - 1; i++) {
            String expression = switch (i % 3) {
                case 0 -> "req_path_prefix_in(\"/svc-%d/|/api/v2/svc-%d/\", false)".formatted(i, i);
                case 1 -> "req_host_in(\"h-%d.example.com|h-%d.example.org\") && req_method_in(\"GET|HEAD\")".formatted(i, i);
                default -> "req_header_value_in(\"X-Tenant\", \"tenant-%d-canary|tenant-%d-beta\", false)".formatted(i, i);
            };
            list.add(new RouteRule(Conditions.compile(expression), "cluster-" + i));
        }
        list.add(new RouteRule(Conditions.compile("req_host_in(\"www.example.com\") && req_path_prefix_in(\"/products/\", false)"
                + " && req_header_value_in(\"X-Tenant\", \"tenant-7\", false)"), cluster));
        return list;
    }

    static RouteRequest route(RequestHead head) {
        return new RouteRequest(head, CLIENT, CLIENT, LOCAL, false, 1_715_681_551_000L);
    }

    @Benchmark
    public String matchAtTheEnd() {
        return table.cluster(route(request));
    }
}
