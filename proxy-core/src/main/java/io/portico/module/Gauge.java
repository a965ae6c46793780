package io.portico.module;

/** A value that goes up and down, e.g. requests in flight. Shared; lock-free. */
public interface Gauge {

    void set(long value);

    void add(long delta);

    long value();
}
