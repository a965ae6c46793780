package io.portico.module;

/** A monotonically increasing count. Shared; lock-free. */
public interface Counter {

    default void increment() {
        add(1);
    }

    /** Adds {@code n >= 0}; a negative {@code n} throws IllegalArgumentException. */
    void add(long n);

    long value();
}
