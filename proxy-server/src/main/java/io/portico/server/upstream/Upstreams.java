package io.portico.server.upstream;

import io.portico.server.io.BufferPool;
import io.portico.server.metrics.ServerMetrics;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every backend instance the proxy knows, by identity ({@code cluster/subcluster/host:port}),
 * so that health, pools and counters survive a reload for instances that still exist.
 * Also runs the sweeper that closes pooled connections past their idle timeout. Shared.
 */
public final class Upstreams implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Upstreams.class);

    static final int RESPONSE_BUFFER_SIZE = 32 * 1024;

    private final Map<String, Instance> instances = new ConcurrentHashMap<>();
    private final Map<String, ClusterStats> clusterStats = new ConcurrentHashMap<>();
    private final BufferPool buffers;
    /**
     * Backend read buffers, twice the size of the others: a response up to about 32 KiB (a
     * 16 KiB body with its head, say) arrives in one read and leaves in one gathering write
     * with the client's response head, straight from this buffer. At 16 KiB the head pushed the
     * body's last bytes into a second read, copy and write (wrk -c64 /16k on one core: 14 %
     * less CPU per request, 16 % more req/s at 32 KiB). A pooled backend connection keeps it.
     */
    private final BufferPool responseBuffers = new BufferPool(RESPONSE_BUFFER_SIZE, 1024);
    private final ServerMetrics metrics;
    private final Thread sweeper;
    private final HealthChecks health = new HealthChecks();
    private volatile boolean closed;

    public Upstreams(BufferPool buffers, ServerMetrics metrics) {
        this.buffers = buffers;
        this.metrics = metrics;
        this.sweeper = Thread.ofVirtual().name("pool-sweeper").start(this::sweep);
    }

    /** The instance of this identity, made on first use, with weight and pool settings applied. */
    public Instance instance(String cluster, String subcluster, String host, int port, int weight,
                             InstancePool.PoolSettings pool) {
        String key = cluster + "/" + subcluster + "/" + hostPort(host, port);
        Instance i = instances.computeIfAbsent(key, k -> new Instance(k, new InetSocketAddress(host, port), weight,
                new InstancePool(new InetSocketAddress(host, port), pool, responseBuffers, buffers, metrics)));
        i.weight(weight);
        i.pool().apply(pool);
        return i;
    }

    /** Forgets instances that left the config, closing their idle connections now and their busy ones once released. */
    public void retain(Set<String> keys) {
        instances.entrySet().removeIf(e -> {
            if (keys.contains(e.getKey())) {
                return false;
            }
            e.getValue().pool().retire();
            health.forget(e.getValue());
            return true;
        });
    }

    /** The stats of a cluster by name, made on first use, kept across reloads. */
    public ClusterStats stats(String cluster) {
        return clusterStats.computeIfAbsent(cluster, c -> new ClusterStats());
    }

    public Map<String, ClusterStats> clusterStats() {
        return Map.copyOf(clusterStats);
    }

    public HealthChecks health() {
        return health;
    }

    public Map<String, Instance> all() {
        return Map.copyOf(instances);
    }

    private void sweep() {
        while (!closed) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Instance i : instances.values()) {
                try {
                    i.pool().evictExpired(now);
                } catch (RuntimeException e) {
                    LOG.warn("pool sweep of {} failed: {}", i, e.toString());
                }
            }
        }
    }

    static String hostPort(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public void close() {
        closed = true;
        sweeper.interrupt();
        health.close();
        instances.values().forEach(i -> i.pool().closeIdle());
    }
}
