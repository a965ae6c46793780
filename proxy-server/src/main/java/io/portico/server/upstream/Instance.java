package io.portico.server.upstream;

import io.portico.balance.Endpoint;
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
    private volatile int weight;
    private volatile boolean available = true;

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

    public void available(boolean a) {
        available = a;
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
