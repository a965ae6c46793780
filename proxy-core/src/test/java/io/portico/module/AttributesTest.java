package io.portico.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class AttributesTest {
    private static final AttributeKey<String> USER = AttributeKey.of("user", String.class);
    private static final AttributeKey<Integer> COUNT = AttributeKey.of("count", Integer.class);

    @Test
    void valuesComeBackWithTheirKeysType() {
        for (Attributes attributes : new Attributes[] {Attributes.forOneThread(), Attributes.concurrent()}) {
            attributes.set(USER, "ana");
            attributes.set(COUNT, 3);
            String user = attributes.get(USER).orElseThrow();
            int count = attributes.get(COUNT).orElseThrow();
            assertThat(user).isEqualTo("ana");
            assertThat(count).isEqualTo(3);
            assertThat(attributes.remove(USER)).contains("ana");
            assertThat(attributes.get(USER)).isEmpty();
            assertThat(attributes.contains(COUNT)).isTrue();
        }
    }

    @Test
    void twoKeysWithTheSameNameDoNotShareAValue() {
        AttributeKey<String> other = AttributeKey.of("user", String.class);
        Attributes attributes = Attributes.forOneThread();
        attributes.set(USER, "ana");
        assertThat(attributes.get(other)).isEmpty();
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedEvenThroughARawKey() {
        @SuppressWarnings({"rawtypes", "unchecked"})
        AttributeKey<Object> raw = (AttributeKey) COUNT;
        Attributes attributes = Attributes.forOneThread();
        assertThatThrownBy(() -> attributes.set(raw, "three")).isInstanceOf(ClassCastException.class);
        assertThatThrownBy(() -> attributes.set(USER, null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void computeIfAbsentCreatesOnce() {
        Attributes attributes = Attributes.concurrent();
        AtomicInteger created = new AtomicInteger();
        assertThat(attributes.computeIfAbsent(COUNT, () -> created.incrementAndGet())).isEqualTo(1);
        assertThat(attributes.computeIfAbsent(COUNT, () -> created.incrementAndGet())).isEqualTo(1);
        assertThat(created).hasValue(1);
    }
}
