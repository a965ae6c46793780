package io.portico.bench;

import io.portico.route.HostTable;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * Host → product lookups in a table of {@code hosts} keys, half exact names
 * ({@code svc-N.example.com}) and half wildcards ({@code *.tenant-N.example.net}). The Host
 * values carry a port, as browsers send them for non-default ports.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
@State(Scope.Thread)
public class HostTableBench {
    @Param({"100", "10000"})
    public int hosts;

    private HostTable table;
    private String exactHost;
    private String wildcardHost;
    private String missHost;

    @Setup
    public void setUp() {
        Map<String, String> keys = new LinkedHashMap<>();
        for (int i = 0; i < hosts / 2; i++) {
            keys.put("svc-" + i + ".example.com", "product-" + (i % 50));
            keys.put("*.tenant-" + i + ".example.net", "tenant-product-" + (i % 50));
        }
        table = HostTable.build(keys, null);
        int last = hosts / 2 - 1;
        exactHost = "SVC-" + last + ".Example.com:8080";
        wildcardHost = "eu-west.shop.tenant-" + last + ".example.net:8080";
        missHost = "svc-" + hosts + ".example.org:8080";
        if (table.product(exactHost) == null || table.product(wildcardHost) == null || table.product(missHost) != null) {
            throw new IllegalStateException("host table set-up does not hit and miss as intended");
        }
    }

    @Benchmark
    public String exactHit() {
        return table.product(exactHost);
    }

    /** A name two labels deeper than its wildcard key: every label boundary is probed. */
    @Benchmark
    public String wildcardHit() {
        return table.product(wildcardHost);
    }

    @Benchmark
    public String miss() {
        return table.product(missHost);
    }
}
