package io.portico.module;

import java.util.Objects;

/**
 * A typed key into {@link Attributes}. Keys compare by identity, so two modules that pick the
 * same name never see each other's values: create a key once, in a static field or at init,
 * and share the instance with whoever should read the value.
 */
public final class AttributeKey<T> {
    private final String name;
    private final Class<T> type;

    private AttributeKey(String name, Class<T> type) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
    }

    public static <T> AttributeKey<T> of(String name, Class<T> type) {
        return new AttributeKey<>(name, type);
    }

    /** For logs and debugging only. */
    public String name() {
        return name;
    }

    public Class<T> type() {
        return type;
    }

    @Override
    public String toString() {
        return name + ":" + type.getSimpleName();
    }
}
