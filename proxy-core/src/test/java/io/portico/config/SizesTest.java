package io.portico.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SizesTest {

    @ParameterizedTest(name = "\"{0}\" is {1} bytes")
    @CsvSource({
        "0, 0",
        "512, 512",
        "512B, 512",
        "64KiB, 65536",
        "8MiB, 8388608",
        "1GiB, 1073741824",
        "2TiB, 2199023255552",
        "0KiB, 0",
    })
    void validSizesParseToBytes(String text, long bytes) {
        assertThat(Sizes.parse(text)).isEqualTo(bytes);
    }

    @ParameterizedTest(name = "\"{0}\" → {1}")
    @CsvSource(delimiter = '|', value = {
        "''| expected a number of bytes with an optional unit (B, KiB, MiB, GiB, TiB) like \"64KiB\"",
        "KiB| expected a number of bytes with an optional unit (B, KiB, MiB, GiB, TiB) like \"64KiB\"",
        "-1| must not be negative",
        "64k| unknown unit \"k\"; expected B, KiB, MiB, GiB or TiB",
        "64KB| unknown unit \"KB\"; expected B, KiB, MiB, GiB or TiB",
        "64 KiB| unknown unit \" KiB\"; expected B, KiB, MiB, GiB or TiB",
        "1.5MiB| unknown unit \".5MiB\"; expected B, KiB, MiB, GiB or TiB",
        "99999999999999999999| too large",
        "9999999999TiB| too large",
        "8388608TiB| too large",
    })
    void invalidSizesAreRejectedWithAReason(String text, String reason) {
        assertThatThrownBy(() -> Sizes.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(reason);
    }

    @Test
    void integerSizesMustNotBeNegative() {
        assertThat(Sizes.bytes(4096)).isEqualTo(4096);
        assertThatThrownBy(() -> Sizes.bytes(-1)).hasMessage("must not be negative");
    }
}
