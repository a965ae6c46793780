package io.portico.module;

/**
 * Where modules create their metrics; the admin port exposes them in Prometheus text format.
 * Names are process-wide: prefix them ({@code portico_<module>_...}); counters end in
 * {@code _total}. {@code labelPairs} alternate name and value ({@code "status", "429"}).
 * Asking again for the same name and labels returns the same metric, so a reload keeps counts.
 * Look metrics up at init and keep them: the lookup is a map access, the update is lock-free.
 *
 * @throws IllegalArgumentException from both methods for an invalid name or label name, an odd
 *         number of label strings, or a name already used by a metric of the other type
 */
public interface MetricsRegistry {

    Counter counter(String name, String help, String... labelPairs);

    Gauge gauge(String name, String help, String... labelPairs);
}
