package io.portico.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AuthoritiesTest {

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "example.com:8080", "EXAMPLE.com.", "127.0.0.1", "127.0.0.1:80", "[::1]",
        "[::1]:443", "[::ffff:192.0.2.1]", "[v1.fe80::a+en1]", "a-b.c_d~e", "ex%41mple.com", "example.com:",
        "a!$&'()*+,;=b", "localhost:65535"})
    void uriHostWithAnOptionalPortIsValid(String host) {
        assertThat(Authorities.valid(host, true)).isTrue();
        assertThat(Authorities.valid(host, false)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a b", "a/b", "a@b", "evil.com@good.com", "a:b", "a:80:90", "[::1", "[::1]x", "[::g]",
        "[]", "[1.2.3.4]", "example.com:65536", "example.com:123456", "a\\b", "exa%zzmple", "exa%2", "é.com",
        "a\tb", "a?b", "a#b", "[v.x]", "[vz.x]"})
    void anythingElseIsNot(String host) {
        assertThat(Authorities.valid(host, false)).isFalse();
    }

    @Test
    void anEmptyHostIsValidOnlyWhereTheHostMayBeEmpty() {
        assertThat(Authorities.valid("", false)).isTrue();
        assertThat(Authorities.valid(":80", false)).isTrue();
        assertThat(Authorities.valid("", true)).isFalse();
        assertThat(Authorities.valid(":80", true)).isFalse();
    }
}
