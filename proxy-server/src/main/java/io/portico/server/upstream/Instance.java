package io.portico.server.upstream;

import io.portico.balance.Endpoint;
import io.portico.config.HealthCheckConfig;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One backend instance with its live state: weight, health, requests in flight and its
 * connection pool. Survives config reloads while the instance stays in the config.
 * Shared; lock-free.
 */
public final class Instance implements Endpoint {
    private final String key;
    private final InetSocketAddress address;
    private final InstancePool pool;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicInteger failures = new AtomicInteger();
    private volatile int weight;
    private volatile boolean available = true;
    private volatile long stateSinceMillis = System.currentTimeMillis();
    private volatile String lastError = "";

    Instance(String key, InetSocketAddress address, int weight, InstancePool pool) {
        this.key = key;
        this.address = address;
        this.weight = weight;
        this.pool = pool;
    }

    /** {@code cluster/subcluster/host:port}: the identity kept across reloads. */
    public String key() {
        return key;
    }

    public InetSocketAddress address() {
        return address;
    }

    /** {@code host:port} as written in the config. */
    public String addressText() {
        return key.substring(key.lastIndexOf('/') + 1);
    }

    public InstancePool pool() {
        return pool;
    }

    @Override
    public int weight() {
        return weight;
    }

    void weight(int w) {
        weight = w;
    }

    @Override
    public boolean available() {
        return available;
    }

    /** NORMAL → CHECKING or back; records when. */
    void available(boolean a) {
        if (available != a) {
            available = a;
            stateSinceMillis = System.currentTimeMillis();
            if (a) {
                failures.set(0);
            }
        }
    }

    /** When the instance last changed between NORMAL and CHECKING (epoch millis). */
    public long stateSinceMillis() {
        return stateSinceMillis;
    }

    /** The last failure seen (a request's or a probe's), or "" when none yet. */
    public String lastError() {
        return lastError;
    }

    public int consecutiveFailures() {
        return failures.get();
    }

    /**
     * Counts a failure (connect error, reset, timeout, failed probe). Returns true when this
     * one took the instance out of rotation (fail_threshold consecutive failures).
     */
    public boolean failed(String error, HealthCheckConfig check) {
        lastError = error;
        if (failures.incrementAndGet() >= check.failThreshold() && available) {
            available(false);
            return true;
        }
        return false;
    }

    /** A request or probe succeeded: the run of consecutive failures ends. */
    public void succeeded() {
        if (failures.get() != 0) {
            failures.set(0);
        }
    }

    @Override
    public int inFlight() {
        return inFlight.get();
    }

    public void requestStarted() {
        inFlight.incrementAndGet();
    }

    public void requestEnded() {
        inFlight.decrementAndGet();
    }

    @Override
    public String toString() {
        return key;
    }
}
