package io.portico.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StatusMatcherTest {

    @Test
    void singleStatusMatchesOnlyItself() {
        StatusMatcher m = StatusMatcher.parse("200");
        assertThat(m.matches(200)).isTrue();
        assertThat(m.matches(201)).isFalse();
        assertThat(m.matches(204)).isFalse();
    }

    @Test
    void classMatchesItsHundredStatuses() {
        StatusMatcher m = StatusMatcher.parse("2xx");
        assertThat(m.matches(200)).isTrue();
        assertThat(m.matches(299)).isTrue();
        assertThat(m.matches(199)).isFalse();
        assertThat(m.matches(300)).isFalse();
    }

    @Test
    void alternativesCombine() {
        StatusMatcher m = StatusMatcher.parse("200|204|3xx");
        assertThat(m.matches(200)).isTrue();
        assertThat(m.matches(204)).isTrue();
        assertThat(m.matches(302)).isTrue();
        assertThat(m.matches(201)).isFalse();
        assertThat(m.text()).isEqualTo("200|204|3xx");
    }

    @Test
    void statusesOutsideTheTableNeverMatch() {
        StatusMatcher m = StatusMatcher.parse("5xx");
        assertThat(m.matches(-1)).isFalse();
        assertThat(m.matches(600)).isFalse();
        assertThat(m.matches(Integer.MAX_VALUE)).isFalse();
    }

    @Test
    void malformedListsAreRejected() {
        assertThatThrownBy(() -> StatusMatcher.parse("")).hasMessageStartingWith("empty;");
        assertThatThrownBy(() -> StatusMatcher.parse("200|"))
                .hasMessage("\"\" is not a status (100..599) or a class like \"2xx\"");
        assertThatThrownBy(() -> StatusMatcher.parse("600"))
                .hasMessage("\"600\" is not a status (100..599) or a class like \"2xx\"");
        assertThatThrownBy(() -> StatusMatcher.parse("6xx")).hasMessageContaining("\"6xx\"");
        assertThatThrownBy(() -> StatusMatcher.parse("2XX")).hasMessageContaining("\"2XX\"");
        assertThatThrownBy(() -> StatusMatcher.parse("20")).hasMessageContaining("\"20\"");
    }
}
