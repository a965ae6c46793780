package io.portico.module;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * An in-memory {@link MetricsRegistry} that renders the Prometheus text exposition format
 * (version 0.0.4). Shared; lookups go through concurrent maps, updates are lock-free.
 */
public final class SimpleMetricsRegistry implements MetricsRegistry {
    private final ConcurrentHashMap<String, Family> families = new ConcurrentHashMap<>();

    @Override
    public Counter counter(String name, String help, String... labelPairs) {
        return (Counter) family(name, help, "counter").series.computeIfAbsent(labels(labelPairs), k -> new AdderCounter());
    }

    @Override
    public Gauge gauge(String name, String help, String... labelPairs) {
        return (Gauge) family(name, help, "gauge").series.computeIfAbsent(labels(labelPairs), k -> new AtomicGauge());
    }

    /** Writes every metric: families sorted by name, series by labels. */
    public void writePrometheus(Appendable out) {
        try {
            for (Family f : new TreeMap<>(families).values()) {
                Map<String, Object> series = new TreeMap<>(f.series);
                if (series.isEmpty()) {
                    continue;
                }
                out.append("# HELP ").append(f.name).append(' ').append(escapeHelp(f.help)).append('\n');
                out.append("# TYPE ").append(f.name).append(' ').append(f.type).append('\n');
                for (Map.Entry<String, Object> s : series.entrySet()) {
                    long value = s.getValue() instanceof Counter c ? c.value() : ((Gauge) s.getValue()).value();
                    out.append(f.name).append(s.getKey()).append(' ').append(Long.toString(value)).append('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Family family(String name, String help, String type) {
        if (!validName(name, true)) {
            throw new IllegalArgumentException("invalid metric name: " + name);
        }
        Family f = families.computeIfAbsent(name, n -> new Family(n, help == null ? "" : help, type));
        if (!f.type.equals(type)) {
            throw new IllegalArgumentException("metric " + name + " is a " + f.type + ", not a " + type);
        }
        return f;
    }

    /** The rendered label set, sorted by label name so the same labels in any order are one series. */
    static String labels(String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs");
        }
        if (pairs.length == 0) {
            return "";
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            String name = pairs[i];
            if (!validName(name, false) || name.startsWith("__")) {
                throw new IllegalArgumentException("invalid label name: " + name);
            }
            if (sorted.put(name, pairs[i + 1] == null ? "" : pairs[i + 1]) != null) {
                throw new IllegalArgumentException("label " + name + " given twice");
            }
        }
        StringBuilder sb = new StringBuilder("{");
        for (Map.Entry<String, String> e : sorted.entrySet()) {
            if (sb.length() > 1) {
                sb.append(',');
            }
            sb.append(e.getKey()).append("=\"");
            escape(e.getValue(), true, sb);
            sb.append('"');
        }
        return sb.append('}').toString();
    }

    // Metric names: [a-zA-Z_:][a-zA-Z0-9_:]*; label names the same without ':'.
    private static boolean validName(String name, boolean colonAllowed) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'
                    || (colonAllowed && c == ':') || (i > 0 && c >= '0' && c <= '9');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String escapeHelp(String help) {
        StringBuilder sb = new StringBuilder(help.length());
        escape(help, false, sb);
        return sb.toString();
    }

    // HELP escapes backslash and newline; label values also escape the double quote.
    private static void escape(String s, boolean quote, StringBuilder sb) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '"' -> sb.append(quote ? "\\\"" : "\"");
                default -> sb.append(c);
            }
        }
    }

    private record Family(String name, String help, String type, ConcurrentHashMap<String, Object> series) {
        Family(String name, String help, String type) {
            this(name, help, type, new ConcurrentHashMap<>());
        }
    }

    private static final class AdderCounter implements Counter {
        private final LongAdder adder = new LongAdder();

        @Override
        public void increment() {
            adder.increment();
        }

        @Override
        public void add(long n) {
            if (n < 0) {
                throw new IllegalArgumentException("a counter only goes up: " + n);
            }
            adder.add(n);
        }

        @Override
        public long value() {
            return adder.sum();
        }
    }

    private static final class AtomicGauge implements Gauge {
        private final AtomicLong value = new AtomicLong();

        @Override
        public void set(long v) {
            value.set(v);
        }

        @Override
        public void add(long delta) {
            value.addAndGet(delta);
        }

        @Override
        public long value() {
            return value.get();
        }
    }
}
