package io.portico.server.bfe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code portico import-bfe DIR}: a BFE {@code conf/} tree → the equivalent Portico TOML.
 * Reads bfe.conf (ports, monitor port, timeouts and header limits, Layer4LoadBalancer, Modules),
 * the host table, the products' route rules, the clusters (balancing, health check, retries,
 * pool), the GSLB weights (GSLB_BLACKHOLE → BLACKHOLE), the instances, and the rules of mod_block
 * ({@link BfeBlock}), mod_header ({@link BfeHeader}), mod_redirect ({@link BfeRedirect}), mod_tag
 * ({@link BfeTag}), mod_trust_clientip ({@link BfeTrustClientIp}), mod_cors ({@link BfeCors}), mod_rewrite
 * ({@link BfeRewrite}), mod_prison ({@link BfePrison}), mod_errors ({@link BfeErrors}), mod_static
 * ({@link BfeStatic}), mod_auth_basic ({@link BfeAuthBasic}) and mod_auth_jwt ({@link BfeAuthJwt}).
 * What has no equivalent is a warning naming the file and the key; nothing is dropped without one. Metadata keys
 * ({@code Version}, {@code Hostname}, {@code Ts}) carry no behaviour and are read silently.
 */
public final class BfeImport {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** BFE module → Portico module, for modules whose BFE settings need no conversion to run. */
    private static final Map<String, String> PLAIN_MODULES = Map.of(
            "mod_access", "access_log",
            "mod_logid", "request_id");
    /** BFE modules with a like-named Portico module that cannot carry their rules: why. */
    private static final Map<String, String> RULE_MODULES = Map.of(
            "mod_compress", "Portico's compress is not an equivalent: it gzips 200 responses of listed media types from "
                    + "min_length bytes up, for every product and request; mod_compress gzips (or brotli-compresses) responses "
                    + "of every type, length and status to the requests its per-product conditions match, at the level and "
                    + "flush size each rule sets");

    /** The TOML text and the warnings, each {@code file: key: what happened}. */
    public record Result(String toml, List<String> warnings) {
    }

    private final Path dir;
    private final Emitter emit = new Emitter();
    private final BfeClusters clusterImport = new BfeClusters(emit);

    private BfeImport(Path dir) {
        this.dir = dir;
    }

    /** @throws IOException when bfe.conf or a data file it names cannot be read or is not JSON */
    public static Result convert(Path dir) throws IOException {
        BfeImport i = new BfeImport(dir);
        i.run();
        return new Result(i.emit.toml(), i.emit.warnings());
    }

    private void warn(String file, String key, String what) {
        emit.warn(file, key, what);
    }

    private void line(String text) {
        emit.line(text);
    }

    private void run() throws IOException {
        Map<String, Map<String, List<String>>> conf = Gcfg.read(dir.resolve("bfe.conf"));
        Map<String, List<String>> server = conf.getOrDefault("Server", Map.of());
        Set<String> used = new LinkedHashSet<>();
        line("# Imported from a BFE conf/ tree by portico import-bfe; the warnings on stderr list what has no equivalent.");
        line("");

        JsonNode hostRule = data(server, used, "HostRuleConf", "server_data_conf/host_rule.data");
        JsonNode routeRule = data(server, used, "RouteRuleConf", "server_data_conf/route_rule.data");
        JsonNode clusterConf = data(server, used, "ClusterConf", "server_data_conf/cluster_conf.data");
        JsonNode gslb = data(server, used, "GslbConf", "cluster_conf/gslb.data");
        JsonNode table = data(server, used, "ClusterTableConf", "cluster_conf/cluster_table.data");
        for (String key : List.of("VipRuleConf", "NameConf")) {
            used.add(key);
            if (server.containsKey(key)) {
                warn("bfe.conf", "Server." + key, "no equivalent in Portico (" + one(server, key) + " is not imported)");
            }
        }

        Map<String, List<BfeClusters.Instance>> clusters = clusterImport.clusters(table, gslb);
        Map<String, List<Route>> products = products(routeRule, clusters.keySet());
        Map<String, String> hosts = hosts(hostRule, products.keySet());
        Name defaultProduct = defaultProduct(hostRule, products.keySet());

        serverSection(server, used, defaultProduct);
        listeners(server, used, conf);
        admin(server, used);
        if (!hosts.isEmpty()) {
            line("[hosts]");
            hosts.forEach((h, p) -> line(Toml.key(h) + " = " + Toml.str(p)));
            line("");
        }
        products.forEach((name, routes) -> {
            for (Route r : routes) {
                line("[[product." + Toml.key(name) + ".route]]");
                line("condition = " + Toml.str(r.condition()));
                line("cluster = " + Toml.str(r.cluster()));
                line("");
            }
        });
        clusterImport.sections(clusterConf, gslb, clusters);
        modules(server, used);
        for (var e : server.entrySet()) {
            if (!used.contains(e.getKey())) {
                warn("bfe.conf", "Server." + e.getKey(), "no equivalent in Portico; left out");
            }
        }
        for (var section : conf.entrySet()) {
            if (section.getKey().equals("Server")) {
                continue;
            }
            for (String key : section.getValue().keySet()) {
                if (!(section.getKey().equals("HttpsBasic") && key.equals("ServerCertConf"))) {
                    warn("bfe.conf", section.getKey() + "." + key, "no equivalent in Portico; left out");
                }
            }
        }
    }

    /** A name that may be absent. */
    private record Name(String value) {
        boolean present() {
            return value != null;
        }
    }

    private static String one(Map<String, List<String>> section, String key) {
        List<String> values = section.get(key);
        return values == null || values.isEmpty() ? null : values.getLast();
    }

    private JsonNode data(Map<String, List<String>> server, Set<String> used, String key, String fallback) throws IOException {
        used.add(key);
        String name = server.containsKey(key) ? one(server, key) : fallback;
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            warn("bfe.conf", "Server." + key, name + " not found; nothing imported from it");
            return JSON.createObjectNode();
        }
        return JSON.readTree(file.toFile());
    }

    private void unknownKeys(String file, String path, JsonNode node, Set<String> known) {
        emit.unknownKeys(file, path, node, known);
    }

    // ---- server, listeners, admin ------------------------------------------------------------

    private void serverSection(Map<String, List<String>> server, Set<String> used, Name defaultProduct) {
        line("[server]");
        used.add("GracefulShutdownTimeout");
        if (server.containsKey("GracefulShutdownTimeout")) {
            line("graceful_shutdown_timeout = " + Toml.millis(seconds(server, "GracefulShutdownTimeout") * 1000));
        }
        if (defaultProduct.present()) {
            line("default_product = " + Toml.str(defaultProduct.value()));
        }
        line("");
        line("[server.timeouts]");
        used.add("TlsHandshakeTimeout");
        if (server.containsKey("TlsHandshakeTimeout")) {
            line("tls_handshake = " + Toml.millis(seconds(server, "TlsHandshakeTimeout") * 1000));
        }
        used.add("ClientReadTimeout");
        if (server.containsKey("ClientReadTimeout")) {
            String t = Toml.millis(seconds(server, "ClientReadTimeout") * 1000);
            line("client_header = " + t + "                 # BFE's ClientReadTimeout covers the request head and body");
            line("client_body = " + t);
        }
        used.add("ClientWriteTimeout");
        if (server.containsKey("ClientWriteTimeout")) {
            line("client_write = " + Toml.millis(seconds(server, "ClientWriteTimeout") * 1000));
        }
        line("");
        line("[server.limits]");
        used.add("MaxHeaderBytes");
        if (server.containsKey("MaxHeaderBytes")) {
            line("max_header_bytes = " + Long.parseLong(one(server, "MaxHeaderBytes")));
        }
        used.add("MaxHeaderUriBytes");
        if (server.containsKey("MaxHeaderUriBytes")) {
            line("max_uri_bytes = " + Long.parseLong(one(server, "MaxHeaderUriBytes")));
        }
        used.add("KeepAliveEnabled");
        if ("false".equalsIgnoreCase(one(server, "KeepAliveEnabled"))) {
            line("max_requests_per_connection = 1       # KeepAliveEnabled = false");
        }
        line("");
    }

    private static long seconds(Map<String, List<String>> server, String key) {
        return Long.parseLong(one(server, key));
    }

    private void listeners(Map<String, List<String>> server, Set<String> used, Map<String, Map<String, List<String>>> conf)
            throws IOException {
        used.add("Layer4LoadBalancer");
        String l4 = one(server, "Layer4LoadBalancer");
        boolean proxy = l4 != null && l4.equalsIgnoreCase("PROXY");
        if (l4 != null && !l4.isEmpty() && !proxy && !l4.equalsIgnoreCase("NONE")) {
            warn("bfe.conf", "Server.Layer4LoadBalancer", "\"" + l4 + "\" has no equivalent in Portico; left out");
        }
        used.add("HttpPort");
        line("[[listener]]");
        line("name = \"http\"");
        line("address = " + Toml.str("0.0.0.0:" + (server.containsKey("HttpPort") ? one(server, "HttpPort") : "8080")));
        if (proxy) {
            line("proxy_protocol = true                 # Layer4LoadBalancer = PROXY");
        }
        line("");
        used.add("HttpsPort");
        if (server.containsKey("HttpsPort")) {
            https(one(server, "HttpsPort"), proxy, conf.getOrDefault("HttpsBasic", Map.of()));
        }
    }

    /**
     * The https listener and its certificates; written commented out (with a warning naming the
     * files) when a certificate or key file BFE names is not there, since the config would not load.
     */
    private void https(String port, boolean proxy, Map<String, List<String>> httpsBasic) throws IOException {
        String certConf = httpsBasic.containsKey("ServerCertConf") ? one(httpsBasic, "ServerCertConf") : "tls_conf/server_cert_conf.data";
        Path file = dir.resolve(certConf);
        List<String> block = new ArrayList<>();
        block.add("[[listener]]");
        block.add("name = \"https\"");
        block.add("address = " + Toml.str("0.0.0.0:" + port));
        block.add("protocol = \"https\"");
        if (proxy) {
            block.add("proxy_protocol = true");
        }
        List<String> missing = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            warn("bfe.conf", "HttpsBasic.ServerCertConf", certConf + " not found; no certificates imported");
            missing.add(certConf);
        } else {
            JsonNode config = JSON.readTree(file.toFile()).path("Config");
            String defaultName = config.path("Default").asText("");
            config.path("CertConf").fields().forEachRemaining(e -> {
                Path cert = dir.resolve(e.getValue().path("ServerCertFile").asText());
                Path key = dir.resolve(e.getValue().path("ServerKeyFile").asText());
                for (Path f : List.of(cert, key)) {
                    if (!Files.isRegularFile(f)) {
                        missing.add(dir.relativize(f).toString());
                    }
                }
                block.add("");
                block.add("[[tls.certificate]]");
                block.add("cert = " + Toml.str(cert.toString()));
                block.add("key = " + Toml.str(key.toString()));
                block.add("server_names = " + Toml.strings(List.of(e.getKey())));
                if (e.getKey().equals(defaultName)) {
                    block.add("default = true");
                }
                unknownKeys(certConf, "Config.CertConf." + e.getKey(), e.getValue(), Set.of("ServerCertFile", "ServerKeyFile"));
            });
            unknownKeys(certConf, "Config", config, Set.of("Default", "CertConf"));
        }
        if (missing.isEmpty()) {
            block.forEach(this::line);
        } else {
            warn("bfe.conf", "Server.HttpsPort", "the https listener and its certificates are written commented out: "
                    + "not found: " + String.join(", ", missing));
            line("# The https listener as BFE configured it (a certificate or key file is missing):");
            block.forEach(l -> line(l.isEmpty() ? "" : "# " + l));
        }
        line("");
    }

    private void admin(Map<String, List<String>> server, Set<String> used) {
        used.add("MonitorPort");
        used.add("MonitorEnabled");
        if ("false".equalsIgnoreCase(one(server, "MonitorEnabled"))) {
            return;
        }
        String port = server.containsKey("MonitorPort") ? one(server, "MonitorPort") : "8421";
        warn("bfe.conf", "Server.MonitorPort", "BFE's monitor listens on every interface; Portico's admin port is "
                + "written on 127.0.0.1 (use 0.0.0.0 for probes from elsewhere, with admin.token)");
        line("[admin]");
        line("address = " + Toml.str("127.0.0.1:" + port));
        line("");
    }

    // ---- host table and products -------------------------------------------------------------

    private Map<String, String> hosts(JsonNode hostRule, Set<String> products) {
        String file = "server_data_conf/host_rule.data";
        Map<String, String> tagToProduct = new LinkedHashMap<>();
        hostRule.path("HostTags").fields().forEachRemaining(e -> e.getValue().forEach(tag -> tagToProduct.put(tag.asText(), e.getKey())));
        Map<String, String> out = new LinkedHashMap<>();
        hostRule.path("Hosts").fields().forEachRemaining(e -> {
            String product = tagToProduct.get(e.getKey());
            for (JsonNode host : e.getValue()) {
                if (product == null) {
                    warn(file, "Hosts." + e.getKey(), "host tag belongs to no product; " + host.asText() + " left out");
                } else if (!products.contains(product)) {
                    warn(file, "Hosts." + e.getKey(), "product " + product + " has no route rules; " + host.asText() + " left out");
                } else {
                    out.put(host.asText().toLowerCase(Locale.ROOT), product);
                }
            }
        });
        unknownKeys(file, "", hostRule, Set.of("DefaultProduct", "Hosts", "HostTags"));
        return out;
    }

    private Name defaultProduct(JsonNode hostRule, Set<String> products) {
        JsonNode d = hostRule.path("DefaultProduct");
        if (!d.isTextual() || d.asText().isEmpty()) {
            return new Name(null);
        }
        if (!products.contains(d.asText())) {
            warn("server_data_conf/host_rule.data", "DefaultProduct", "product " + d.asText() + " has no route rules; left out");
            return new Name(null);
        }
        return new Name(d.asText());
    }

    private record Route(String condition, String cluster) {
    }

    private Map<String, List<Route>> products(JsonNode routeRule, Set<String> clusters) {
        String file = "server_data_conf/route_rule.data";
        Map<String, List<Route>> out = new LinkedHashMap<>();
        routeRule.path("ProductRule").fields().forEachRemaining(e -> {
            List<Route> routes = new ArrayList<>();
            int i = 0;
            for (JsonNode rule : e.getValue()) {
                String at = "ProductRule." + e.getKey() + "[" + i++ + "]";
                String cluster = rule.path("ClusterName").asText();
                if (!clusters.contains(cluster)) {
                    warn(file, at, "cluster " + cluster + " has no instances; the route is left out");
                    continue;
                }
                routes.add(new Route(rule.path("Cond").asText(), cluster));
                unknownKeys(file, at, rule, Set.of("Cond", "ClusterName"));
            }
            if (!routes.isEmpty()) {
                out.put(e.getKey(), routes);
            }
        });
        if (routeRule.has("BasicRule") && routeRule.path("BasicRule").size() > 0) {
            warn(file, "BasicRule", "basic rules are not imported (write them as condition rules)");
        }
        unknownKeys(file, "", routeRule, Set.of("ProductRule", "BasicRule"));
        return out;
    }

    // ---- modules -----------------------------------------------------------------------------

    private void modules(Map<String, List<String>> server, Set<String> used) throws IOException {
        used.add("Modules");
        List<String> enabled = new ArrayList<>();
        List<String> sections = new ArrayList<>();
        Map<String, Converter> converters = Map.ofEntries(
                Map.entry("mod_block", new Converter("block", () -> new BfeBlock(dir, emit).section())),
                Map.entry("mod_trust_clientip", new Converter("trust_client_ip", () -> new BfeTrustClientIp(dir, emit).section())),
                Map.entry("mod_tag", new Converter("tag", () -> new BfeTag(dir, emit).section())),
                Map.entry("mod_redirect", new Converter("redirect", () -> new BfeRedirect(dir, emit).section())),
                Map.entry("mod_header", new Converter("header", () -> new BfeHeader(dir, emit).section())),
                Map.entry("mod_cors", new Converter("cors", () -> new BfeCors(dir, emit).section())),
                Map.entry("mod_rewrite", new Converter("rewrite", () -> new BfeRewrite(dir, emit).section())),
                Map.entry("mod_prison", new Converter("rate_limit", () -> new BfePrison(dir, emit).section())),
                Map.entry("mod_errors", new Converter("errors", () -> new BfeErrors(dir, emit).section())),
                Map.entry("mod_static", new Converter("static", () -> new BfeStatic(dir, emit).section())),
                Map.entry("mod_auth_basic", new Converter("auth_basic", () -> new BfeAuthBasic(dir, emit).section())),
                Map.entry("mod_auth_jwt", new Converter("auth_jwt", () -> new BfeAuthJwt(dir, emit).section())));
        for (String module : server.getOrDefault("Modules", List.of())) {
            Converter converter = converters.get(module);
            if (converter != null) {
                Optional<List<String>> section = converter.rules().section();
                if (section.isPresent()) {
                    enabled.add(converter.portico());
                    sections.addAll(section.get());
                }
            } else if (PLAIN_MODULES.containsKey(module)) {
                enabled.add(PLAIN_MODULES.get(module));
                if (module.equals("mod_access")) {
                    warn("bfe.conf", "Server.Modules", "mod_access → access_log on stdout in the combined format "
                            + "(mod_access's own log template and file are not converted)");
                }
            } else if (RULE_MODULES.containsKey(module)) {
                warn("bfe.conf", "Server.Modules", module + " left out: " + RULE_MODULES.get(module));
            } else {
                warn("bfe.conf", "Server.Modules", module + " has no equivalent in Portico; left out");
            }
        }
        if (!enabled.isEmpty()) {
            line("[modules]");
            line("enabled = " + Toml.strings(enabled) + "   # in BFE's order");
            line("");
            sections.forEach(this::line);
        }
    }

    /** Reads one BFE module's rule files into Portico's module section. */
    @FunctionalInterface
    private interface Rules {
        Optional<List<String>> section() throws IOException;
    }

    /** The Portico module a BFE module becomes, and how its rules are read. */
    private record Converter(String portico, Rules rules) {
    }
}
