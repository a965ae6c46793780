package io.portico.server.upstream;

import io.portico.balance.ConsistentHash;
import io.portico.balance.InstanceBalancer;
import io.portico.balance.SmoothWeightedRoundRobin;
import io.portico.balance.SubclusterBalancer;
import io.portico.balance.WeightedLeastConnections;
import io.portico.config.ClusterConfig;
import io.portico.config.InstanceConfig;
import io.portico.config.StickyConfig;
import io.portico.config.SubclusterConfig;
import io.portico.server.tls.BackendTls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.IntPredicate;

/**
 * A cluster as the data path uses it, built once per config snapshot: the GSLB balancer over
 * its sub-clusters, one instance balancer per sub-cluster, and its timeouts in millis.
 * Immutable; the instances it points to carry the live state.
 */
public final class Cluster {
    private final String name;
    private final ClusterConfig config;
    private final SubclusterBalancer gslb;
    private final Subcluster[] subclusters;
    private final int connectTimeoutMillis;
    private final int responseTimeoutMillis;
    private final IntPredicate subclusterAvailable;
    private final HealthChecks health;
    private final ClusterStats stats;

    /**
     * One sub-cluster: its name, instances and balancer, and the consistent-hash ring for
     * instance-level sticky sessions (null without them). Null entries stand for BLACKHOLE.
     */
    public record Subcluster(String name, List<Instance> instances, InstanceBalancer<Instance> balancer,
                             ConsistentHash<Instance> sticky) {
        boolean hasAvailable() {
            for (int i = 0; i < instances.size(); i++) {
                Instance in = instances.get(i);
                if (in.available() && in.weight() > 0) {
                    return true;
                }
            }
            return false;
        }
    }

    private Cluster(ClusterConfig config, SubclusterBalancer gslb, Subcluster[] subclusters, HealthChecks health,
                    ClusterStats stats) {
        this.name = config.name();
        this.config = config;
        this.gslb = gslb;
        this.subclusters = subclusters;
        this.connectTimeoutMillis = millis(config.connectTimeout());
        this.responseTimeoutMillis = millis(config.responseHeaderTimeout());
        this.subclusterAvailable = i -> subclusters[i] != null && subclusters[i].hasAvailable();
        this.health = health;
        this.stats = stats;
    }

    /**
     * Builds the cluster over the registry's instances; adds the keys it uses to {@code keys}.
     *
     * @param tls how connections to its instances do TLS, or null for plaintext
     */
    public static Cluster build(ClusterConfig c, Upstreams upstreams, Set<String> keys, BackendTls tls) {
        InstancePool.PoolSettings pool = new InstancePool.PoolSettings(c.pool().maxIdlePerInstance(),
                c.pool().maxPerInstance(), c.pool().idleTimeout().toNanos(), tls, upstreams.stats(c.name()));
        LinkedHashMap<String, Integer> weights = new LinkedHashMap<>();
        List<Subcluster> subs = new ArrayList<>();
        for (SubclusterConfig sc : c.subclusters()) {
            weights.put(sc.name(), sc.weight());
            if (sc.blackhole()) {
                subs.add(null);
                continue;
            }
            List<Instance> instances = new ArrayList<>();
            for (InstanceConfig ic : sc.instances()) {
                Instance i = upstreams.instance(c.name(), sc.name(), ic.host(), ic.port(), ic.weight(), pool);
                upstreams.health().configure(i, c.healthCheck());
                keys.add(i.key());
                instances.add(i);
            }
            InstanceBalancer<Instance> balancer = "wlc".equals(c.balance())
                    ? WeightedLeastConnections.of(instances)
                    : SmoothWeightedRoundRobin.of(instances);
            boolean stickyInstance = c.sticky().map(s -> s.level() == StickyConfig.Level.INSTANCE).orElse(false);
            subs.add(new Subcluster(sc.name(), List.copyOf(instances), balancer,
                    stickyInstance ? ConsistentHash.of(instances, Instance::addressText) : null));
        }
        return new Cluster(c, SubclusterBalancer.of(weights), subs.toArray(Subcluster[]::new), upstreams.health(),
                upstreams.stats(c.name()));
    }

    public String name() {
        return name;
    }

    public ClusterConfig config() {
        return config;
    }

    public SubclusterBalancer gslb() {
        return gslb;
    }

    public Subcluster subcluster(int index) {
        return subclusters[index];
    }

    public IntPredicate subclusterAvailable() {
        return subclusterAvailable;
    }

    /**
     * Counts a failed try against an instance; when that takes it out of rotation, its probes
     * start (passive mode) so it can come back.
     */
    public void failed(Instance instance, String error) {
        if (instance.failed(error, config.healthCheck())) {
            health.checking(instance);
        }
    }

    public ClusterStats stats() {
        return stats;
    }

    public int connectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    public int responseTimeoutMillis() {
        return responseTimeoutMillis;
    }

    private static int millis(Duration d) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, d.toMillis()));
    }
}
