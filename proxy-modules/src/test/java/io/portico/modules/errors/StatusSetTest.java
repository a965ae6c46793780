package io.portico.modules.errors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatusSetTest {

    @Test
    void singleStatusesAndClassesCombine() {
        StatusSet s = StatusSet.parse("404, 5xx");
        assertThat(s.contains(404)).isTrue();
        assertThat(s.contains(500)).isTrue();
        assertThat(s.contains(599)).isTrue();
        assertThat(s.contains(403)).isFalse();
        assertThat(s.contains(200)).isFalse();
        assertThat(StatusSet.parse("502,503,504").contains(503)).isTrue();
        assertThat(StatusSet.parse("4XX").contains(451)).isTrue();
    }

    @Test
    void aPipeSeparatesLikeAComma() {
        StatusSet s = StatusSet.parse("502|503 | 4xx");
        assertThat(s.contains(502)).isTrue();
        assertThat(s.contains(503)).isTrue();
        assertThat(s.contains(404)).isTrue();
        assertThat(s.contains(504)).isFalse();
        assertThatThrownBy(() -> StatusSet.parse("502||503")).hasMessageContaining("\"\" is not a status");
    }

    @Test
    void integersAreTakenOneByOneWithinTheErrorRange() {
        StatusSet s = StatusSet.of(List.of(502L, 503L, 504L));
        assertThat(s.contains(503)).isTrue();
        assertThat(s.contains(500)).isFalse();
        assertThatThrownBy(() -> StatusSet.of(List.of(502L, 302L))).hasMessageContaining("302 is not an error status");
        assertThatThrownBy(() -> StatusSet.of(List.of(600L))).hasMessageContaining("600 is not an error status");
        assertThatThrownBy(() -> StatusSet.of(List.of())).hasMessageContaining("no status given");
    }

    @Test
    void statusesOutsideTheErrorRangeNeverMatch() {
        StatusSet s = StatusSet.parse("5xx");
        assertThat(s.contains(600)).isFalse();
        assertThat(s.contains(-1)).isFalse();
    }

    @Test
    void anythingButErrorStatusesIsRefusedWithAReason() {
        assertThatThrownBy(() -> StatusSet.parse("302")).hasMessageContaining("302 is not an error status");
        assertThatThrownBy(() -> StatusSet.parse("2xx")).hasMessageContaining("only 4xx and 5xx");
        assertThatThrownBy(() -> StatusSet.parse("50")).hasMessageContaining("\"50\" is not a status");
        assertThatThrownBy(() -> StatusSet.parse("5o2")).hasMessageContaining("\"5o2\"");
        assertThatThrownBy(() -> StatusSet.parse("502,")).hasMessageContaining("\"\"");
        assertThatThrownBy(() -> StatusSet.parse("")).isInstanceOf(IllegalArgumentException.class);
    }
}
