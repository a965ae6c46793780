package io.portico.module;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class UnitsTest {

    @Test
    void durationsTakeMillisecondsSecondsMinutesAndHours() {
        assertThat(Units.duration("250ms")).isEqualTo(Duration.ofMillis(250));
        assertThat(Units.duration("0s")).isEqualTo(Duration.ZERO);
        assertThat(Units.duration("2s")).isEqualTo(Duration.ofSeconds(2));
        assertThat(Units.duration("1m")).isEqualTo(Duration.ofMinutes(1));
        assertThat(Units.duration("3h")).isEqualTo(Duration.ofHours(3));
    }

    @Test
    void aDurationNeedsDigitsAndAKnownUnit() {
        for (String bad : new String[] {"", "5", "s", "-1s", "1.5s", "2 s", "2S", "1d", "10us"}) {
            assertThatThrownBy(() -> Units.duration(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Units.duration("9999999999999999999h")).hasMessageContaining("too large");
        assertThatThrownBy(() -> Units.duration("999999999999999999h")).hasMessageContaining("too large");
    }

    @Test
    void sizesArePlainBytesOrBinaryUnits() {
        assertThat(Units.size("0")).isZero();
        assertThat(Units.size("512")).isEqualTo(512);
        assertThat(Units.size("512B")).isEqualTo(512);
        assertThat(Units.size("64KiB")).isEqualTo(64 * 1024);
        assertThat(Units.size("8MiB")).isEqualTo(8L << 20);
        assertThat(Units.size("2GiB")).isEqualTo(2L << 30);
    }

    @Test
    void aSizeWithAnUnknownUnitOrTooLargeIsRefused() {
        for (String bad : new String[] {"", "KiB", "64kib", "64KB", "1.5MiB", "-1", " 1"}) {
            assertThatThrownBy(() -> Units.size(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> Units.size("999999999999999999GiB")).hasMessageContaining("too large");
    }
}
