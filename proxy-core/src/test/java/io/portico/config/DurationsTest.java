package io.portico.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DurationsTest {

    @ParameterizedTest(name = "\"{0}\" is {1} ms")
    @CsvSource({
        "0, 0",
        "0s, 0",
        "250ms, 250",
        "10s, 10000",
        "1m, 60000",
        "2h, 7200000",
        "1m30s, 90000",
        "1h5m, 3900000",
        "1h2m3s4ms, 3723004",
        "90s, 90000",
        "007s, 7000",
    })
    void validDurationsParseToMillis(String text, long millis) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest(name = "\"{0}\" → {1}")
    @CsvSource(delimiter = '|', value = {
        "''| empty; expected a number with a unit (ms, s, m, h) like \"10s\"",
        "10| missing unit (ms, s, m, h) after 10",
        "1m30| missing unit (ms, s, m, h) after 30",
        "-5s| must not be negative",
        "5x| unknown unit \"x\"; expected ms, s, m or h",
        "10S| unknown unit \"S\"; expected ms, s, m or h",
        "1d| unknown unit \"d\"; expected ms, s, m or h",
        "1.5s| unexpected '.'; expected a number with a unit (ms, s, m, h)",
        "s| expected a number at \"s\"",
        "10 s| unexpected ' '; expected a number with a unit (ms, s, m, h)",
        "30s1m| units must appear once each, largest first (h, m, s, ms)",
        "1s1s| units must appear once each, largest first (h, m, s, ms)",
        "99999999999999999999s| too large",
        "9999999999999999h| too large",
    })
    void invalidDurationsAreRejectedWithAReason(String text, String reason) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(reason);
    }

    @ParameterizedTest(name = "{0} ms reads \"{1}\"")
    @CsvSource({"0, 0s", "250, 250ms", "10000, 10s", "90000, 1m30s", "3600000, 1h", "1234, 1.234s", "61005, 1m1s5ms"})
    void aDurationIsFormattedAsPeopleWriteIt(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
    }
}
