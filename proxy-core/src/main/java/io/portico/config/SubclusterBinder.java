package io.portico.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Binds a cluster's GSLB weights ({@code [cluster.NAME.subclusters]}) and its sub-clusters'
 * instances ({@code [[cluster.NAME.subcluster.SUB.instance]]}). Without a weight table every
 * sub-cluster weighs 1; with one, every sub-cluster needs a weight and every weight but
 * BLACKHOLE's needs a sub-cluster.
 */
final class SubclusterBinder {
    private static final int MAX_WEIGHT = 1_000_000;

    private SubclusterBinder() {
    }

    static List<SubclusterConfig> subclusters(Section cluster) {
        Optional<Section> weights = cluster.table("subclusters");
        Optional<Section> subs = cluster.table("subcluster");
        Map<String, List<InstanceConfig>> instances = new LinkedHashMap<>();
        Map<String, Section> sections = new LinkedHashMap<>();
        if (subs.isPresent()) {
            for (String name : subs.get().keys()) {
                Optional<Section> sub = subs.get().table(name);
                if (sub.isEmpty()) {
                    continue;
                }
                if (name.equals(SubclusterConfig.BLACKHOLE)) {
                    subs.get().error(name, "BLACKHOLE is reserved for dropped traffic and cannot have instances");
                    continue;
                }
                instances.put(name, instances(sub.get()));
                sections.put(name, sub.get());
            }
        }
        List<SubclusterConfig> out = new ArrayList<>();
        if (weights.isEmpty()) {
            instances.forEach((name, list) -> out.add(new SubclusterConfig(name, 1, list)));
        } else {
            Section w = weights.get();
            for (String name : w.keys()) {
                int weight = w.integer(name, 0, 0, MAX_WEIGHT);
                if (name.equals(SubclusterConfig.BLACKHOLE)) {
                    out.add(new SubclusterConfig(name, weight, List.of()));
                } else if (instances.containsKey(name)) {
                    out.add(new SubclusterConfig(name, weight, instances.get(name)));
                } else if (subs.isEmpty() || !subs.get().keys().contains(name)) {
                    w.error(name, "sub-cluster \"" + name + "\" has no [[" + cluster.keyPath("subcluster")
                            + "." + Keys.quote(name) + ".instance]]");
                }
            }
            sections.forEach((name, sub) -> {
                if (!w.keys().contains(name)) {
                    sub.errors().add(sub.file(), sub.line(), sub.path(),
                            "has no weight in [" + w.path() + "]");
                }
            });
        }
        boolean usable = out.stream().anyMatch(s -> !s.blackhole() && s.weight() > 0
                && s.instances().stream().anyMatch(i -> i.weight() > 0));
        if (!usable) {
            cluster.errors().add(cluster.file(), cluster.line(), cluster.path(),
                    "has no usable instance: needs a sub-cluster with weight > 0 holding an instance with weight > 0");
        }
        return out;
    }

    private static List<InstanceConfig> instances(Section sub) {
        Optional<Tree.Val> raw = sub.raw("instance");
        List<Section> sections = sub.tables("instance");
        if (raw.isEmpty() || (raw.get().value() instanceof List<?> l && l.isEmpty())) {
            sub.errors().add(sub.file(), sub.line(), sub.path(),
                    "needs at least one [[" + sub.keyPath("instance") + "]]");
        }
        sub.finish();
        List<InstanceConfig> out = new ArrayList<>();
        for (Section s : sections) {
            InstanceConfig instance = instance(s);
            for (int i = 0; i < out.size(); i++) {
                if (instance.port() != 0 && out.get(i).host().equalsIgnoreCase(instance.host())
                        && out.get(i).port() == instance.port()) {
                    s.error("address", "duplicate of " + sub.keyPath("instance") + "[" + i + "]");
                    break;
                }
            }
            out.add(instance);
        }
        return out;
    }

    /** An instance whose address is bad is still returned (host "", port 0) so later checks see its weight. */
    private static InstanceConfig instance(Section s) {
        Optional<String> address = s.requiredString("address");
        Addresses.HostPort hostPort = new Addresses.HostPort("", 0);
        if (address.isPresent()) {
            try {
                hostPort = Addresses.parse(address.get(), 1);
            } catch (IllegalArgumentException e) {
                s.error("address", "invalid address \"" + address.get() + "\": " + e.getMessage());
            }
        }
        int weight = s.integer("weight", 1, 0, MAX_WEIGHT);
        s.finish();
        return new InstanceConfig(hostPort.host(), hostPort.port(), weight);
    }
}
