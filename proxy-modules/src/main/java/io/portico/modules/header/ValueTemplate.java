package io.portico.modules.header;

import io.portico.module.Request;
import io.portico.module.TlsInfo;
import io.portico.modules.requestid.RequestIdModule;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * A header value with variables, compiled once: {@code %name} (the longest run of
 * {@code [a-z0-9_]} after {@code %}) or {@code %{name}} insert a value of the request, {@code %%}
 * is a literal percent sign. Shared, immutable.
 */
final class ValueTemplate {

    /** One piece of a value. */
    @FunctionalInterface
    interface Part {
        void append(Request request, StringBuilder out);
    }

    static final Map<String, Part> VARIABLES = Map.of(
            "client_ip", (r, out) -> out.append(r.clientAddress().getAddress().getHostAddress()),
            "client_port", (r, out) -> out.append(r.clientAddress().getPort()),
            "request_id", (r, out) -> out.append(r.attributes().get(RequestIdModule.REQUEST_ID).orElseGet(r::logId)),
            "log_id", (r, out) -> out.append(r.logId()),
            "host", (r, out) -> out.append(r.host()),
            "path", (r, out) -> out.append(r.path()),
            "scheme", (r, out) -> out.append(r.session().tls().isPresent() ? "https" : "http"),
            "tls_protocol", (r, out) -> out.append(r.session().tls().map(TlsInfo::protocol).orElse("")),
            "server_addr", (r, out) -> out.append(address(r.session().localAddress())),
            "server_port", (r, out) -> out.append(r.session().localAddress().getPort()));

    private final String literal;
    private final Part[] parts;

    private ValueTemplate(String literal, Part[] parts) {
        this.literal = literal;
        this.parts = parts;
    }

    /**
     * Compiles a value.
     *
     * @throws IllegalArgumentException naming an unknown variable or a malformed {@code %}
     */
    static ValueTemplate compile(String text) {
        List<Part> parts = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '%') {
                lit.append(c);
                i++;
                continue;
            }
            if (i + 1 < text.length() && text.charAt(i + 1) == '%') {
                lit.append('%');
                i += 2;
                continue;
            }
            int start;
            int end;
            int next;
            if (i + 1 < text.length() && text.charAt(i + 1) == '{') {
                start = i + 2;
                end = text.indexOf('}', start);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed %{ at offset " + i);
                }
                next = end + 1;
            } else {
                start = i + 1;
                end = start;
                while (end < text.length() && nameChar(text.charAt(end))) {
                    end++;
                }
                next = end;
            }
            String name = text.substring(start, end);
            Part part = VARIABLES.get(name);
            if (part == null) {
                throw new IllegalArgumentException(name.isEmpty()
                        ? "a lone % at offset " + i + " (write %% for a percent sign)"
                        : "unknown variable %" + name + " (known: " + String.join(", ", new TreeSet<>(VARIABLES.keySet())) + ")");
            }
            if (!lit.isEmpty()) {
                String s = lit.toString();
                parts.add((r, out) -> out.append(s));
                lit.setLength(0);
            }
            parts.add(part);
            i = next;
        }
        if (parts.isEmpty()) {
            return new ValueTemplate(lit.toString(), null);
        }
        if (!lit.isEmpty()) {
            String s = lit.toString();
            parts.add((r, out) -> out.append(s));
        }
        return new ValueTemplate(null, parts.toArray(Part[]::new));
    }

    String value(Request request) {
        if (parts == null) {
            return literal;
        }
        StringBuilder out = new StringBuilder(64);
        for (Part p : parts) {
            p.append(request, out);
        }
        return out.toString();
    }

    private static boolean nameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    }

    private static String address(InetSocketAddress a) {
        return a.getAddress().getHostAddress();
    }
}
