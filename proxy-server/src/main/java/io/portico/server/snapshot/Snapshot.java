package io.portico.server.snapshot;

import io.portico.config.ClusterConfig;
import io.portico.config.ProductConfig;
import io.portico.config.ProxyConfig;
import io.portico.config.RouteConfig;
import io.portico.module.HandlerTable;
import io.portico.route.Condition;
import io.portico.route.HostTable;
import io.portico.route.RouteRequest;
import io.portico.server.tls.BackendTls;
import io.portico.server.tls.CertifiedKey;
import io.portico.server.tls.ClusterTls;
import io.portico.server.tls.ListenerTls;
import io.portico.server.tls.ServerTls;
import io.portico.server.upstream.Cluster;
import io.portico.server.upstream.Upstreams;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One loaded config in the form the data path uses: host table, each product's routes with
 * their clusters resolved, clusters with their balancers. Immutable; a request captures the
 * current snapshot once and uses it to its end, so a reload never changes a request midway.
 */
public final class Snapshot {
    private final ProxyConfig config;
    private final long version;
    private final ServerSettings settings;
    private final HostTable hosts;
    private final Map<String, Route[]> products;
    private final Map<String, Cluster> clusters;
    private final LoadedModules modules;
    private final Map<String, ServerTls> tls;

    /** A compiled route: the first whose condition matches picks the cluster. */
    record Route(Condition condition, Cluster cluster) {
    }

    private Snapshot(ProxyConfig config, long version, HostTable hosts, Map<String, Route[]> products,
                     Map<String, Cluster> clusters, LoadedModules modules, Map<String, ServerTls> tls) {
        this.config = config;
        this.version = version;
        this.settings = ServerSettings.of(config.server());
        this.hosts = hosts;
        this.products = products;
        this.clusters = clusters;
        this.modules = modules;
        this.tls = tls;
    }

    /** Builds the runtime form; instances that still exist keep their state in {@code upstreams}. */
    public static Snapshot build(ProxyConfig config, Upstreams upstreams, LoadedModules modules, long version) {
        return build(config, upstreams, modules, version, null);
    }

    /** As above, keeping the TLS contexts of {@code previous} (may be null) that the new config does not change. */
    public static Snapshot build(ProxyConfig config, Upstreams upstreams, LoadedModules modules, long version,
                                 Snapshot previous) {
        Map<String, ServerTls> tls = ListenerTls.build(config, previous == null ? Map.of() : previous.tls);
        Map<String, BackendTls> backendTls = ClusterTls.build(config);
        Set<String> keys = new HashSet<>();
        Map<String, Cluster> clusters = new HashMap<>();
        for (ClusterConfig c : config.clusters().values()) {
            clusters.put(c.name(), Cluster.build(c, upstreams, keys, backendTls.get(c.name())));
        }
        Map<String, Route[]> products = new HashMap<>();
        for (ProductConfig p : config.products().values()) {
            List<RouteConfig> rs = p.routes();
            Route[] routes = new Route[rs.size()];
            for (int i = 0; i < routes.length; i++) {
                routes[i] = new Route(rs.get(i).condition(), clusters.get(rs.get(i).cluster()));
            }
            products.put(p.name(), routes);
        }
        HostTable hosts = HostTable.build(config.hosts(), config.server().defaultProduct().orElse(null));
        // Last, once nothing can fail: a refused reload must not retire instances the old snapshot still uses.
        upstreams.retain(keys);
        return new Snapshot(config, version, hosts, Map.copyOf(products), Map.copyOf(clusters), modules, tls);
    }

    /** The TLS context of an https listener (certificates as this config names them), or null for a plaintext one. */
    public ServerTls tls(String listener) {
        return tls.get(listener);
    }

    /** The certificates of the https listeners (every listener has them all), empty without one. */
    public List<CertifiedKey> certificates() {
        return tls.values().stream().findFirst().map(ServerTls::keys).orElse(List.of());
    }

    public ProxyConfig config() {
        return config;
    }

    public long version() {
        return version;
    }

    public ServerSettings settings() {
        return settings;
    }

    public HostTable hosts() {
        return hosts;
    }

    /** The cluster of the first route of {@code product} whose condition matches, or null. */
    public Cluster cluster(String product, RouteRequest request) {
        Route[] routes = products.get(product);
        if (routes == null) {
            return null;
        }
        for (Route r : routes) {
            if (r.condition().test(request)) {
                return r.cluster();
            }
        }
        return null;
    }

    /** The handlers of this snapshot's modules, one array per callback point. */
    public HandlerTable modules() {
        return modules.table();
    }

    public LoadedModules loadedModules() {
        return modules;
    }

    public Map<String, Cluster> clusters() {
        return clusters;
    }
}
