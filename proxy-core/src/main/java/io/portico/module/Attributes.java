package io.portico.module;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Typed values that modules attach to a session or a request. A request's map belongs to the
 * request's thread ({@link #forOneThread()}); a session's map is shared by the streams of an
 * HTTP/2 connection ({@link #concurrent()}). Null values are not stored.
 */
public final class Attributes {
    private final Map<AttributeKey<?>, Object> values;

    private Attributes(Map<AttributeKey<?>, Object> values) {
        this.values = values;
    }

    /** A map used by one thread at a time, e.g. a request's. */
    public static Attributes forOneThread() {
        return new Attributes(new HashMap<>(8));
    }

    /** A map safe for concurrent use, e.g. a session's. */
    public static Attributes concurrent() {
        return new Attributes(new ConcurrentHashMap<>(8));
    }

    /** A map safe for concurrent use holding what this one holds. */
    public Attributes concurrentCopy() {
        return new Attributes(new ConcurrentHashMap<>(values));
    }

    public <T> Optional<T> get(AttributeKey<T> key) {
        return Optional.ofNullable(key.type().cast(values.get(key)));
    }

    /** Sets the value; throws ClassCastException when it is not of the key's type. */
    public <T> void set(AttributeKey<T> key, T value) {
        values.put(key, key.type().cast(Objects.requireNonNull(value, "value")));
    }

    /** The value, created once by {@code create} if absent (atomically in a concurrent map). */
    public <T> T computeIfAbsent(AttributeKey<T> key, Supplier<? extends T> create) {
        return key.type().cast(values.computeIfAbsent(key, k -> key.type().cast(create.get())));
    }

    /** Removes the value; returns what was there. */
    public <T> Optional<T> remove(AttributeKey<T> key) {
        return Optional.ofNullable(key.type().cast(values.remove(key)));
    }

    public boolean contains(AttributeKey<?> key) {
        return values.containsKey(key);
    }
}
