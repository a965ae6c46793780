package io.portico.route;

import static io.portico.route.TestRequest.get;
import static io.portico.route.UriPrimitivesTest.matches;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimePrimitivesTest {
    private static long at(String isoInstant) {
        return Instant.parse(isoInstant).toEpochMilli();
    }

    @Test
    void timeRangeIncludesBothEndsToTheMillisecond() {
        // 20:30 to 20:45 Beijing time (H = UTC+8) is 12:30 to 12:45 UTC
        String c = "bfe_time_range(\"20190204203000H\", \"20190204204500H\")";
        assertThat(matches(c, get("/").at(at("2019-02-04T12:30:00Z")))).isTrue();
        assertThat(matches(c, get("/").at(at("2019-02-04T12:37:12.345Z")))).isTrue();
        assertThat(matches(c, get("/").at(at("2019-02-04T12:45:00Z")))).isTrue();
        assertThat(matches(c, get("/").at(at("2019-02-04T12:45:00.001Z")))).isFalse();
        assertThat(matches(c, get("/").at(at("2019-02-04T12:29:59.999Z")))).isFalse();
        assertThat(matches(c, get("/").at(at("2019-02-04T20:30:00Z")))).isFalse();
    }

    @Test
    void timeRangeZonesFollowTheMilitaryLetters() {
        assertThat(matches("bfe_time_range(\"20240101000000Z\", \"20240101000000Z\")", get("/").at(at("2024-01-01T00:00:00Z")))).isTrue();
        assertThat(matches("bfe_time_range(\"20240101000000r\", \"20240101000000R\")", get("/").at(at("2024-01-01T05:00:00Z")))).isTrue();
        assertThat(matches("bfe_time_range(\"20240101000000M\", \"20240101000000M\")", get("/").at(at("2023-12-31T12:00:00Z")))).isTrue();
        assertThat(matches("bfe_time_range(\"20240101000000Y\", \"20240101000000Y\")", get("/").at(at("2024-01-01T12:00:00Z")))).isTrue();
        assertThat(matches("bfe_time_range(\"20240101000000K\", \"20240101000000K\")", get("/").at(at("2023-12-31T14:00:00Z")))).isTrue();
        assertThat(matches("bfe_time_range(\"20240101000000A\", \"20240101000000A\")", get("/").at(at("2024-01-01T00:00:00Z")))).isFalse();
    }

    @Test
    void periodicTimeRangeMatchesTheTimeOfDayInItsZoneEveryDay() {
        String c = "bfe_periodic_time_range(\"203000H\", \"204500H\", \"\")";
        assertThat(matches(c, get("/").at(at("2019-02-04T12:30:00Z")))).isTrue();
        assertThat(matches(c, get("/").at(at("2031-07-19T12:45:00.999Z")))).isTrue();
        assertThat(matches(c, get("/").at(at("2031-07-19T12:45:01Z")))).isFalse();
        assertThat(matches(c, get("/").at(at("2031-07-19T12:29:59.999Z")))).isFalse();
        assertThat(matches(c, get("/").at(at("2031-07-19T20:30:00Z")))).isFalse();
    }

    @Test
    void periodicTimeRangeWorksWestOfUtcAndAcrossTheUtcDate() {
        String office = "bfe_periodic_time_range(\"080000R\", \"170000R\", \"\")";
        assertThat(matches(office, get("/").at(at("2024-03-01T13:00:00Z")))).isTrue();
        assertThat(matches(office, get("/").at(at("2024-03-01T22:00:01Z")))).isFalse();
        assertThat(matches(office, get("/").at(at("2024-03-02T02:00:00Z")))).isFalse();
        String morningInAuckland = "bfe_periodic_time_range(\"060000M\", \"090000M\", \"\")";
        assertThat(matches(morningInAuckland, get("/").at(at("2024-03-01T19:30:00Z")))).isTrue();
        assertThat(matches(morningInAuckland, get("/").at(at("2024-03-01T06:30:00Z")))).isFalse();
    }

    @Test
    void periodicTimeRangeHandlesInstantsBeforeTheEpoch() {
        String c = "bfe_periodic_time_range(\"235959Z\", \"235959Z\", \"\")";
        assertThat(matches(c, get("/").at(-1))).isTrue();
        assertThat(matches(c, get("/").at(-1001))).isFalse();
    }
}
