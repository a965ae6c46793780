package io.portico.modules.trustclientip;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.http.HttpFields;
import io.portico.modules.block.CidrSet;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ForwardedForTest {
    private static final CidrSet TRUSTED = CidrSet.of(List.of("10.0.0.0/8", "fd00::/8"));

    private static Optional<String> client(String... nameValues) {
        HttpFields f = new HttpFields();
        for (int i = 0; i < nameValues.length; i += 2) {
            f.add(nameValues[i], nameValues[i + 1]);
        }
        return ForwardedFor.client(f, TRUSTED).map(InetAddress::getHostAddress);
    }

    @Test
    void theRightMostUntrustedAddressIsTheClient() {
        assertThat(client("X-Forwarded-For", "198.51.100.1, 203.0.113.7, 10.0.0.2, 10.0.0.3")).contains("203.0.113.7");
    }

    @Test
    void addressesLeftOfTheClientAreNeverBelieved() {
        // The client wrote "10.9.9.9, 1.1.1.1" itself; our proxy appended what it saw.
        assertThat(client("X-Forwarded-For", "10.9.9.9, 1.1.1.1, 203.0.113.7")).contains("203.0.113.7");
    }

    @Test
    void severalFieldsCountAsOneListInOrder() {
        assertThat(client("X-Forwarded-For", "198.51.100.1", "X-Forwarded-For", "203.0.113.7, 10.0.0.2"))
                .contains("203.0.113.7");
        assertThat(client("X-Forwarded-For", "198.51.100.1", "X-Forwarded-For", "10.0.0.2")).contains("198.51.100.1");
    }

    @Test
    void whenEveryAddressIsTrustedTheLeftMostIsTheClient() {
        assertThat(client("X-Forwarded-For", "10.1.1.1, 10.2.2.2")).contains("10.1.1.1");
    }

    @Test
    void aMalformedEntryStopsTheWalkAtTheLastGoodAddress() {
        assertThat(client("X-Forwarded-For", "198.51.100.1, unknown, 10.0.0.2")).contains("10.0.0.2");
        assertThat(client("X-Forwarded-For", "garbage", "X-Real-IP", "203.0.113.9")).contains("203.0.113.9");
        assertThat(client("X-Forwarded-For", "999.1.1.1")).isEmpty();
    }

    @Test
    void ipv6AndPortsAndBracketsAreUnderstood() {
        assertThat(client("X-Forwarded-For", "[2001:db8::1]:443, fd00::1")).contains("2001:db8:0:0:0:0:0:1");
        assertThat(client("X-Forwarded-For", "2001:db8::2")).contains("2001:db8:0:0:0:0:0:2");
        assertThat(client("X-Forwarded-For", "203.0.113.7:5555")).contains("203.0.113.7");
        assertThat(client("X-Forwarded-For", "[2001:db8::1")).isEmpty();
    }

    @Test
    void emptyEntriesAreSkipped() {
        assertThat(client("X-Forwarded-For", "203.0.113.7, , 10.0.0.1,")).contains("203.0.113.7");
    }

    @Test
    void xRealIpIsTheFallbackAndNamesAreNeverResolved() {
        assertThat(client("X-Real-IP", " 203.0.113.9 ")).contains("203.0.113.9");
        assertThat(client("X-Real-IP", "localhost")).isEmpty();
        assertThat(client()).isEmpty();
    }
}
