package io.portico.route;

import static io.portico.route.TestRequest.get;
import static io.portico.route.UriPrimitivesTest.matches;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPrimitivesTest {

    @Test
    void cipRangeIncludesBothEnds() {
        String c = "req_cip_range(\"10.0.0.1\", \"10.0.0.10\")";
        assertThat(matches(c, get("/").client("10.0.0.1"))).isTrue();
        assertThat(matches(c, get("/").client("10.0.0.10"))).isTrue();
        assertThat(matches(c, get("/").client("10.0.0.11"))).isFalse();
        assertThat(matches(c, get("/").client("10.0.0.0"))).isFalse();
    }

    @Test
    void cipRangeReadsTheClientNotTheTcpPeer() {
        String c = "req_cip_range(\"10.0.0.1\", \"10.0.0.10\")";
        assertThat(matches(c, get("/").source("192.0.2.1").client("10.0.0.5"))).isTrue();
        assertThat(matches(c, get("/").source("10.0.0.5").client("192.0.2.1"))).isFalse();
    }

    @Test
    void ipv6RangesCompareAll128Bits() {
        String c = "req_cip_range(\"2001:db8::\", \"2001:db8::ffff:ffff\")";
        assertThat(matches(c, get("/").client("2001:db8::1:2"))).isTrue();
        assertThat(matches(c, get("/").client("2001:db8::1:0:0"))).isFalse();
        assertThat(matches(c, get("/").client("10.0.0.1"))).isFalse();
    }

    @Test
    void ipv4RangeDoesNotMatchIpv6Clients() {
        assertThat(matches("req_cip_range(\"0.0.0.0\", \"255.255.255.255\")", get("/").client("::1"))).isFalse();
        assertThat(matches("req_cip_range(\"0.0.0.0\", \"255.255.255.255\")", get("/").client("203.0.113.9"))).isTrue();
    }

    @Test
    void cipHashInHashesTheClientAddressAsGoWritesIt() {
        // murmur3 buckets: "10.0.0.1" → 4505, "2001:db8::1" → 4624
        assertThat(matches("req_cip_hash_in(\"4505\")", get("/").client("10.0.0.1"))).isTrue();
        assertThat(matches("req_cip_hash_in(\"4505\")", get("/").client("10.0.0.2"))).isFalse();
        assertThat(matches("req_cip_hash_in(\"4600-4700\")", get("/").client("2001:0db8:0:0:0:0:0:1"))).isTrue();
    }

    @Test
    void cipTrustedIsTrueOnlyWhenTheClientWasMarkedTrusted() {
        Condition c = Conditions.compile("req_cip_trusted()");
        assertThat(c.test(get("/").client("10.0.0.1").build())).isFalse();
        assertThat(c.test(get("/").client("10.0.0.1").build().clientTrusted(true))).isTrue();
        assertThat(c.test(get("/").build().clientTrusted(true).clientTrusted(false))).isFalse();
    }

    @Test
    void cipTrustedTakesNoArgumentsAndComposes() {
        Condition c = Conditions.compile("!req_cip_trusted() && req_path_prefix_in(\"/admin\", false)");
        assertThat(c.test(get("/admin/x").build())).isTrue();
        assertThat(c.test(get("/admin/x").build().clientTrusted(true))).isFalse();
        assertThatThrownBy(() -> Conditions.compile("req_cip_trusted(\"10.0.0.0/8\")"))
                .isInstanceOf(ConditionException.class).hasMessageContaining("req_cip_trusted takes no arguments");
    }

    @Test
    void vipInListsProxyAddresses() {
        assertThat(matches("req_vip_in(\"198.51.100.1|198.51.100.2\")", get("/").local("198.51.100.2"))).isTrue();
        assertThat(matches("req_vip_in(\"198.51.100.1\")", get("/").local("198.51.100.3"))).isFalse();
        assertThat(matches("req_vip_in(\"2001:db8::a\")", get("/").local("2001:db8:0::a"))).isTrue();
        assertThat(matches("req_vip_in(\"::ffff:198.51.100.1\")", get("/").local("198.51.100.1"))).isTrue();
    }

    @Test
    void vipRangeAndSesVipRangeReadTheLocalAddress() {
        for (String primitive : new String[] {"req_vip_range", "ses_vip_range"}) {
            String c = primitive + "(\"198.51.100.0\", \"198.51.100.9\")";
            assertThat(matches(c, get("/").local("198.51.100.9").client("1.1.1.1").source("1.1.1.1"))).isTrue();
            assertThat(matches(c, get("/").local("198.51.100.10").client("198.51.100.5").source("198.51.100.5"))).isFalse();
        }
    }

    @Test
    void sesSipRangeReadsTheTcpPeerNotTheClient() {
        String c = "ses_sip_range(\"192.0.2.0\", \"192.0.2.255\")";
        assertThat(matches(c, get("/").source("192.0.2.7").client("10.9.9.9"))).isTrue();
        assertThat(matches(c, get("/").source("10.9.9.9").client("192.0.2.7"))).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
            "10.0.0.1, 10.0.0.1",
            "::, ::",
            "::1, ::1",
            "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
            "2001:DB8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
            "1:0:0:2:0:0:0:3, 1:0:0:2::3",
            "::ffff:10.0.0.1, 10.0.0.1",
            "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
            "fe80::, fe80::"})
    void literalsParseAndPrintAsGoPrintsThem(String literal, String goForm) throws Exception {
        Ip ip = Ip.parse(literal);
        assertThat(ip).isNotNull();
        assertThat(ip.goString()).isEqualTo(goForm);
        assertThat(Ip.of(InetAddress.getByName(literal))).isEqualTo(ip);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1.2.3", "1.2.3.4.5", "256.1.1.1", "01.2.3.4", "1.2.3.-4", "a.b.c.d", "1::2::3",
            ":1", "1:", "12345::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7", "fe80::1%eth0", "::1.2.3", "[::1]",
            "١.٢.٣.٤", "example.com"})
    void invalidLiteralsAreRejected(String literal) {
        assertThat(Ip.parse(literal)).isNull();
    }
}
