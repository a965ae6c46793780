package io.portico.modules.requestid;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void incomingIdsMustBeOneTo128VisibleAsciiCharacters() {
        assertThat(RequestIds.valid("abc-123_XYZ.~")).isTrue();
        assertThat(RequestIds.valid("x".repeat(128))).isTrue();
        assertThat(RequestIds.valid("x".repeat(129))).isFalse();
        assertThat(RequestIds.valid("")).isFalse();
        assertThat(RequestIds.valid(null)).isFalse();
        assertThat(RequestIds.valid("a b")).isFalse();
        assertThat(RequestIds.valid("a\tb")).isFalse();
        assertThat(RequestIds.valid("a\u007fb")).isFalse();
        assertThat(RequestIds.valid("é")).isFalse();
    }

    @Test
    void hexIdsAre32LowerCaseHexDigitsAndDiffer() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = RequestIds.hex();
            assertThat(id).hasSize(32).matches("[0-9a-f]{32}");
            seen.add(id);
        }
        assertThat(seen).hasSize(1000);
    }

    @Test
    void uuidIdsAreRandomVersion4Uuids() {
        for (int i = 0; i < 100; i++) {
            String id = RequestIds.uuid();
            UUID u = UUID.fromString(id);
            assertThat(u.toString()).isEqualTo(id);
            assertThat(u.version()).isEqualTo(4);
            assertThat(u.variant()).isEqualTo(2);
        }
    }

    @Test
    void headerNamesMustBeTokens() {
        assertThat(RequestIdModule.token("X-Request-Id")).isTrue();
        assertThat(RequestIdModule.token("X Request")).isFalse();
        assertThat(RequestIdModule.token("")).isFalse();
        assertThat(RequestIdModule.token("X:Id")).isFalse();
    }
}
