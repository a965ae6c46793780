package io.portico.modules.staticfiles;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HttpDatesTest {
    private static final long NOV_6_1994 = 784111777L; // Sun, 06 Nov 1994 08:49:37 GMT

    @Test
    void datesAreWrittenAsImfFixdate() {
        assertThat(HttpDates.format(NOV_6_1994)).isEqualTo("Sun, 06 Nov 1994 08:49:37 GMT");
    }

    @Test
    void allThreeHttpDateFormatsAreRead() {
        assertThat(HttpDates.parse("Sun, 06 Nov 1994 08:49:37 GMT")).isEqualTo(NOV_6_1994);
        assertThat(HttpDates.parse("Sunday, 06-Nov-94 08:49:37 GMT")).isEqualTo(NOV_6_1994);
        assertThat(HttpDates.parse("Sun Nov  6 08:49:37 1994")).isEqualTo(NOV_6_1994);
    }

    @Test
    void anythingElseIsNoDate() {
        assertThat(HttpDates.parse("yesterday")).isEqualTo(Long.MIN_VALUE);
        assertThat(HttpDates.parse("Mon, 06 Nov 1994 08:49:37 GMT")).as("wrong weekday").isEqualTo(Long.MIN_VALUE);
        assertThat(HttpDates.parse(null)).isEqualTo(Long.MIN_VALUE);
    }
}
