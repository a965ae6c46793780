package io.portico.modules.accesslog;

import io.portico.http.HttpFields;
import io.portico.module.Request;
import io.portico.module.Response;
import io.portico.module.Timings;
import io.portico.modules.requestid.RequestIdModule;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The {@code $variables} of access log lines. Shared, immutable. */
final class Variables {

    /** The value of one variable for one request: null when it has none (written {@code -}). */
    @FunctionalInterface
    interface Value {
        String of(Request request, Response response);
    }

    /** A variable; {@code numeric} ones are written unquoted in JSON. */
    record Variable(String name, Value value, boolean numeric) {
    }

    private static final Map<String, Variable> NAMED = new TreeMap<>();

    static {
        text("time_local", (q, s) -> LogTime.local(q.timings().startEpochMillis()));
        text("time_iso8601", (q, s) -> LogTime.iso8601(q.timings().startEpochMillis()));
        text("time_iso8601_ms", (q, s) -> LogTime.iso8601Millis(q.timings().startEpochMillis()));
        number("msec", (q, s) -> millisAsSeconds(q.timings().startEpochMillis()));
        text("remote_addr", (q, s) -> ip(q.clientAddress()));
        number("remote_port", (q, s) -> Integer.toString(q.clientAddress().getPort()));
        text("server_addr", (q, s) -> ip(q.session().localAddress()));
        number("server_port", (q, s) -> Integer.toString(q.session().localAddress().getPort()));
        text("scheme", (q, s) -> q.session().tls().isPresent() ? "https" : "http");
        text("host", (q, s) -> q.host().isEmpty() ? null : q.host());
        text("request", (q, s) -> q.method() + " " + q.head().target() + " " + q.head().version().text());
        text("method", (q, s) -> q.method());
        text("uri", (q, s) -> q.path());
        text("query", (q, s) -> q.query().isEmpty() ? null : q.query());
        text("protocol", (q, s) -> q.head().version().text());
        number("status", (q, s) -> Integer.toString(s.status()));
        number("bytes_sent", (q, s) -> Long.toString(q.responseBodyBytes()));
        number("body_bytes_sent", (q, s) -> Long.toString(q.responseBodyBytes()));
        number("request_length", (q, s) -> Long.toString(q.requestBodyBytes()));
        number("request_time", (q, s) -> seconds(q.timings().endNanos()));
        number("upstream_response_time", Variables::upstreamTime);
        text("product", (q, s) -> q.product().orElse(null));
        text("cluster", (q, s) -> q.cluster().orElse(null));
        text("subcluster", (q, s) -> q.subcluster().orElse(null));
        text("backend", (q, s) -> q.backend().orElse(null));
        number("retry_num", (q, s) -> Integer.toString(q.retryCount()));
        text("log_id", (q, s) -> q.logId());
        text("request_id", (q, s) -> q.attributes().get(RequestIdModule.REQUEST_ID).orElse(null));
        text("error", (q, s) -> q.error().orElse(null));
        text("upstream_error", (q, s) -> q.upstreamError().orElse(null));
        text("user_agent", header("User-Agent"));
        text("referer", header("Referer"));
    }

    private Variables() {
    }

    /**
     * The variable of this name: a fixed one, {@code http_<name>} (a request header; {@code _}
     * stands for {@code -}) or {@code tag_<name>} (a request tag); empty when unknown.
     */
    static Optional<Variable> named(String name) {
        Variable v = NAMED.get(name);
        if (v != null) {
            return Optional.of(v);
        }
        if (name.startsWith("http_") && name.length() > 5) {
            return Optional.of(new Variable(name, header(name.substring(5).replace('_', '-')), false));
        }
        if (name.startsWith("tag_") && name.length() > 4) {
            String tag = name.substring(4);
            return Optional.of(new Variable(name, (q, s) -> q.tags().get(tag), false));
        }
        return Optional.empty();
    }

    static String known() {
        return String.join(", ", NAMED.keySet()) + ", http_<header>, tag_<name>";
    }

    private static void text(String name, Value value) {
        NAMED.put(name, new Variable(name, value, false));
    }

    private static void number(String name, Value value) {
        NAMED.put(name, new Variable(name, value, true));
    }

    private static Value header(String name) {
        return (q, s) -> {
            HttpFields f = q.head().fields();
            return f.firstOrNull(name);
        };
    }

    private static String ip(InetSocketAddress a) {
        return a.getAddress() == null ? a.getHostString() : a.getAddress().getHostAddress();
    }

    /** From the backend connection being ready (last try) to the response being sent. */
    private static String upstreamTime(Request q, Response s) {
        Timings t = q.timings();
        if (q.backend().isEmpty() || t.upstreamConnectedNanos() == Timings.NOT_REACHED
                || t.endNanos() == Timings.NOT_REACHED) {
            return null;
        }
        return seconds(t.endNanos() - t.upstreamConnectedNanos());
    }

    /** Nanoseconds as seconds with millisecond resolution, e.g. {@code 0.042}; null when not reached. */
    static String seconds(long nanos) {
        if (nanos == Timings.NOT_REACHED) {
            return null;
        }
        return millisAsSeconds(Math.max(0, nanos) / 1_000_000);
    }

    private static String millisAsSeconds(long millis) {
        long ms = millis % 1000;
        return (millis / 1000) + (ms < 10 ? ".00" : ms < 100 ? ".0" : ".") + ms;
    }
}
