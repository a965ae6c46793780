package io.portico.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressesTest {

    @ParameterizedTest(name = "{0} → {1} port {2}")
    @CsvSource({
        "127.0.0.1:8080, 127.0.0.1, 8080",
        "0.0.0.0:80, 0.0.0.0, 80",
        "[::1]:8443, ::1, 8443",
        "[::]:1, ::, 1",
        "[2001:db8::1]:65535, 2001:db8::1, 65535",
        "[::ffff:192.0.2.1]:80, ::ffff:192.0.2.1, 80",
        "[fe80::1%eth0]:80, fe80::1%eth0, 80",
        "backend-1.internal:9000, backend-1.internal, 9000",
        "web_1:9000, web_1, 9000",
        "localhost:0, localhost, 0",
    })
    void hostAndPortAreSplitWithoutBrackets(String text, String host, int port) {
        assertThat(Addresses.parse(text, 0)).isEqualTo(new Addresses.HostPort(host, port));
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
        "127.0.0.1| missing port; expected host:port",
        ":80| missing host; expected host:port",
        "::1:80| an IPv6 address needs brackets, like [::1]:8080",
        "[::1]| missing port; expected [address]:port",
        "[::1:80| missing ']' after the IPv6 address",
        "[1:2:3]:80| \"1:2:3\" is not an IPv6 address",
        "[::1::2]:80| \"::1::2\" is not an IPv6 address",
        "[12345::1]:80| \"12345::1\" is not an IPv6 address",
        "[1:2:3:4:5:6:7:8:9]:80| \"1:2:3:4:5:6:7:8:9\" is not an IPv6 address",
        "256.0.0.1:80| \"256.0.0.1\" is not an IP address or host name",
        "1.2.3:80| \"1.2.3\" is not an IP address or host name",
        "-bad.example:80| \"-bad.example\" is not an IP address or host name",
        "a..b:80| \"a..b\" is not an IP address or host name",
        "host:http| port \"http\" is not a number",
        "host:| port \"\" is not a number",
        "host:70000| port 70000 is out of range 1..65535",
        "host:0| port 0 is out of range 1..65535",
        "host:-1| port \"-1\" is not a number",
    })
    void malformedAddressesAreRejectedWithAReason(String text, String reason) {
        assertThatThrownBy(() -> Addresses.parse(text, 1)).hasMessage(reason);
    }

    @Test
    void fullIpv6FormsAreAccepted() {
        assertThat(Addresses.isIpv6("1:2:3:4:5:6:7:8")).isTrue();
        assertThat(Addresses.isIpv6("1:2:3:4:5:6:192.0.2.1")).isTrue();
        assertThat(Addresses.isIpv6("1::")).isTrue();
        assertThat(Addresses.isIpv6("1:2:3:4:5:6:7::")).isTrue();
        assertThat(Addresses.isIpv6("1:2:3:4:5:6:7:8::")).isFalse();
        assertThat(Addresses.isIpv6("1:2:3:4:5:6:7")).isFalse();
        assertThat(Addresses.isIpv6("fe80::1%")).isFalse();
        assertThat(Addresses.isIpv6("::１")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "*.example.com", "[::1]", "192.0.2.1", "localhost"})
    void hostPatternsAcceptNamesWildcardsAndLiterals(String pattern) {
        assertThat(Addresses.isHostPattern(pattern)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"*", "*.", "a.*.com", "example.com:80", "*.192.0.2.1", "[::1", "ex ample.com", ""})
    void hostPatternsRejectPortsInnerWildcardsAndJunk(String pattern) {
        assertThat(Addresses.isHostPattern(pattern)).isFalse();
    }
}
