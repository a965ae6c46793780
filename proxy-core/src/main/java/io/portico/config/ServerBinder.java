package io.portico.config;

import io.portico.http.PathRules;
import io.portico.http.UnderscoreNames;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Binds {@code [server]}, {@code [[listener]]}, {@code [[tls.certificate]]}, {@code [log]} and {@code [admin]}. */
final class ServerBinder {
    private static final List<String> PROTOCOLS = List.of("http", "https");
    private static final List<String> ALPN = List.of("h2", "http/1.1");
    private static final List<String> TLS_VERSIONS = List.of("1.2", "1.3");
    private static final List<String> CLIENT_AUTH = List.of("none", "optional", "required");
    private static final int MAX_ACCEPTORS = 64;
    private static final List<String> ESCAPED_SLASH = List.of("reject", "keep");
    private static final List<String> UNDERSCORES = List.of("drop", "allow", "reject");
    private static final List<String> LOG_LEVELS = List.of("error", "warn", "info", "debug");
    private static final List<String> LOG_FORMATS = List.of("text", "json");

    private ServerBinder() {
    }

    static ServerConfig server(Optional<Section> section, Set<String> products) {
        if (section.isEmpty()) {
            return new ServerConfig(ServerConfig.DEFAULT_GRACEFUL_SHUTDOWN, Optional.empty(),
                    TimeoutsConfig.DEFAULTS, LimitsConfig.DEFAULTS, PathRules.DEFAULTS, HeadersConfig.DEFAULTS,
                    Http2Config.DEFAULTS, Duration.ZERO);
        }
        Section s = section.get();
        Duration grace = s.duration("graceful_shutdown_timeout", ServerConfig.DEFAULT_GRACEFUL_SHUTDOWN, false);
        Optional<String> defaultProduct = s.optionalString("default_product");
        if (defaultProduct.isPresent() && !products.contains(defaultProduct.get())) {
            s.error("default_product", "product \"" + defaultProduct.get() + "\" is not defined");
        }
        TimeoutsConfig timeouts = s.table("timeouts").map(ServerBinder::timeouts).orElse(TimeoutsConfig.DEFAULTS);
        LimitsConfig limits = s.table("limits").map(ServerBinder::limits).orElse(LimitsConfig.DEFAULTS);
        PathRules paths = s.table("paths").map(ServerBinder::paths).orElse(PathRules.DEFAULTS);
        HeadersConfig headers = s.table("headers").map(ServerBinder::headers).orElse(HeadersConfig.DEFAULTS);
        Http2Config http2 = s.table("http2").map(ServerBinder::http2).orElse(Http2Config.DEFAULTS);
        Duration warmUp = s.duration("warm_up", Duration.ZERO, false);
        if (warmUp.compareTo(Duration.ofSeconds(1)) < 0 && !warmUp.isZero() || warmUp.compareTo(ServerConfig.MAX_WARM_UP) > 0) {
            s.error("warm_up", "must be 0 (none) or from 1s to " + Durations.format(ServerConfig.MAX_WARM_UP));
            warmUp = Duration.ZERO;
        }
        s.finish();
        return new ServerConfig(grace, defaultProduct, timeouts, limits, paths, headers, http2, warmUp);
    }

    private static PathRules paths(Section p) {
        PathRules d = PathRules.DEFAULTS;
        PathRules out = new PathRules(
                p.bool("normalize", d.normalize()),
                p.bool("merge_slashes", d.mergeSlashes()),
                p.choice("escaped_slash", ESCAPED_SLASH).map(v -> v.equals("keep")).orElse(d.keepEscapedSlash()));
        p.finish();
        return out;
    }

    private static HeadersConfig headers(Section h) {
        HeadersConfig out = new HeadersConfig(h.choice("underscores", UNDERSCORES)
                .map(v -> UnderscoreNames.valueOf(v.toUpperCase(Locale.ROOT)))
                .orElse(HeadersConfig.DEFAULTS.underscores()));
        h.finish();
        return out;
    }

    private static Http2Config http2(Section h) {
        Http2Config d = Http2Config.DEFAULTS;
        Http2Config out = new Http2Config(
                h.integer("max_concurrent_streams", d.maxConcurrentStreams(), 1, Integer.MAX_VALUE),
                (int) atMost(h, "initial_window", h.size("initial_window", d.initialWindow(), 1), Http2Config.MAX_WINDOW),
                (int) atMost(h, "connection_window", h.size("connection_window", d.connectionWindow(),
                        Http2Config.MIN_CONNECTION_WINDOW), Http2Config.MAX_WINDOW),
                (int) atMost(h, "max_header_list_size", h.size("max_header_list_size", d.maxHeaderListSize(), 1024),
                        Integer.MAX_VALUE));
        h.finish();
        return out;
    }

    private static long atMost(Section s, String key, long value, long max) {
        if (value > max) {
            s.error(key, "must be at most " + max + " bytes");
            return max;
        }
        return value;
    }

    private static TimeoutsConfig timeouts(Section t) {
        TimeoutsConfig d = TimeoutsConfig.DEFAULTS;
        TimeoutsConfig out = new TimeoutsConfig(
                t.duration("tls_handshake", d.tlsHandshake(), true),
                t.duration("client_header", d.clientHeader(), true),
                t.duration("client_body", d.clientBody(), true),
                t.duration("client_idle", d.clientIdle(), true),
                t.duration("client_write", d.clientWrite(), true),
                t.size("client_body_min_rate", d.clientBodyMinRate(), 0),
                t.size("client_write_min_rate", d.clientWriteMinRate(), 0),
                t.duration("client_min_rate_grace", d.clientMinRateGrace(), true));
        t.finish();
        return out;
    }

    private static LimitsConfig limits(Section l) {
        LimitsConfig d = LimitsConfig.DEFAULTS;
        LimitsConfig out = new LimitsConfig(
                l.size("max_header_bytes", d.maxHeaderBytes(), 1),
                l.size("max_uri_bytes", d.maxUriBytes(), 1),
                l.integer("max_headers", d.maxHeaders(), 1, Integer.MAX_VALUE),
                l.size("max_body_bytes", d.maxBodyBytes(), 0),
                l.integer("max_connections", d.maxConnections(), 0, Integer.MAX_VALUE),
                l.integer("max_requests_per_connection", d.maxRequestsPerConnection(), 0, Integer.MAX_VALUE));
        l.finish();
        return out;
    }

    static List<ListenerConfig> listeners(Section root, boolean haveCertificates) {
        Optional<Tree.Val> raw = root.raw("listener");
        List<Section> sections = root.tables("listener");
        if (raw.isEmpty() || (raw.get().value() instanceof List<?> l && l.isEmpty())) {
            root.error("listener", "at least one [[listener]] is required");
        }
        List<ListenerConfig> out = new ArrayList<>();
        Map<String, Integer> names = new HashMap<>();
        List<Section> bound = new ArrayList<>();
        for (Section l : sections) {
            ListenerConfig listener = listener(l, haveCertificates);
            Integer other = names.putIfAbsent(listener.name(), out.size());
            if (other != null) {
                l.error("name", "duplicate listener name \"" + listener.name() + "\" (also listener[" + other + "])");
            }
            for (int i = 0; i < out.size(); i++) {
                if (listener.port() != 0 && conflict(out.get(i).host(), out.get(i).port(), listener.host(), listener.port())) {
                    l.error("address", "conflicts with " + bound.get(i).path() + " (" + show(out.get(i).host(), out.get(i).port()) + ")");
                    break;
                }
            }
            out.add(listener);
            bound.add(l);
        }
        return out;
    }

    private static ListenerConfig listener(Section l, boolean haveCertificates) {
        Optional<String> address = l.requiredString("address");
        Addresses.HostPort hostPort = address.flatMap(a -> hostPort(l, "address", a)).orElse(new Addresses.HostPort("", 0));
        String name = l.string("name").orElse(address.orElse(l.path()));
        String protocol = l.choice("protocol", PROTOCOLS).orElse("http");
        boolean https = protocol.equals("https");
        int acceptors = l.integer("acceptors", 1, 1, MAX_ACCEPTORS);
        boolean proxyProtocol = l.bool("proxy_protocol", false);
        List<String> alpn = alpn(l).orElse(https ? ALPN : List.of());
        String tlsMin = l.choice("tls_min_version", TLS_VERSIONS).orElse("1.2");
        String clientAuth = l.choice("client_auth", CLIENT_AUTH).orElse("none");
        Optional<Path> clientCa = l.file("client_ca");
        if (https && !clientAuth.equals("none") && clientCa.isEmpty() && l.raw("client_ca").isEmpty()) {
            l.error("client_ca", "required with client_auth = \"" + clientAuth + "\": the PEM bundle client certificates chain to");
        }
        if (!https) {
            for (String key : List.of("alpn", "tls_min_version", "client_auth", "client_ca")) {
                if (l.raw(key).isPresent()) {
                    l.error(key, "only for protocol = \"https\"");
                }
            }
        } else if (!haveCertificates) {
            l.error("protocol", "an https listener needs at least one [[tls.certificate]]");
        }
        l.finish();
        return new ListenerConfig(name, hostPort.host(), hostPort.port(), protocol, acceptors, proxyProtocol, alpn, tlsMin,
                clientAuth, clientAuth.equals("none") ? Optional.empty() : clientCa);
    }

    private static Optional<List<String>> alpn(Section l) {
        return l.strings("alpn").map(items -> {
            List<String> out = new ArrayList<>();
            for (Section.Located item : items) {
                if (!ALPN.contains(item.value())) {
                    l.errors().at(item.where(), item.keyPath(), "expected one of h2, http/1.1; got \"" + item.value() + "\"");
                } else if (out.contains(item.value())) {
                    l.errors().at(item.where(), item.keyPath(), "\"" + item.value() + "\" is listed twice");
                } else {
                    out.add(item.value());
                }
            }
            if (items.isEmpty()) {
                l.error("alpn", "must offer at least one protocol");
            }
            return out;
        });
    }

    static Optional<Addresses.HostPort> hostPort(Section s, String key, String text) {
        try {
            return Optional.of(Addresses.parse(text, 0));
        } catch (IllegalArgumentException e) {
            s.error(key, "invalid address \"" + text + "\": " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Two binds collide on one port when the hosts are equal or either is a wildcard. */
    static boolean conflict(String hostA, int portA, String hostB, int portB) {
        return portA == portB && (hostA.equalsIgnoreCase(hostB) || wildcard(hostA) || wildcard(hostB));
    }

    private static boolean wildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
    }

    static String show(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    static List<CertificateConfig> certificates(Optional<Section> tls) {
        if (tls.isEmpty()) {
            return List.of();
        }
        List<Section> sections = tls.get().tables("certificate");
        tls.get().finish();
        List<CertificateConfig> out = new ArrayList<>();
        int defaultAt = -1;
        for (Section c : sections) {
            CertificateConfig cert = certificate(c);
            if (cert.isDefault() && defaultAt >= 0) {
                c.error("default", "only one certificate may be the default (also tls.certificate[" + defaultAt + "])");
            } else if (cert.isDefault()) {
                defaultAt = out.size();
            }
            out.add(cert);
        }
        if (defaultAt < 0 && !out.isEmpty()) {
            CertificateConfig first = out.getFirst();
            out.set(0, new CertificateConfig(first.cert(), first.key(), first.serverNames(), true, first.ocspResponse()));
        }
        return out;
    }

    private static CertificateConfig certificate(Section c) {
        var cert = c.requiredFile("cert");
        var key = c.requiredFile("key");
        List<String> names = new ArrayList<>();
        for (Section.Located item : c.strings("server_names").orElse(List.of())) {
            String name = item.value().toLowerCase(Locale.ROOT);
            if (!Addresses.isHostPattern(name)) {
                c.errors().at(item.where(), item.keyPath(), "\"" + item.value() + "\" is not a host name or *.suffix pattern");
            } else {
                names.add(name);
            }
        }
        boolean isDefault = c.bool("default", false);
        var ocsp = c.file("ocsp_response");
        c.finish();
        return new CertificateConfig(cert.orElse(Path.of("")), key.orElse(Path.of("")),
                names, isDefault, ocsp);
    }

    static LogConfig log(Optional<Section> section) {
        if (section.isEmpty()) {
            return LogConfig.DEFAULTS;
        }
        Section l = section.get();
        Optional<String> level = l.choice("level", LOG_LEVELS);
        boolean json = l.choice("format", LOG_FORMATS).map(f -> f.equals("json")).orElse(false);
        l.finish();
        return new LogConfig(level, json);
    }

    static AdminConfig admin(Optional<Section> section, List<ListenerConfig> listeners) {
        if (section.isEmpty()) {
            return AdminConfig.disabled();
        }
        Section a = section.get();
        String text = a.string("address", AdminConfig.DEFAULT_HOST + ":" + AdminConfig.DEFAULT_PORT);
        Optional<Addresses.HostPort> hostPort = hostPort(a, "address", text);
        Optional<String> token = a.optionalString("token");
        a.finish();
        if (hostPort.isEmpty()) {
            return AdminConfig.disabled();
        }
        Addresses.HostPort hp = hostPort.get();
        for (int i = 0; i < listeners.size(); i++) {
            ListenerConfig l = listeners.get(i);
            if (hp.port() != 0 && conflict(l.host(), l.port(), hp.host(), hp.port())) {
                a.error("address", "conflicts with listener[" + i + "] (" + show(l.host(), l.port()) + ")");
                break;
            }
        }
        return new AdminConfig(true, hp.host(), hp.port(), token);
    }
}
