package io.portico.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HostTableTest {
    private final HostTable table = HostTable.build(Map.of(
            "example.com", "www",
            "*.example.com", "wild",
            "*.a.example.com", "deep",
            "exact.a.example.com", "exact",
            "10.0.0.1", "by-ip",
            "[2001:db8::1]", "v6"), null);

    @Test
    void exactHostFindsItsProduct() {
        assertThat(table.product("example.com")).isEqualTo("www");
        assertThat(table.product("exact.a.example.com")).isEqualTo("exact");
    }

    @Test
    void wildcardMatchesOneOrMoreLabelsButNotTheSuffixItself() {
        assertThat(table.product("www.example.com")).isEqualTo("wild");
        assertThat(table.product("x.y.example.com")).isEqualTo("wild");
        assertThat(table.product("a.example.com")).isEqualTo("wild");
        assertThat(HostTable.build(Map.of("*.example.com", "wild"), null).product("example.com")).isNull();
    }

    @Test
    void longestWildcardSuffixWins() {
        assertThat(table.product("b.a.example.com")).isEqualTo("deep");
        assertThat(table.product("c.b.a.example.com")).isEqualTo("deep");
    }

    @Test
    void exactBeatsWildcard() {
        assertThat(table.product("exact.a.example.com")).isEqualTo("exact");
    }

    @Test
    void matchingIgnoresCaseOnBothSides() {
        HostTable mixed = HostTable.build(Map.of("WWW.Example.COM", "www", "*.Shop.Example.com", "shop"), null);
        assertThat(mixed.product("www.example.com")).isEqualTo("www");
        assertThat(mixed.product("WWW.EXAMPLE.COM")).isEqualTo("www");
        assertThat(mixed.product("Cart.SHOP.example.com")).isEqualTo("shop");
    }

    @Test
    void portIsIgnored() {
        assertThat(table.product("example.com:8080")).isEqualTo("www");
        assertThat(table.product("www.example.com:443")).isEqualTo("wild");
        assertThat(table.product("10.0.0.1:80")).isEqualTo("by-ip");
    }

    @Test
    void ipv6LiteralsMatchWithOrWithoutPort() {
        assertThat(table.product("[2001:db8::1]")).isEqualTo("v6");
        assertThat(table.product("[2001:DB8::1]:8080")).isEqualTo("v6");
        assertThat(table.product("[::1]:8080")).isNull();
    }

    @Test
    void aTrailingDotIsIgnoredInHostAndKey() {
        assertThat(table.product("example.com.")).isEqualTo("www");
        assertThat(table.product("www.example.com.:8080")).isEqualTo("wild");
        assertThat(HostTable.build(Map.of("api.example.org.", "api"), null).product("api.example.org")).isEqualTo("api");
    }

    @Test
    void unknownHostGetsTheDefaultProduct() {
        HostTable withDefault = HostTable.build(Map.of("example.com", "www"), "fallback");
        assertThat(withDefault.product("other.org")).isEqualTo("fallback");
        assertThat(withDefault.product("")).isEqualTo("fallback");
        assertThat(withDefault.product(null)).isEqualTo("fallback");
        assertThat(withDefault.product("example.com")).isEqualTo("www");
    }

    @Test
    void unknownHostWithoutDefaultIsNull() {
        assertThat(table.product("example.org")).isNull();
        assertThat(table.product("com")).isNull();
        assertThat(table.product("notexample.com")).isNull();
        assertThat(table.product(null)).isNull();
        assertThat(table.product("")).isNull();
    }

    @Test
    void emptyTableServesOnlyTheDefault() {
        assertThat(HostTable.build(Map.of(), "www").product("anything.example")).isEqualTo("www");
        assertThat(HostTable.build(Map.of(), null).product("anything.example")).isNull();
    }

    @Test
    void manyKeysStayDistinct() {
        Map<String, String> keys = new LinkedHashMap<>();
        for (int i = 0; i < 500; i++) {
            keys.put("h" + i + ".example.com", "p" + i);
            keys.put("*.w" + i + ".example.net", "w" + i);
        }
        HostTable big = HostTable.build(keys, null);
        for (int i = 0; i < 500; i++) {
            assertThat(big.product("h" + i + ".example.com")).isEqualTo("p" + i);
            assertThat(big.product("x.w" + i + ".example.net")).isEqualTo("w" + i);
        }
        assertThat(big.product("h500.example.com")).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "*", "*.", "*foo.com", "a.*.com", "*.*.com", "exa mple.com", "example.com:80",
            "example..com", ".example.com", "exam/ple.com", "bücher.de"})
    void invalidKeysAreRejectedWithTheKey(String key) {
        assertThatThrownBy(() -> HostTable.build(Map.of(key, "p"), null))
                .isInstanceOf(HostTable.InvalidKeyException.class)
                .isInstanceOf(IllegalArgumentException.class)
                .satisfies(e -> assertThat(((HostTable.InvalidKeyException) e).key()).isEqualTo(key));
    }

    @Test
    void invalidKeyMessagesSayWhatIsWrong() {
        assertThatThrownBy(() -> HostTable.build(Map.of("*foo.com", "p"), null)).hasMessageContaining("'*foo.com'")
                .hasMessageContaining("leading label");
        assertThatThrownBy(() -> HostTable.build(Map.of("exa mple.com", "p"), null)).hasMessageContaining("a space");
        assertThatThrownBy(() -> HostTable.build(Map.of("example.com:80", "p"), null)).hasMessageContaining("port");
        assertThatThrownBy(() -> HostTable.build(Map.of("*", "p"), null)).hasMessageContaining("bare wildcard");
    }

    @Test
    void keysEqualAfterNormalisationAreRejected() {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("example.com", "a");
        keys.put("EXAMPLE.com.", "b");
        assertThatThrownBy(() -> HostTable.build(keys, null)).isInstanceOf(HostTable.InvalidKeyException.class)
                .hasMessageContaining("repeats");
    }

    @Test
    void emptyProductIsRejected() {
        assertThatThrownBy(() -> HostTable.build(Map.of("example.com", ""), null))
                .isInstanceOf(HostTable.InvalidKeyException.class).hasMessageContaining("empty product");
    }
}
