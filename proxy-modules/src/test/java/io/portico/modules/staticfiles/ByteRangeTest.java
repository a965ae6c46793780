package io.portico.modules.staticfiles;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void aClosedRangeIsClampedToTheEnd() {
        assertThat(ByteRange.of("bytes=0-9", 100)).isEqualTo(new ByteRange.Part(0, 9));
        assertThat(ByteRange.of("bytes=90-200", 100)).isEqualTo(new ByteRange.Part(90, 99));
        assertThat(ByteRange.of("BYTES=5-5", 100)).isEqualTo(new ByteRange.Part(5, 5));
        assertThat(new ByteRange.Part(5, 5).length()).isEqualTo(1);
    }

    @Test
    void anOpenRangeRunsToTheEndAndASuffixTakesTheLastBytes() {
        assertThat(ByteRange.of("bytes=40-", 100)).isEqualTo(new ByteRange.Part(40, 99));
        assertThat(ByteRange.of("bytes=-10", 100)).isEqualTo(new ByteRange.Part(90, 99));
        assertThat(ByteRange.of("bytes=-500", 100)).isEqualTo(new ByteRange.Part(0, 99));
    }

    @Test
    void aRangeStartingPastTheEndOrAnEmptySuffixIsUnsatisfiable() {
        assertThat(ByteRange.of("bytes=100-", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.of("bytes=100-200", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.of("bytes=-0", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.of("bytes=0-", 0)).isInstanceOf(ByteRange.Unsatisfiable.class);
        assertThat(ByteRange.of("bytes=99999999999999999999999-", 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }

    @Test
    void malformedOrMultipleRangesAreAnsweredWhole() {
        for (String f : new String[] {"bytes=5-1", "bytes=a-b", "bytes=-", "bytes=1", "items=0-1", "bytes=0-1,5-6",
                "bytes=1-2-3", "bytes= x", ""}) {
            assertThat(ByteRange.of(f, 100)).as(f).isInstanceOf(ByteRange.Whole.class);
        }
        assertThat(ByteRange.of(null, 100)).isInstanceOf(ByteRange.Whole.class);
    }
}
