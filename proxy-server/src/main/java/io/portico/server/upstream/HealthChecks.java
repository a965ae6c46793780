package io.portico.server.upstream;

import io.portico.config.HealthCheckConfig;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Active health checking: one virtual thread per instance under probe. In {@code passive}
 * mode (BFE's) an instance is probed only while it is CHECKING, until success_threshold
 * probes in a row pass; in {@code active} and {@code passive+active} every instance is probed
 * at every interval and failed probes count like failed requests. Shared.
 */
public final class HealthChecks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HealthChecks.class);

    private final Map<Instance, Thread> probers = new ConcurrentHashMap<>();
    private final Map<Instance, HealthCheckConfig> configs = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** The check settings of an instance's cluster in the config now in service. */
    void configure(Instance instance, HealthCheckConfig check) {
        configs.put(instance, check);
        if (check.mode().probesAlways() || !instance.available()) {
            ensureProbing(instance);
        }
    }

    /** Instances that left the config are no longer probed. */
    void forget(Instance instance) {
        configs.remove(instance);
        Thread p = probers.remove(instance);
        if (p != null) {
            p.interrupt();
        }
    }

    /** An instance just went CHECKING because of failed requests: probe it until it recovers. */
    public void checking(Instance instance) {
        HealthCheckConfig check = configs.get(instance);
        LOG.warn("backend {} is CHECKING after {} failures: {}", instance, check == null ? "?" : check.failThreshold(),
                instance.lastError());
        ensureProbing(instance);
    }

    private void ensureProbing(Instance instance) {
        if (closed) {
            return;
        }
        probers.computeIfAbsent(instance, i -> Thread.ofVirtual().name("health-" + i.key()).start(() -> probe(i)));
    }

    private void probe(Instance instance) {
        int successes = 0;
        try {
            while (!closed) {
                HealthCheckConfig check = configs.get(instance);
                if (check == null) {
                    return;
                }
                Thread.sleep(check.interval().toMillis());
                Optional<String> failure = HealthProbe.probe(instance.address(), instance.addressText(), check,
                        instance.pool().settings().tls());
                if (failure.isEmpty()) {
                    instance.succeeded();
                    if (!instance.available() && ++successes >= check.successThreshold()) {
                        instance.available(true);
                        successes = 0;
                        LOG.info("backend {} is NORMAL again", instance);
                    }
                    if (instance.available() && !check.mode().probesAlways()) {
                        return;
                    }
                } else {
                    successes = 0;
                    if (check.mode().probesAlways() || !instance.available()) {
                        if (instance.failed(failure.get(), check)) {
                            LOG.warn("backend {} is CHECKING: {}", instance, failure.get());
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            probers.remove(instance, Thread.currentThread());
            // A failure may have taken the instance out again while this prober was ending.
            HealthCheckConfig check = configs.get(instance);
            if (!closed && check != null && (!instance.available() || check.mode().probesAlways())
                    && !Thread.currentThread().isInterrupted()) {
                ensureProbing(instance);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        probers.values().forEach(Thread::interrupt);
    }
}
