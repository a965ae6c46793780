package io.portico.modules.accesslog;

import io.portico.module.Request;
import io.portico.module.Response;
import io.portico.modules.accesslog.Variables.Variable;
import java.util.ArrayList;
import java.util.List;

/**
 * A log line format compiled once into a list of appenders: literal text and variables, each
 * variable written with the escaping its place needs. Shared, immutable.
 */
final class LogFormat {
    static final String COMMON = "$remote_addr - - [$time_local] \"$request\" $status $body_bytes_sent";
    static final String COMBINED = COMMON + " \"$http_referer\" \"$http_user_agent\"";
    private static final String[] JSON_FIELDS = {"time_iso8601_ms", "remote_addr", "host", "method", "uri", "query",
        "protocol", "status", "body_bytes_sent", "request_length", "request_time", "upstream_response_time", "product",
        "cluster", "subcluster", "backend", "retry_num", "upstream_error", "log_id", "request_id", "error", "referer", "user_agent"};

    /** How a variable's value is written. */
    enum Escape {
        /** Absent as {@code -}; {@code "}, {@code \}, controls and non-ASCII bytes as {@code \xHH}, as nginx does. */
        TEXT,
        /** Inside a JSON string the template writes: absent as nothing, JSON string escapes. */
        JSON_INNER,
        /** A whole JSON value: absent as {@code null}, numbers bare, strings quoted and escaped. */
        JSON_VALUE
    }

    @FunctionalInterface
    interface Appender {
        void append(Request request, Response response, StringBuilder out);
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Appender[] appenders;

    private LogFormat(Appender[] appenders) {
        this.appenders = appenders;
    }

    /**
     * A named format ({@code common}, {@code combined}, {@code json}) or a template.
     *
     * @param jsonTemplate write a template's values with JSON string escapes (for templates that build JSON)
     * @throws IllegalArgumentException naming an unknown variable or a malformed {@code $}
     */
    static LogFormat of(String format, boolean jsonTemplate) {
        return switch (format) {
            case "common" -> template(COMMON, Escape.TEXT);
            case "combined" -> template(COMBINED, Escape.TEXT);
            case "json" -> json();
            default -> template(format, jsonTemplate ? Escape.JSON_INNER : Escape.TEXT);
        };
    }

    String line(Request request, Response response) {
        StringBuilder out = new StringBuilder(256);
        for (Appender a : appenders) {
            a.append(request, response, out);
        }
        return out.append('\n').toString();
    }

    private static LogFormat json() {
        List<Appender> out = new ArrayList<>();
        for (int i = 0; i < JSON_FIELDS.length; i++) {
            String key = JSON_FIELDS[i].equals("time_iso8601_ms") ? "time" : JSON_FIELDS[i];
            String prefix = (i == 0 ? "{\"" : ",\"") + key + "\":";
            out.add((q, s, sb) -> sb.append(prefix));
            out.add(variable(Variables.named(JSON_FIELDS[i]).orElseThrow(), Escape.JSON_VALUE));
        }
        out.add((q, s, sb) -> sb.append('}'));
        return new LogFormat(out.toArray(Appender[]::new));
    }

    private static LogFormat template(String text, Escape escape) {
        List<Appender> out = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$') {
                lit.append(c);
                i++;
                continue;
            }
            if (i + 1 < text.length() && text.charAt(i + 1) == '$') {
                lit.append('$');
                i += 2;
                continue;
            }
            int start = i + 1;
            int end;
            int next;
            if (start < text.length() && text.charAt(start) == '{') {
                start++;
                end = text.indexOf('}', start);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed ${ at offset " + i);
                }
                next = end + 1;
            } else {
                end = start;
                while (end < text.length() && nameChar(text.charAt(end))) {
                    end++;
                }
                next = end;
            }
            String name = text.substring(start, end);
            if (name.isEmpty()) {
                throw new IllegalArgumentException("a lone $ at offset " + i + " (write $$ for a dollar sign)");
            }
            Variable v = Variables.named(name).orElseThrow(() -> new IllegalArgumentException(
                    "unknown variable $" + name + " (known: " + Variables.known() + ")"));
            literal(out, lit);
            out.add(variable(v, escape));
            i = next;
        }
        literal(out, lit);
        return new LogFormat(out.toArray(Appender[]::new));
    }

    private static void literal(List<Appender> out, StringBuilder lit) {
        if (!lit.isEmpty()) {
            String s = lit.toString();
            out.add((q, r, sb) -> sb.append(s));
            lit.setLength(0);
        }
    }

    private static Appender variable(Variable v, Escape escape) {
        Variables.Value value = v.value();
        return switch (escape) {
            case TEXT -> (q, r, sb) -> {
                String s = value.of(q, r);
                if (s == null || s.isEmpty()) {
                    sb.append('-');
                } else {
                    escapeText(s, sb);
                }
            };
            case JSON_INNER -> (q, r, sb) -> {
                String s = value.of(q, r);
                if (s != null) {
                    escapeJson(s, sb);
                }
            };
            case JSON_VALUE -> v.numeric() ? (q, r, sb) -> {
                String s = value.of(q, r);
                sb.append(s == null ? "null" : s);
            } : (q, r, sb) -> {
                String s = value.of(q, r);
                if (s == null) {
                    sb.append("null");
                } else {
                    sb.append('"');
                    escapeJson(s, sb);
                    sb.append('"');
                }
            };
        };
    }

    static void escapeText(String s, StringBuilder sb) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\' || (c >= 0x7f && c <= 0xff)) {
                sb.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            } else {
                sb.append(c);
            }
        }
    }

    static void escapeJson(String s, StringBuilder sb) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || (Character.isSurrogate(c) && !pairAt(s, i))) {
                        sb.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }

    /** Whether a surrogate at {@code i} is half of a well-formed pair (so it may be written as is). */
    private static boolean pairAt(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private static boolean nameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    }
}
