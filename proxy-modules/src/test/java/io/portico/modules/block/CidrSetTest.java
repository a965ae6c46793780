package io.portico.modules.block;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.module.ModuleSettings;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tomlj.Toml;

class CidrSetTest {

    private static InetAddress ip(String literal) {
        return CidrSet.parseAddress(literal).orElseThrow();
    }

    @Test
    void ipv4BlockContainsItsFirstAndLastAddressOnly() {
        CidrSet set = CidrSet.of(List.of("192.0.2.0/24"));
        assertThat(set.contains(ip("192.0.2.0"))).isTrue();
        assertThat(set.contains(ip("192.0.2.255"))).isTrue();
        assertThat(set.contains(ip("192.0.1.255"))).isFalse();
        assertThat(set.contains(ip("192.0.3.0"))).isFalse();
    }

    @Test
    void ipv6BlockComparesAll128Bits() {
        CidrSet set = CidrSet.of(List.of("2001:db8::/32", "fe80::1/128"));
        assertThat(set.contains(ip("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff"))).isTrue();
        assertThat(set.contains(ip("2001:db9::"))).isFalse();
        assertThat(set.contains(ip("fe80::1"))).isTrue();
        assertThat(set.contains(ip("fe80::2"))).isFalse();
    }

    @Test
    void ipv4BlocksNeverMatchNativeIpv6AddressesButMatchTheMappedForm() {
        CidrSet all4 = CidrSet.of(List.of("0.0.0.0/0"));
        assertThat(all4.contains(ip("203.0.113.9"))).isTrue();
        assertThat(all4.contains(ip("::ffff:203.0.113.9"))).isTrue();
        assertThat(all4.contains(ip("::1"))).isFalse();
        assertThat(all4.contains(ip("2001:db8::1"))).isFalse();
        CidrSet all6 = CidrSet.of(List.of("::/0"));
        assertThat(all6.contains(ip("203.0.113.9"))).isTrue();
        assertThat(all6.contains(ip("2001:db8::1"))).isTrue();
    }

    @Test
    void aBareAddressIsASingleHostAndHostBitsAreIgnored() {
        CidrSet set = CidrSet.of(List.of("198.51.100.7", "10.1.2.3/8", "2001:db8::7"));
        assertThat(set.contains(ip("198.51.100.7"))).isTrue();
        assertThat(set.contains(ip("198.51.100.8"))).isFalse();
        assertThat(set.contains(ip("10.255.0.1"))).isTrue();
        assertThat(set.contains(ip("2001:db8::7"))).isTrue();
        assertThat(set.contains(ip("2001:db8::8"))).isFalse();
    }

    @Test
    void overlappingBlocksMergeSoTheSearchStaysCorrect() {
        CidrSet set = CidrSet.of(List.of("10.0.0.0/8", "10.1.0.0/16", "10.2.3.0/24", "11.0.0.0/8", "9.0.0.0/8"));
        assertThat(set.ranges()).isEqualTo(3);
        assertThat(set.contains(ip("10.200.0.1"))).isTrue();
        assertThat(set.contains(ip("10.2.3.4"))).isTrue();
        assertThat(set.contains(ip("12.0.0.0"))).isFalse();
    }

    @Test
    void binarySearchAgreesWithALinearScanOnRandomBlocks() {
        Random random = new Random(42);
        List<String> cidrs = new ArrayList<>();
        List<long[]> ranges = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            int a = random.nextInt();
            int prefix = 8 + random.nextInt(25);
            String c = ((a >>> 24) & 255) + "." + ((a >>> 16) & 255) + "." + ((a >>> 8) & 255) + "." + (a & 255) + "/" + prefix;
            cidrs.add(c);
            long mask = prefix == 0 ? 0 : (0xffffffffL << (32 - prefix)) & 0xffffffffL;
            long first = (a & 0xffffffffL) & mask;
            ranges.add(new long[] {first, first | (~mask & 0xffffffffL)});
        }
        CidrSet set = CidrSet.of(cidrs);
        for (int i = 0; i < 20_000; i++) {
            long v = random.nextInt() & 0xffffffffL;
            boolean expected = false;
            for (long[] r : ranges) {
                expected |= v >= r[0] && v <= r[1];
            }
            String literal = (v >>> 24) + "." + ((v >>> 16) & 255) + "." + ((v >>> 8) & 255) + "." + (v & 255);
            assertThat(set.contains(ip(literal))).as(literal).isEqualTo(expected);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "192.0.2.0/33", "2001:db8::/129", "192.0.2.0/", "192.0.2.0/-1", "192.0.2/24",
            "01.2.3.4/8", "example.com/24", "localhost", "fe80::1%eth0/64", "::1/1x", "1.2.3.4/0024"})
    void entriesThatAreNotCidrBlocksAreRejectedWithoutNameLookups(String entry) {
        assertThatThrownBy(() -> CidrSet.of(List.of(entry))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fileEntriesAndListEntriesCombineAndBadLinesAreReportedWithTheirLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("blocked.txt");
        Files.writeString(file, "# blocked networks\n203.0.113.0/24  # a test net\n\n2001:db8::/32\nnot-an-ip\n");
        ModuleSettings settings = ModuleSettings.of("portico.toml", "block",
                Toml.parse("blocklist = [\"198.51.100.0/24\", \"999.1.1.1\"]\nblocklist_file = \"" + file + "\"\n"));
        CidrSet set = CidrSet.fromSettings(settings, "blocklist", "blocklist_file");
        assertThat(set.contains(ip("203.0.113.5"))).isTrue();
        assertThat(set.contains(ip("2001:db8::5"))).isTrue();
        assertThat(set.contains(ip("198.51.100.5"))).isTrue();
        assertThat(settings.errors()).hasSize(2);
        assertThat(settings.errors().get(0)).startsWith("portico.toml:1: modules.block.blocklist: element 1: \"999.1.1.1\"");
        assertThat(settings.errors().get(1)).startsWith("portico.toml:2: modules.block.blocklist_file: " + file + ":5: \"not-an-ip\"");
    }

    @Test
    void aMissingFileIsAConfigError() {
        ModuleSettings settings = ModuleSettings.of("portico.toml", "block", Toml.parse("blocklist_file = \"/no/such/file\"\n"));
        CidrSet.fromSettings(settings, "blocklist", "blocklist_file");
        assertThat(settings.errors()).singleElement().asString()
                .startsWith("portico.toml:1: modules.block.blocklist_file: cannot read /no/such/file");
    }

    @Test
    void parseAddressAcceptsOnlyLiterals() {
        assertThat(CidrSet.parseAddress("::ffff:10.0.0.1")).contains(ip("10.0.0.1"));
        assertThat(CidrSet.parseAddress("1.2.3")).isEmpty();
        assertThat(CidrSet.parseAddress("localhost")).isEmpty();
        assertThat(CidrSet.parseAddress("[::1]")).isEmpty();
        assertThat(CidrSet.parseAddress("1::2::3")).isEmpty();
    }

    @Test
    void aRelativeFileIsReadFromTheDirectoryOfTheConfigFile(@TempDir Path dir) throws Exception {
        Files.createDirectory(dir.resolve("conf"));
        Files.writeString(dir.resolve("conf/blocked.txt"), "203.0.113.0/24\n");
        ModuleSettings settings = ModuleSettings.of(dir.resolve("conf/portico.toml"), "block",
                Toml.parse("blocklist_file = \"blocked.txt\"\n"));
        CidrSet set = CidrSet.fromSettings(settings, "blocklist", "blocklist_file");
        assertThat(settings.errors()).isEmpty();
        assertThat(set.contains(CidrSet.parseAddress("203.0.113.9").orElseThrow())).isTrue();
    }
}
