package io.portico.server.bfe;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The cluster part of {@code import-bfe}: cluster_table.data's instances, gslb.data's sub-cluster
 * weights and cluster_conf.data's balancing, sticky, health-check, retry and pool settings, as
 * {@code [cluster.NAME]} sections. Writes through the import's {@link Emitter}.
 */
final class BfeClusters {
    private final Emitter emit;

    BfeClusters(Emitter emit) {
        this.emit = emit;
    }

    private void warn(String file, String key, String what) {
        emit.warn(file, key, what);
    }

    private void line(String text) {
        emit.line(text);
    }

    private void unknownKeys(String file, String path, JsonNode node, Set<String> known) {
        emit.unknownKeys(file, path, node, known);
    }

    record Instance(String subcluster, String address, long weight, String name) {
    }

    /** Cluster → its instances, from cluster_table.data; clusters without one are left out (with a warning). */
    Map<String, List<Instance>> clusters(JsonNode table, JsonNode gslb) {
        String file = "cluster_conf/cluster_table.data";
        Map<String, List<Instance>> out = new LinkedHashMap<>();
        table.path("Config").fields().forEachRemaining(c -> {
            List<Instance> instances = new ArrayList<>();
            c.getValue().fields().forEachRemaining(sub -> {
                int i = 0;
                for (JsonNode backend : sub.getValue()) {
                    String addr = backend.path("Addr").asText();
                    String host = addr.contains(":") ? "[" + addr + "]" : addr;
                    instances.add(new Instance(sub.getKey(), host + ":" + backend.path("Port").asInt(),
                            backend.path("Weight").asLong(1), backend.path("Name").asText("")));
                    unknownKeys(file, "Config." + c.getKey() + "." + sub.getKey() + "[" + i++ + "]", backend,
                            Set.of("Addr", "Port", "Weight", "Name"));
                }
            });
            if (!instances.isEmpty()) {
                out.put(c.getKey(), instances);
            }
        });
        unknownKeys(file, "", table, Set.of("Config"));
        gslb.path("Clusters").fieldNames().forEachRemaining(c -> {
            if (!out.containsKey(c)) {
                warn("cluster_conf/gslb.data", "Clusters." + c, "cluster has no instances in " + file + "; left out");
            }
        });
        return out;
    }

    void sections(JsonNode clusterConf, JsonNode gslb, Map<String, List<Instance>> clusters) {
        String file = "server_data_conf/cluster_conf.data";
        clusterConf.path("Config").fieldNames().forEachRemaining(c -> {
            if (!clusters.containsKey(c)) {
                warn(file, "Config." + c, "cluster has no instances in cluster_conf/cluster_table.data; left out");
            }
        });
        unknownKeys(file, "", clusterConf, Set.of("Config"));
        clusters.forEach((name, instances) -> {
            JsonNode conf = clusterConf.path("Config").path(name);
            if (conf.isMissingNode()) {
                warn(file, "Config." + name, "cluster has instances but no settings; Portico's defaults apply");
            }
            cluster(file, name, conf, gslb.path("Clusters").path(name), instances);
        });
    }

    private void cluster(String file, String name, JsonNode conf, JsonNode weights, List<Instance> instances) {
        String at = "Config." + name;
        String table = "cluster." + Toml.key(name);
        JsonNode backend = conf.path("BackendConf");
        JsonNode gslb = conf.path("GslbBasic");
        JsonNode check = conf.path("CheckConf");
        line("[" + table + "]");
        String balance = gslb.path("BalanceMode").asText("WRR").toLowerCase(Locale.ROOT);
        if (balance.equals("wrr") || balance.equals("wlc")) {
            line("balance = " + Toml.str(balance));
        } else {
            warn(file, at + ".GslbBasic.BalanceMode", "\"" + balance + "\" has no equivalent; Portico's wrr applies");
        }
        String protocol = backend.path("Protocol").asText("http").toLowerCase(Locale.ROOT);
        if (protocol.equals("http") || protocol.equals("https")) {
            line("protocol = " + Toml.str(protocol));
        } else {
            warn(file, at + ".BackendConf.Protocol", "\"" + protocol + "\" has no equivalent; the cluster is written with protocol http");
        }
        if (backend.has("TimeoutConnSrv")) {
            line("connect_timeout = " + Toml.millis(backend.get("TimeoutConnSrv").asLong()));
        }
        if (backend.has("TimeoutResponseHeader")) {
            line("response_header_timeout = " + Toml.millis(backend.get("TimeoutResponseHeader").asLong()));
        }
        sticky(file, at, gslb.path("HashConf"));
        line("");

        line("[" + table + ".retry]");
        if (gslb.has("RetryMax")) {
            line("in_subcluster = " + gslb.get("RetryMax").asInt());
        }
        if (gslb.has("CrossRetry")) {
            line("cross_subcluster = " + gslb.get("CrossRetry").asInt());
        }
        if (backend.has("RetryLevel")) {
            int level = backend.get("RetryLevel").asInt();
            if (level == 0) {
                line("methods = []                          # RetryLevel 0: retried only when the request was not sent");
            } else if (level == 1) {
                line("methods = [\"GET\"]                     # RetryLevel 1: also GET requests that were sent");
            } else {
                warn(file, at + ".BackendConf.RetryLevel", level + " has no equivalent; Portico's default methods apply");
            }
        }
        line("");

        if (!check.isMissingNode()) {
            healthCheck(file, at + ".CheckConf", table, check, backend);
        }
        if (backend.has("MaxIdleConnsPerHost") || backend.has("MaxConnsPerHost")) {
            line("[" + table + ".pool]");
            if (backend.path("MaxIdleConnsPerHost").asInt(0) > 0) {
                line("max_idle_per_instance = " + backend.get("MaxIdleConnsPerHost").asInt());
            }
            if (backend.has("MaxConnsPerHost")) {
                line("max_per_instance = " + backend.get("MaxConnsPerHost").asInt());
            }
            line("");
        }
        unknownKeys(file, at + ".BackendConf", backend, Set.of("Protocol", "TimeoutConnSrv", "TimeoutResponseHeader",
                "MaxIdleConnsPerHost", "MaxConnsPerHost", "RetryLevel", "OutlierDetectionHttpCode"));
        unknownKeys(file, at + ".GslbBasic", gslb, Set.of("CrossRetry", "RetryMax", "BalanceMode", "HashConf"));
        unknownKeys(file, at + ".ClusterBasic", conf.path("ClusterBasic"), Set.of());
        unknownKeys(file, at, conf, Set.of("BackendConf", "CheckConf", "GslbBasic", "ClusterBasic"));

        subclusters(name, table, weights, instances);
    }

    private void sticky(String file, String at, JsonNode hash) {
        if (hash.isMissingNode()) {
            return;
        }
        int strategy = hash.path("HashStrategy").asInt(0);
        boolean sticky = hash.path("SessionSticky").asBoolean(false);
        if (!sticky) {
            if (hash.has("HashStrategy") || hash.has("HashHeader")) {
                warn(file, at + ".GslbBasic.HashConf", "without SessionSticky BFE hashes only to pick a sub-cluster; "
                        + "Portico picks sub-clusters by weight, so the hash is not carried over");
            }
            return;
        }
        String key;
        if (strategy == 1) {
            key = "source_ip";
        } else if (strategy == 0 || strategy == 2) {
            String header = hash.path("HashHeader").asText("");
            int colon = header.indexOf(':');
            if (colon > 0 && header.substring(0, colon).equalsIgnoreCase("Cookie")) {
                key = "cookie:" + header.substring(colon + 1);
            } else if (!header.isEmpty()) {
                key = "header:" + (colon > 0 && header.substring(0, colon).equalsIgnoreCase("Header")
                        ? header.substring(colon + 1) : header);
            } else {
                key = "source_ip";
            }
            if (strategy == 2) {
                warn(file, at + ".GslbBasic.HashConf.HashStrategy", "2 (client id, else client IP): written as the "
                        + "client id alone; requests without it are balanced, not hashed by IP");
            }
        } else {
            warn(file, at + ".GslbBasic.HashConf.HashStrategy", strategy + " has no equivalent; no stickiness");
            return;
        }
        line("sticky = { key = " + Toml.str(key) + ", level = \"instance\" }");
    }

    private void healthCheck(String file, String at, String table, JsonNode check, JsonNode backend) {
        line("[" + table + ".health_check]");
        line("mode = \"passive\"                        # as BFE: instances are probed only after failures");
        String schem = check.path("Schem").asText("http").toLowerCase(Locale.ROOT);
        if (schem.equals("tcp")) {
            line("type = \"tcp\"");
        } else {
            if (schem.equals("https")) {
                warn(file, at + ".Schem", "https probes have no equivalent; written as http probes");
            }
            if (check.has("Uri")) {
                line("path = " + Toml.str(check.get("Uri").asText()));
            }
            if (check.has("Host") && !check.get("Host").asText().isEmpty()) {
                line("host = " + Toml.str(check.get("Host").asText()));
            }
            if (check.has("StatusCodeRange") && !check.get("StatusCodeRange").asText().isEmpty()) {
                line("expect_status = " + Toml.str(check.get("StatusCodeRange").asText()));
            } else if (check.has("StatusCode")) {
                int code = check.get("StatusCode").asInt();
                line("expect_status = " + Toml.str(code == 0 ? "1xx|2xx|3xx|4xx|5xx" : Integer.toString(code)));
            }
        }
        if (check.has("FailNum")) {
            line("fail_threshold = " + check.get("FailNum").asInt());
        }
        if (check.has("SuccNum")) {
            line("success_threshold = " + check.get("SuccNum").asInt());
        }
        if (check.has("CheckInterval")) {
            line("interval = " + Toml.millis(check.get("CheckInterval").asLong()));
        }
        if (check.has("CheckTimeout")) {
            line("timeout = " + Toml.millis(check.get("CheckTimeout").asLong()));
        }
        if (backend.has("OutlierDetectionHttpCode") && !backend.get("OutlierDetectionHttpCode").asText().isEmpty()) {
            line("fail_status = " + Toml.str(backend.get("OutlierDetectionHttpCode").asText()));
        }
        unknownKeys(file, at, check, Set.of("Schem", "Uri", "Host", "StatusCode", "StatusCodeRange", "FailNum", "SuccNum",
                "CheckInterval", "CheckTimeout"));
        line("");
    }

    private void subclusters(String name, String table, JsonNode weights, List<Instance> instances) {
        Set<String> subs = new LinkedHashSet<>();
        instances.forEach(i -> subs.add(i.subcluster()));
        if (!weights.isMissingNode()) {
            line("[" + table + ".subclusters]");
            weights.fields().forEachRemaining(w -> {
                if (w.getKey().equals("GSLB_BLACKHOLE")) {
                    if (w.getValue().asInt() > 0) {
                        line("BLACKHOLE = " + w.getValue().asInt());
                    }
                } else if (subs.contains(w.getKey())) {
                    line(Toml.key(w.getKey()) + " = " + w.getValue().asInt());
                } else {
                    warn("cluster_conf/gslb.data", "Clusters." + name + "." + w.getKey(),
                            "sub-cluster has no instances in cluster_conf/cluster_table.data; left out");
                }
            });
            for (String sub : subs) {
                if (!weights.has(sub)) {
                    warn("cluster_conf/gslb.data", "Clusters." + name + "." + sub,
                            "no weight for this sub-cluster; written as 0 (no traffic), as BFE gives it none");
                    line(Toml.key(sub) + " = 0");
                }
            }
            line("");
        } else {
            warn("cluster_conf/gslb.data", "Clusters." + name, "no GSLB weights; every sub-cluster weighs 1");
        }
        for (Instance i : instances) {
            line("[[" + table + ".subcluster." + Toml.key(i.subcluster()) + ".instance]]");
            line("address = " + Toml.str(i.address()) + (i.name().isEmpty() ? "" : "   # " + i.name().replaceAll("[\r\n]", " ")));
            line("weight = " + i.weight());
            line("");
        }
    }
}
