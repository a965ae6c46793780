package io.portico.server;

import io.portico.config.ClusterConfig;
import io.portico.config.ProxyConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Config keys this build accepts but does not act on yet. Where ignoring one would change what
 * goes over the wire (TLS, the PROXY protocol) the server refuses to start.
 */
final class Unsupported {
    private Unsupported() {
    }

    static void check(ProxyConfig config) {
        List<String> refused = problems(config);
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", refused));
        }
    }

    /** One line per key this build cannot honour: {@code --check} refuses such a config as the server would. */
    static List<String> problems(ProxyConfig config) {
        List<String> refused = new ArrayList<>();
        for (ClusterConfig c : config.clusters().values()) {
            if (c.protocol().equals("https")) {
                refused.add("cluster." + c.name() + ".protocol: \"https\" to backends is not supported by this build yet");
            }
        }
        return refused;
    }
}
