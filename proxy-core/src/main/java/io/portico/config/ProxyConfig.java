package io.portico.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One complete, validated configuration snapshot. Immutable; a request captures it once.
 *
 * @param files        every file read, the main file first, as absolute normalized paths (for the reload watcher)
 * @param hosts        host table: lower-case exact names and {@code *.suffix} patterns → product name, in file order
 * @param products     by name, in file order
 * @param clusters     by name, in file order
 * @param log          the server log's level and format
 */
public record ProxyConfig(List<Path> files, ServerConfig server, List<ListenerConfig> listeners,
                          List<CertificateConfig> certificates, AdminConfig admin, Map<String, String> hosts,
                          Map<String, ProductConfig> products, Map<String, ClusterConfig> clusters,
                          ModulesConfig modules, LogConfig log) {

    public ProxyConfig {
        files = List.copyOf(files);
        listeners = List.copyOf(listeners);
        certificates = List.copyOf(certificates);
        hosts = Maps.ordered(hosts);
        products = Maps.ordered(products);
        clusters = Maps.ordered(clusters);
    }

    public Optional<ClusterConfig> cluster(String name) {
        return Optional.ofNullable(clusters.get(name));
    }

    public Optional<ProductConfig> product(String name) {
        return Optional.ofNullable(products.get(name));
    }
}
