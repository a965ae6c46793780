package io.portico.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Binds one {@code [cluster.NAME]} and its sub-tables. */
final class ClusterBinder {
    private static final List<String> BALANCE = List.of("wrr", "wlc");
    private static final List<String> PROTOCOLS = List.of("http", "https");
    private static final List<String> STICKY_LEVELS = List.of("subcluster", "instance");
    private static final List<String> MODES = List.of("passive", "active", "passive+active");
    private static final List<String> CHECK_TYPES = List.of("http", "tcp");
    private static final int MAX_RETRIES = 100;
    private static final int MAX_THRESHOLD = 1000;
    private static final int MAX_POOL = 1_000_000;

    private ClusterBinder() {
    }

    static ClusterConfig cluster(String name, Section c) {
        String balance = c.choice("balance", BALANCE).orElse("wrr");
        String protocol = c.choice("protocol", PROTOCOLS).orElse("http");
        Duration connect = c.duration("connect_timeout", ClusterConfig.DEFAULT_CONNECT_TIMEOUT, true);
        Duration header = c.duration("response_header_timeout", ClusterConfig.DEFAULT_RESPONSE_HEADER_TIMEOUT, true);
        Optional<StickyConfig> sticky = c.table("sticky").flatMap(ClusterBinder::sticky);
        Optional<BackendTlsConfig> tls = c.table("tls").map(ClusterBinder::tls);
        if (tls.isPresent() && !protocol.equals("https")) {
            c.error("tls", "only for protocol = \"https\"");
        }
        RetryConfig retry = c.table("retry").map(ClusterBinder::retry).orElse(RetryConfig.DEFAULTS);
        HealthCheckConfig check = c.table("health_check").map(ClusterBinder::healthCheck).orElse(HealthCheckConfig.DEFAULTS);
        PoolConfig pool = c.table("pool").map(ClusterBinder::pool).orElse(PoolConfig.DEFAULTS);
        List<SubclusterConfig> subclusters = SubclusterBinder.subclusters(c);
        c.finish();
        return new ClusterConfig(name, balance, protocol, connect, header, sticky,
                tls.orElse(BackendTlsConfig.DEFAULTS), retry, check, pool, subclusters);
    }

    private static Optional<StickyConfig> sticky(Section s) {
        Optional<String> key = s.requiredString("key");
        StickyConfig.Level level = s.choice("level", STICKY_LEVELS)
                .map(l -> l.equals("subcluster") ? StickyConfig.Level.SUBCLUSTER : StickyConfig.Level.INSTANCE)
                .orElse(StickyConfig.Level.INSTANCE);
        s.finish();
        if (key.isEmpty()) {
            return Optional.empty();
        }
        String k = key.get();
        if (k.equals("source_ip")) {
            return Optional.of(new StickyConfig(StickyConfig.Kind.SOURCE_IP, "", level));
        }
        for (StickyConfig.Kind kind : List.of(StickyConfig.Kind.HEADER, StickyConfig.Kind.COOKIE)) {
            String prefix = kind == StickyConfig.Kind.HEADER ? "header:" : "cookie:";
            if (k.startsWith(prefix) && isToken(k.substring(prefix.length()))) {
                String n = k.substring(prefix.length());
                return Optional.of(new StickyConfig(kind, kind == StickyConfig.Kind.HEADER
                        ? n.toLowerCase(java.util.Locale.ROOT) : n, level));
            }
        }
        s.error("key", "expected source_ip, header:NAME or cookie:NAME; got \"" + k + "\"");
        return Optional.empty();
    }

    private static BackendTlsConfig tls(Section t) {
        Optional<Path> ca = t.file("ca");
        Optional<String> serverName = t.optionalString("server_name");
        if (serverName.isPresent() && !Addresses.isHost(serverName.get())) {
            t.error("server_name", "\"" + serverName.get() + "\" is not a host name");
        }
        Optional<Path> cert = t.file("cert");
        Optional<Path> key = t.file("key");
        boolean skip = t.bool("insecure_skip_verify", false);
        boolean hasCert = written(t, "cert");
        if (hasCert != written(t, "key")) {
            t.error(hasCert ? "cert" : "key", "cert and key must be given together");
        }
        t.finish();
        return new BackendTlsConfig(ca, serverName, cert, key, skip);
    }

    private static boolean written(Section s, String key) {
        return s.raw(key).map(v -> !"".equals(v.value())).orElse(false);
    }

    private static RetryConfig retry(Section r) {
        RetryConfig d = RetryConfig.DEFAULTS;
        int in = r.integer("in_subcluster", d.inSubcluster(), 0, MAX_RETRIES);
        int cross = r.integer("cross_subcluster", d.crossSubcluster(), 0, MAX_RETRIES);
        Set<String> methods = r.strings("methods").map(items -> {
            Set<String> out = new LinkedHashSet<>();
            for (Section.Located item : items) {
                if (!isToken(item.value())) {
                    r.errors().at(item.where(), item.keyPath(), "\"" + item.value() + "\" is not an HTTP method");
                } else {
                    out.add(item.value());
                }
            }
            return out;
        }).orElse(d.methods());
        long replay = r.size("max_replay_body", d.maxReplayBodyBytes(), 0);
        r.finish();
        return new RetryConfig(in, cross, methods, replay);
    }

    private static HealthCheckConfig healthCheck(Section h) {
        HealthCheckConfig d = HealthCheckConfig.DEFAULTS;
        HealthCheckConfig.Mode mode = h.choice("mode", MODES).map(m -> switch (m) {
            case "active" -> HealthCheckConfig.Mode.ACTIVE;
            case "passive+active" -> HealthCheckConfig.Mode.PASSIVE_ACTIVE;
            default -> HealthCheckConfig.Mode.PASSIVE;
        }).orElse(d.mode());
        HealthCheckConfig.Type type = h.choice("type", CHECK_TYPES)
                .map(t -> t.equals("tcp") ? HealthCheckConfig.Type.TCP : HealthCheckConfig.Type.HTTP).orElse(d.type());
        String path = h.string("path", d.path());
        if (!path.startsWith("/")) {
            h.error("path", "must start with '/'");
        }
        Optional<String> host = h.optionalString("host");
        StatusMatcher expect = status(h, "expect_status").orElse(d.expectStatus());
        Optional<StatusMatcher> failStatus = status(h, "fail_status");
        int fail = h.integer("fail_threshold", d.failThreshold(), 1, MAX_THRESHOLD);
        int success = h.integer("success_threshold", d.successThreshold(), 1, MAX_THRESHOLD);
        Duration interval = h.duration("interval", d.interval(), true);
        Duration timeout = h.duration("timeout", d.timeout(), true);
        if (type == HealthCheckConfig.Type.TCP) {
            for (String key : List.of("path", "host", "expect_status")) {
                if (h.raw(key).isPresent()) {
                    h.error(key, "only for type = \"http\"");
                }
            }
        }
        h.finish();
        return new HealthCheckConfig(mode, type, path, host, expect, fail, success, interval, timeout, failStatus);
    }

    private static Optional<StatusMatcher> status(Section h, String key) {
        return h.string(key).flatMap(text -> {
            try {
                return Optional.of(StatusMatcher.parse(text));
            } catch (IllegalArgumentException e) {
                h.error(key, "invalid status \"" + text + "\": " + e.getMessage());
                return Optional.empty();
            }
        });
    }

    private static PoolConfig pool(Section p) {
        PoolConfig d = PoolConfig.DEFAULTS;
        int idle = p.integer("max_idle_per_instance", d.maxIdlePerInstance(), 0, MAX_POOL);
        int max = p.integer("max_per_instance", d.maxPerInstance(), 0, MAX_POOL);
        Duration idleTimeout = p.duration("idle_timeout", d.idleTimeout(), true);
        if (max > 0 && idle > max) {
            p.error("max_idle_per_instance", idle + " exceeds max_per_instance (" + max + ")");
        }
        p.finish();
        return new PoolConfig(idle, max, idleTimeout);
    }

    /** RFC 9110 token: what header names, cookie names and methods are made of. */
    static boolean isToken(String s) {
        return io.portico.http.Tokens.isToken(s);
    }
}
