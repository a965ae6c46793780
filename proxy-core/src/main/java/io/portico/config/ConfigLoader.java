package io.portico.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Loads Portico's TOML configuration (the contract is CONFIG.md) into an immutable
 * {@link ProxyConfig}, validated completely: every error found is reported at once, each located
 * as {@code file:line: key.path: reason}. Syntax and include errors stop the load before the
 * schema is checked (a half-parsed file would only add noise). See {@link Sources} for includes
 * and {@link Merger} for how several files combine. Pure function of the files; safe to call
 * from any thread.
 */
public final class ConfigLoader {
    private static final String[] TOP_LEVEL = {
        "include", "server", "listener", "tls", "log", "admin", "hosts", "product", "cluster", "modules"};

    private ConfigLoader() {
    }

    /** @throws ConfigException with every error found */
    public static ProxyConfig load(Path file) {
        Errors errors = new Errors();
        List<Sources.Source> sources = Sources.load(file, errors);
        List<Path> order = sources.isEmpty() ? List.of(file) : sources.stream().map(Sources.Source::path).toList();
        errors.throwIfAny(order);
        Tree tree = Merger.merge(sources, file, errors);
        ProxyConfig config = bind(tree, file, sources, errors);
        errors.throwIfAny(order);
        return config;
    }

    /** One error per line, {@code file:line: key: reason}, as {@code portico --check} prints them. */
    public static String describe(ConfigException e) {
        return e.errors().stream().map(ConfigError::toString).collect(Collectors.joining("\n"));
    }

    private static ProxyConfig bind(Tree tree, Path file, List<Sources.Source> sources, Errors errors) {
        Section root = new Section(tree, "", errors);
        root.allow(TOP_LEVEL);
        Optional<Section> clusterSection = root.table("cluster");
        Optional<Section> productSection = root.table("product");
        Set<String> clusterNames = new LinkedHashSet<>(clusterSection.map(Section::keys).orElse(List.of()));
        Set<String> productNames = new LinkedHashSet<>(productSection.map(Section::keys).orElse(List.of()));

        Map<String, ClusterConfig> clusters = new LinkedHashMap<>();
        clusterSection.ifPresent(c -> {
            for (String name : clusterNames) {
                c.table(name).ifPresent(s -> clusters.put(name, ClusterBinder.cluster(name, s)));
            }
        });
        ServerConfig server = ServerBinder.server(root.table("server"), productNames);
        List<CertificateConfig> certificates = ServerBinder.certificates(root.table("tls"));
        List<ListenerConfig> listeners = ServerBinder.listeners(root, !certificates.isEmpty());
        LogConfig log = ServerBinder.log(root.table("log"));
        AdminConfig admin = ServerBinder.admin(root.table("admin"), listeners);
        Map<String, String> hosts = RoutingBinder.hosts(root.table("hosts"), productNames);
        Map<String, ProductConfig> products = RoutingBinder.products(productSection, clusterNames);
        ModulesConfig modules = ModulesBinder.modules(root.table("modules"), file);
        root.finish();

        List<Path> files = sources.stream().map(s -> s.path().toAbsolutePath().normalize()).toList();
        return new ProxyConfig(files, server, listeners, certificates, admin, hosts, products, clusters, modules, log);
    }
}
