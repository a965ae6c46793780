package io.portico.modules.staticfiles;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EntityTagsTest {
    private static final String TAG = "\"5f-1a\"";

    @Test
    void aTagIsFoundInAList() {
        assertThat(EntityTags.listed("\"x\", \"5f-1a\"", TAG, true)).isTrue();
        assertThat(EntityTags.listed("\"5f-1a\"", TAG, false)).isTrue();
        assertThat(EntityTags.listed("\"5f-1\", \"5f-1ab\"", TAG, true)).isFalse();
    }

    @Test
    void weakComparisonIgnoresTheWeakPrefixAndStrongDoesNot() {
        assertThat(EntityTags.listed("W/\"5f-1a\"", TAG, true)).isTrue();
        assertThat(EntityTags.listed("W/\"5f-1a\"", TAG, false)).isFalse();
    }

    @Test
    void aStarMatchesAnyTagAndGarbageMatchesNone() {
        assertThat(EntityTags.listed("*", TAG, false)).isTrue();
        assertThat(EntityTags.listed("5f-1a", TAG, true)).isFalse();
        assertThat(EntityTags.listed("\"5f-1a", TAG, true)).isFalse();
    }
}
