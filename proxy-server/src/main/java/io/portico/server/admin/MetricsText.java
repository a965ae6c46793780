package io.portico.server.admin;

import io.portico.server.metrics.ServerMetrics.ErrorKind;
import io.portico.server.metrics.ServerMetrics;
import io.portico.server.upstream.BackendFailure;
import io.portico.server.upstream.ClusterStats;
import io.portico.server.upstream.Instance;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The Prometheus text exposition (format 0.0.4) of the server's counters and backend state. */
final class MetricsText {
    private MetricsText() {
    }

    static String render(ServerView server) {
        ServerMetrics m = server.metrics();
        StringBuilder out = new StringBuilder(4096);
        gauge(out, "portico_connections_open", "Client connections open now.", m.connectionsOpen.get());
        counter(out, "portico_connections_accepted_total", "Client connections accepted.", m.connectionsAccepted.sum());
        counter(out, "portico_connections_refused_total", "Client connections refused at max_connections.",
                m.connectionsRefused.sum());
        counter(out, "portico_accept_failures_total",
                "Failed accepts (out of file descriptors, mostly); the acceptors back off.", m.acceptFailures.sum());
        counter(out, "portico_requests_total", "Requests read from clients.", m.requests.sum());
        family(out, "portico_responses_total", "counter", "Responses sent, by status class.");
        for (int c = 1; c <= 5; c++) {
            out.append("portico_responses_total{class=\"").append(c).append("xx\"} ").append(m.responses(c)).append('\n');
        }
        family(out, "portico_errors_total", "counter", "Requests and connections the proxy answered or closed itself, by kind.");
        for (ErrorKind k : ErrorKind.values()) {
            out.append("portico_errors_total{kind=\"").append(k.name().toLowerCase(Locale.ROOT)).append("\"} ")
                    .append(m.errors(k)).append('\n');
        }
        family(out, "portico_client_aborts_total", "counter",
                "Requests whose client went away before its response was complete (logged as 499), by where the request was.");
        for (ServerMetrics.ClientAbort a : ServerMetrics.ClientAbort.values()) {
            out.append("portico_client_aborts_total{phase=\"").append(a.name().toLowerCase(Locale.ROOT)).append("\"} ")
                    .append(m.clientAborts(a)).append('\n');
        }
        family(out, "portico_slow_clients_total", "counter",
                "Clients dropped for sending a request body below client_body_min_rate (body) or taking a response below client_write_min_rate (write).");
        for (ServerMetrics.SlowClient k : ServerMetrics.SlowClient.values()) {
            out.append("portico_slow_clients_total{kind=\"").append(k.name().toLowerCase(Locale.ROOT)).append("\"} ")
                    .append(m.slowClients(k)).append('\n');
        }
        family(out, "portico_module_errors_total", "counter", "Handler failures, by module.");
        m.moduleErrors().forEach((module, n) ->
                out.append("portico_module_errors_total{module=\"").append(escape(module)).append("\"} ").append(n).append('\n'));
        counter(out, "portico_backend_connections_opened_total", "Backend connections opened.", m.backendConnectsOpened.sum());
        counter(out, "portico_backend_connections_reused_total", "Requests sent on a pooled backend connection.",
                m.backendConnectsReused.sum());
        counter(out, "portico_retries_total", "Tries beyond the first.", m.retries.sum());
        counter(out, "portico_http2_connections_total", "HTTP/2 client connections (h2 by ALPN, h2c by prior knowledge).",
                m.http2Connections.sum());
        counter(out, "portico_http2_streams_total", "HTTP/2 request streams opened by clients.", m.http2Streams.sum());
        family(out, "portico_http2_resets_sent_total", "counter", "RST_STREAM frames sent to clients, by error code.");
        for (io.portico.http2.ErrorCode code : io.portico.http2.ErrorCode.values()) {
            out.append("portico_http2_resets_sent_total{code=\"").append(code.name().toLowerCase(Locale.ROOT))
                    .append("\"} ").append(m.http2Resets(code.value())).append('\n');
        }
        family(out, "portico_http2_goaways_sent_total", "counter", "GOAWAY frames sent to clients, by error code.");
        for (io.portico.http2.ErrorCode code : io.portico.http2.ErrorCode.values()) {
            out.append("portico_http2_goaways_sent_total{code=\"").append(code.name().toLowerCase(Locale.ROOT))
                    .append("\"} ").append(m.http2GoAways(code.value())).append('\n');
        }
        family(out, "portico_http2_abuse_total", "counter",
                "HTTP/2 clients stopped for abuse (GOAWAY ENHANCE_YOUR_CALM), or streams refused or reset, by kind.");
        for (ServerMetrics.Http2Flood f : ServerMetrics.Http2Flood.values()) {
            out.append("portico_http2_abuse_total{kind=\"").append(f.name().toLowerCase(Locale.ROOT)).append("\"} ")
                    .append(m.http2Floods(f)).append('\n');
        }
        family(out, "portico_tls_handshakes_total", "counter",
                "TLS handshakes from clients, by result: ok, timeout (tls_handshake), failed (refused or broken), closed (the client left).");
        for (ServerMetrics.Handshake h : ServerMetrics.Handshake.values()) {
            out.append("portico_tls_handshakes_total{result=\"").append(h.name().toLowerCase(Locale.ROOT)).append("\"} ")
                    .append(m.handshakes(h)).append('\n');
        }
        family(out, "portico_tls_sessions_total", "counter",
                "Completed TLS handshakes from clients, by handshake: full (a certificate signed) or resumed (a ticket or cached session), and version.");
        for (boolean resumed : new boolean[] {false, true}) {
            for (boolean tls13 : new boolean[] {false, true}) {
                out.append("portico_tls_sessions_total{handshake=\"").append(resumed ? "resumed" : "full").append("\",version=\"")
                        .append(tls13 ? "1.3" : "1.2").append("\"} ").append(m.sessions(resumed, tls13)).append('\n');
            }
        }
        family(out, "portico_tls_ocsp_fetches_total", "counter",
                "OCSP responses fetched from certificates' responders: ok (stapled from then on), failed (none, or not usable: the log says why).");
        out.append("portico_tls_ocsp_fetches_total{result=\"ok\"} ").append(server.stapling().fetches(true)).append('\n');
        out.append("portico_tls_ocsp_fetches_total{result=\"failed\"} ").append(server.stapling().fetches(false)).append('\n');
        family(out, "portico_tls_ocsp_certificates", "gauge",
                "Certificates with an ocsp_response or an OCSP responder: stapled (a current, good response) or unstapled (none now).");
        out.append("portico_tls_ocsp_certificates{state=\"stapled\"} ").append(server.stapling().current()).append('\n');
        out.append("portico_tls_ocsp_certificates{state=\"unstapled\"} ").append(server.stapling().missing()).append('\n');
        counter(out, "portico_underscore_headers_dropped_total",
                "Request header fields dropped because their name holds an underscore.", m.underscoreHeadersDropped.sum());
        counter(out, "portico_config_reloads_total", "Successful config reloads.", m.reloads.sum());
        counter(out, "portico_config_reloads_failed_total", "Refused config reloads (the old config kept serving).",
                m.reloadsFailed.sum());
        gauge(out, "portico_config_version", "Version of the config in service.", server.snapshot().version());
        clusters(out, server);
        instances(out, server);
        server.moduleMetrics().writePrometheus(out);
        return out.toString();
    }

    private static void clusters(StringBuilder out, ServerView server) {
        Map<String, ClusterStats> all = new TreeMap<>(server.upstreams().clusterStats());
        family(out, "portico_cluster_responses_total", "counter", "Responses to requests routed to a cluster, by status class.");
        all.forEach((name, st) -> {
            for (int c = 1; c <= 5; c++) {
                out.append("portico_cluster_responses_total{cluster=\"").append(escape(name)).append("\",class=\"")
                        .append(c).append("xx\"} ").append(st.responses(c)).append('\n');
            }
        });
        family(out, "portico_cluster_request_duration_seconds", "histogram",
                "Time from the request head to the end of the response, for requests routed to a cluster.");
        all.forEach((name, st) -> {
            long cumulative = 0;
            for (int b = 0; b <= ClusterStats.BOUNDS.length; b++) {
                cumulative += st.bucket(b);
                String le = b < ClusterStats.BOUNDS.length ? Double.toString(ClusterStats.BOUNDS[b]) : "+Inf";
                out.append("portico_cluster_request_duration_seconds_bucket{cluster=\"").append(escape(name))
                        .append("\",le=\"").append(le).append("\"} ").append(cumulative).append('\n');
            }
            out.append("portico_cluster_request_duration_seconds_sum{cluster=\"").append(escape(name)).append("\"} ")
                    .append(st.sumSeconds()).append('\n');
            out.append("portico_cluster_request_duration_seconds_count{cluster=\"").append(escape(name)).append("\"} ")
                    .append(cumulative).append('\n');
        });
        family(out, "portico_cluster_tls_handshakes_total", "counter",
                "TLS handshakes with a cluster's instances (https clusters), full or resumed.");
        all.forEach((name, st) -> {
            for (boolean resumed : new boolean[] {false, true}) {
                out.append("portico_cluster_tls_handshakes_total{cluster=\"").append(escape(name)).append("\",kind=\"")
                        .append(resumed ? "resumed" : "full").append("\"} ").append(st.tlsHandshakes(resumed)).append('\n');
            }
        });
        family(out, "portico_cluster_backend_failures_total", "counter",
                "Failed tries against a cluster's instances (retried or not), by what happened.");
        all.forEach((name, st) -> {
            for (BackendFailure kind : BackendFailure.values()) {
                out.append("portico_cluster_backend_failures_total{cluster=\"").append(escape(name)).append("\",kind=\"")
                        .append(kind.label()).append("\"} ").append(st.failures(kind)).append('\n');
            }
        });
    }

    private static void instances(StringBuilder out, ServerView server) {
        Map<String, Instance> all = new TreeMap<>(server.upstreams().all());
        String[][] families = {
            {"portico_backend_up", "1 while the instance is NORMAL, 0 while CHECKING."},
            {"portico_backend_weight", "Configured weight (0 = drained)."},
            {"portico_backend_in_flight", "Requests in flight to the instance."},
            {"portico_backend_pool_open", "Open connections to the instance."},
            {"portico_backend_pool_idle", "Idle pooled connections to the instance."},
        };
        for (int f = 0; f < families.length; f++) {
            family(out, families[f][0], "gauge", families[f][1]);
            for (Instance i : all.values()) {
                String[] k = i.key().split("/", 3);
                long v = switch (f) {
                    case 0 -> i.available() ? 1 : 0;
                    case 1 -> i.weight();
                    case 2 -> i.inFlight();
                    case 3 -> i.pool().openConnections();
                    default -> i.pool().idleConnections();
                };
                out.append(families[f][0]).append("{cluster=\"").append(escape(k[0])).append("\",subcluster=\"")
                        .append(escape(k[1])).append("\",instance=\"").append(escape(k[2])).append("\"} ")
                        .append(v).append('\n');
            }
        }
    }

    private static void counter(StringBuilder out, String name, String help, long v) {
        family(out, name, "counter", help);
        out.append(name).append(' ').append(v).append('\n');
    }

    private static void gauge(StringBuilder out, String name, String help, long v) {
        family(out, name, "gauge", help);
        out.append(name).append(' ').append(v).append('\n');
    }

    private static void family(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
