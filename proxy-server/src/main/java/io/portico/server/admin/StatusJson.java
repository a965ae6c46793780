package io.portico.server.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.portico.server.snapshot.Snapshot;
import io.portico.server.upstream.Cluster;
import io.portico.server.upstream.Instance;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /status}: what is running, as JSON. */
final class StatusJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private StatusJson() {
    }

    static String render(ServerView server) {
        Snapshot s = server.snapshot();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("version", server.version());
        root.put("uptime_seconds", (System.currentTimeMillis() - server.startedMillis()) / 1000);
        root.put("config_version", s.version());
        root.put("config_files", s.config().files().stream().map(Object::toString).toList());
        root.put("draining", server.stopping());
        List<Map<String, Object>> listeners = new ArrayList<>();
        for (var a : server.listenerAddresses()) {
            listeners.add(Map.of("address", a.getHostString() + ":" + a.getPort()));
        }
        root.put("listeners", listeners);
        Map<String, Object> clusters = new LinkedHashMap<>();
        for (var cc : s.config().clusters().values()) {
            Cluster c = s.clusters().get(cc.name());
            Map<String, Object> subs = new LinkedHashMap<>();
            for (int i = 0; i < c.gslb().names().size(); i++) {
                Cluster.Subcluster sub = c.subcluster(i);
                Map<String, Object> sm = new LinkedHashMap<>();
                sm.put("weight", cc.subclusters().get(i).weight());
                List<Map<String, Object>> instances = new ArrayList<>();
                if (sub != null) {
                    for (Instance in : sub.instances()) {
                        Map<String, Object> im = new LinkedHashMap<>();
                        im.put("address", in.addressText());
                        im.put("state", in.available() ? "NORMAL" : "CHECKING");
                        im.put("state_since", java.time.Instant.ofEpochMilli(in.stateSinceMillis()).toString());
                        im.put("consecutive_failures", in.consecutiveFailures());
                        im.put("last_error", in.lastError());
                        im.put("weight", in.weight());
                        im.put("in_flight", in.inFlight());
                        im.put("connections_open", in.pool().openConnections());
                        im.put("connections_idle", in.pool().idleConnections());
                        instances.add(im);
                    }
                }
                sm.put("instances", instances);
                subs.put(c.gslb().names().get(i), sm);
            }
            Map<String, Object> cm = new LinkedHashMap<>();
            cm.put("balance", cc.balance());
            cm.put("subclusters", subs);
            clusters.put(cc.name(), cm);
        }
        root.put("clusters", clusters);
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
