package io.portico.config;

import java.util.List;

/**
 * One sub-cluster with its GSLB weight. The reserved name {@link #BLACKHOLE} is a weight with no
 * instances: requests GSLB assigns to it are dropped (503).
 *
 * @param weight 0..1,000,000; 1 when the cluster has no {@code subclusters} weight table
 */
public record SubclusterConfig(String name, int weight, List<InstanceConfig> instances) {
    public static final String BLACKHOLE = "BLACKHOLE";

    public SubclusterConfig {
        instances = List.copyOf(instances);
    }

    public boolean blackhole() {
        return name.equals(BLACKHOLE);
    }
}
