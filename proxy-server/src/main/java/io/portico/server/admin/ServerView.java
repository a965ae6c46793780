package io.portico.server.admin;

import io.portico.module.SimpleMetricsRegistry;
import io.portico.server.metrics.ServerMetrics;
import io.portico.server.snapshot.Snapshot;
import io.portico.server.tls.OcspStapling;
import io.portico.server.upstream.Upstreams;
import java.net.InetSocketAddress;
import java.util.List;

/** What the admin port reads of the running server, and the reload it can ask for. Shared; thread-safe. */
public interface ServerView {

    /** The version of Portico running, as {@code --version} prints it. */
    String version();

    Snapshot snapshot();

    ServerMetrics metrics();

    SimpleMetricsRegistry moduleMetrics();

    OcspStapling stapling();

    Upstreams upstreams();

    List<InetSocketAddress> listenerAddresses();

    long startedMillis();

    boolean stopping();

    /** True while the warm-up ([server] warm_up) waits for quiet or runs: not ready for clients yet. */
    boolean warmingUp();

    /**
     * Re-reads the config and swaps it in.
     *
     * @return the new config version
     * @throws io.portico.config.ConfigException when the new config is refused
     * @throws io.portico.server.snapshot.LoadedModules.ModuleConfigException when a module refuses its settings
     */
    long reload();
}
