package io.portico.server;

import io.portico.config.ClusterConfig;
import io.portico.config.ListenerConfig;
import io.portico.config.ProxyConfig;
import java.util.ArrayList;
import java.util.List;

/**
 * Config keys this build accepts but does not act on yet. Where ignoring one would change what
 * goes over the wire (TLS, the PROXY protocol) the server refuses to start, {@code --check}
 * reports them, and a reload that brings one in is refused.
 */
final class Unsupported {
    private Unsupported() {
    }

    /** @throws IllegalArgumentException naming every key this build cannot honour */
    static void check(ProxyConfig config) {
        List<String> refused = problems(config);
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", refused));
        }
    }

    /** One line per key this build cannot honour; empty when it can run the config as written. */
    static List<String> problems(ProxyConfig config) {
        List<String> refused = new ArrayList<>();
        for (ListenerConfig l : config.listeners()) {
            if (l.https()) {
                refused.add("listener " + l.name() + ": protocol \"https\" is not supported by this build yet");
            }
            if (l.proxyProtocol()) {
                refused.add("listener " + l.name() + ": proxy_protocol is not supported by this build yet");
            }
        }
        for (ClusterConfig c : config.clusters().values()) {
            if (c.protocol().equals("https")) {
                refused.add("cluster " + c.name() + ": protocol \"https\" to backends is not supported by this build yet");
            }
        }
        return refused;
    }
}
