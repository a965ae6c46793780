package io.portico.server.tls;

import io.portico.config.ClusterConfig;
import io.portico.config.ConfigError;
import io.portico.config.ConfigException;
import io.portico.config.ProxyConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The TLS contexts of a config's https clusters, built before anything of the new config is used. */
public final class ClusterTls {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterTls.class);

    private ClusterTls() {
    }

    /**
     * The context of each {@code protocol = "https"} cluster, by cluster name.
     *
     * @throws ConfigException naming each cluster whose CA bundle, certificate or key cannot be used, and why
     */
    public static Map<String, BackendTls> build(ProxyConfig config) {
        Map<String, BackendTls> out = new HashMap<>();
        List<ConfigError> errors = new ArrayList<>();
        for (ClusterConfig c : config.clusters().values()) {
            if (!c.protocol().equals("https")) {
                continue;
            }
            try {
                out.put(c.name(), BackendTls.of(c.tls()));
                if (c.tls().insecureSkipVerify()) {
                    LOG.warn("cluster {}: insecure_skip_verify: its backends' certificates are not checked", c.name());
                }
            } catch (IllegalArgumentException e) {
                errors.add(new ConfigError(config.files().getFirst(), 0, "cluster." + c.name() + ".tls", e.getMessage()));
            }
        }
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
        return Map.copyOf(out);
    }
}
