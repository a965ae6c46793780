package io.portico.server.http2;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RecentIdsTest {
    @Test
    void keepsEveryIdWhileTheRingGrows() {
        RecentIds ids = new RecentIds(256);
        for (int id = 1; id <= 511; id += 2) { // 256 client stream ids
            ids.add(id);
        }
        for (int id = 1; id <= 511; id += 2) {
            assertThat(ids.contains(id)).as("id %d", id).isTrue();
        }
        assertThat(ids.contains(2)).isFalse();
    }

    @Test
    void forgetsTheOldestOnceFull() {
        RecentIds ids = new RecentIds(16);
        for (int id = 1; id <= 20; id++) {
            ids.add(id);
        }
        for (int id = 1; id <= 4; id++) {
            assertThat(ids.contains(id)).as("id %d", id).isFalse();
        }
        for (int id = 5; id <= 20; id++) {
            assertThat(ids.contains(id)).as("id %d", id).isTrue();
        }
    }

    @Test
    void aRingSmallerThanTheFirstStepWorks() {
        RecentIds ids = new RecentIds(3);
        for (int id = 1; id <= 5; id++) {
            ids.add(id);
        }
        assertThat(ids.contains(2)).isFalse();
        assertThat(ids.contains(3)).isTrue();
        assertThat(ids.contains(5)).isTrue();
    }
}
