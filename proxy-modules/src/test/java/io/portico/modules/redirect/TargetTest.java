package io.portico.modules.redirect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TargetTest {

    @Test
    void queryValueFindsTheFirstPairWithTheExactKey() {
        assertThat(Target.queryValue("a=1&url=x&url=y", "url")).isEqualTo("x");
        assertThat(Target.queryValue("urls=1&url", "url")).isNull();
        assertThat(Target.queryValue("xurl=1", "url")).isNull();
        assertThat(Target.queryValue("url=", "url")).isEmpty();
        assertThat(Target.queryValue("", "url")).isNull();
    }

    @Test
    void decodeReadsPercentEscapesAsUtf8AndPlusAsSpace() {
        assertThat(Target.decode("https%3A%2F%2Fa.example%2Fp%3Fq%3D1")).isEqualTo("https://a.example/p?q=1");
        assertThat(Target.decode("a+b%C3%A9")).isEqualTo("a bé");
        assertThat(Target.decode("%zz")).isNull();
        assertThat(Target.decode("%4")).isNull();
    }

    @Test
    void onlyAbsoluteHttpUrlsWithAHostAreAccepted() {
        assertThat(Target.absoluteHttp("https://a.example/x?y=1")).isTrue();
        assertThat(Target.absoluteHttp("HTTP://a.example")).isTrue();
        assertThat(Target.absoluteHttp("javascript:alert(1)")).isFalse();
        assertThat(Target.absoluteHttp("//evil.example/")).isFalse();
        assertThat(Target.absoluteHttp("/local")).isFalse();
        assertThat(Target.absoluteHttp("ftp://a.example/")).isFalse();
        assertThat(Target.absoluteHttp("https:///nohost")).isFalse();
        assertThat(Target.absoluteHttp("https://a.example/\r\nSet-Cookie: x")).isFalse();
        assertThat(Target.absoluteHttp("https:\\\\evil.example")).isFalse();
        assertThat(Target.absoluteHttp("https://a.example/ x")).isFalse();
    }
}
