package io.portico.route;

import static io.portico.route.TestRequest.get;
import static io.portico.route.UriPrimitivesTest.matches;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeaderCookiePrimitivesTest {

    @Test
    void headerKeyInMatchesAnyNamedHeaderWithAValue() {
        String c = "req_header_key_in(\"X-A|X-B\")";
        assertThat(matches(c, get("/").header("x-b", "1"))).isTrue();
        assertThat(matches(c, get("/").header("X-C", "1"))).isFalse();
        assertThat(matches(c, get("/").header("X-A", ""))).isFalse();
    }

    @Test
    void headerValueInReadsTheFirstFieldAndHonoursItsCaseFlag() {
        assertThat(matches("req_header_value_in(\"X-Env\", \"prod|stage\", false)", get("/").header("x-env", "stage"))).isTrue();
        assertThat(matches("req_header_value_in(\"X-Env\", \"prod\", false)", get("/").header("X-Env", "PROD"))).isFalse();
        assertThat(matches("req_header_value_in(\"X-Env\", \"prod\", true)", get("/").header("X-Env", "PROD"))).isTrue();
        assertThat(matches("req_header_value_in(\"X-Env\", \"prod\", false)",
                get("/").header("X-Env", "dev").header("X-Env", "prod"))).isFalse();
    }

    @Test
    void headerValueOfAMissingHeaderReadsAsEmptyAsInBfe() {
        assertThat(matches("req_header_value_in(\"X-Env\", \"\", false)", get("/"))).isTrue();
        assertThat(matches("req_header_value_in(\"X-Env\", \"prod\", false)", get("/"))).isFalse();
    }

    @Test
    void headerValuePrefixInHonoursItsCaseFlag() {
        assertThat(matches("req_header_value_prefix_in(\"Accept\", \"text/|image/\", false)", get("/").header("Accept", "image/png"))).isTrue();
        assertThat(matches("req_header_value_prefix_in(\"Accept\", \"text/\", false)", get("/").header("Accept", "application/json"))).isFalse();
        assertThat(matches("req_header_value_prefix_in(\"Accept\", \"text/\", false)", get("/").header("Accept", "TEXT/html"))).isFalse();
        assertThat(matches("req_header_value_prefix_in(\"Accept\", \"text/\", true)", get("/").header("Accept", "TEXT/html"))).isTrue();
    }

    @Test
    void headerValueSuffixInHonoursItsCaseFlag() {
        assertThat(matches("req_header_value_suffix_in(\"Referer\", \".example.com/\", false)",
                get("/").header("Referer", "https://www.example.com/"))).isTrue();
        assertThat(matches("req_header_value_suffix_in(\"Referer\", \".example.com/\", false)",
                get("/").header("Referer", "https://www.example.org/"))).isFalse();
        assertThat(matches("req_header_value_suffix_in(\"Referer\", \".example.com/\", false)",
                get("/").header("Referer", "https://WWW.EXAMPLE.COM/"))).isFalse();
        assertThat(matches("req_header_value_suffix_in(\"Referer\", \".example.com/\", true)",
                get("/").header("Referer", "https://WWW.EXAMPLE.COM/"))).isTrue();
    }

    @Test
    void headerValueContainHonoursItsCaseFlag() {
        assertThat(matches("req_header_value_contain(\"Accept\", \"json|xml\", false)", get("/").header("Accept", "application/json; q=1"))).isTrue();
        assertThat(matches("req_header_value_contain(\"Accept\", \"json\", false)", get("/").header("Accept", "text/html"))).isFalse();
        assertThat(matches("req_header_value_contain(\"Accept\", \"json\", false)", get("/").header("Accept", "application/JSON"))).isFalse();
        assertThat(matches("req_header_value_contain(\"Accept\", \"json\", true)", get("/").header("Accept", "application/JSON"))).isTrue();
    }

    @Test
    void headerValueRegmatchSearchesTheFirstValue() {
        assertThat(matches("req_header_value_regmatch(\"X-Id\", `^[a-f0-9]{4}$`)", get("/").header("X-Id", "be3f"))).isTrue();
        assertThat(matches("req_header_value_regmatch(\"X-Id\", `^[a-f0-9]{4}$`)", get("/").header("X-Id", "BE3F"))).isFalse();
    }

    @Test
    void headerValueHashInPicksTheValuesBucketAndHonoursItsCaseFlag() {
        // murmur3 buckets: "session-42" → 7745, "Session-42" → 835
        assertThat(matches("req_header_value_hash_in(\"X-S\", \"7745\", false)", get("/").header("X-S", "session-42"))).isTrue();
        assertThat(matches("req_header_value_hash_in(\"X-S\", \"7745\", false)", get("/").header("X-S", "Session-42"))).isFalse();
        assertThat(matches("req_header_value_hash_in(\"X-S\", \"800-900\", false)", get("/").header("X-S", "Session-42"))).isTrue();
        assertThat(matches("req_header_value_hash_in(\"X-S\", \"7745\", true)", get("/").header("X-S", "Session-42"))).isTrue();
    }

    @Test
    void uaRegmatchSearchesTheUserAgent() {
        assertThat(matches("req_ua_regmatch(`(?i)curl/`)", get("/").header("User-Agent", "CURL/8.5.0"))).isTrue();
        assertThat(matches("req_ua_regmatch(`curl/`)", get("/").header("User-Agent", "Mozilla/5.0"))).isFalse();
        assertThat(matches("req_ua_regmatch(`curl/`)", get("/"))).isFalse();
    }

    @Test
    void cookieKeyInMatchesExactNamesAcrossCookieFields() {
        String c = "req_cookie_key_in(\"session|sid\")";
        assertThat(matches(c, get("/").header("Cookie", "a=1; sid=2"))).isTrue();
        assertThat(matches(c, get("/").header("Cookie", "a=1").header("cookie", "session=x"))).isTrue();
        assertThat(matches(c, get("/").header("Cookie", "SID=2"))).isFalse();
        assertThat(matches(c, get("/"))).isFalse();
    }

    @Test
    void cookieValueInHonoursItsCaseFlagAndNeedsTheCookie() {
        assertThat(matches("req_cookie_value_in(\"lang\", \"en|fr\", false)", get("/").header("Cookie", "x=1; lang=fr"))).isTrue();
        assertThat(matches("req_cookie_value_in(\"lang\", \"en\", false)", get("/").header("Cookie", "lang=EN"))).isFalse();
        assertThat(matches("req_cookie_value_in(\"lang\", \"en\", true)", get("/").header("Cookie", "lang=EN"))).isTrue();
        assertThat(matches("req_cookie_value_in(\"lang\", \"\", false)", get("/").header("Cookie", "x=1"))).isFalse();
        assertThat(matches("req_cookie_value_in(\"lang\", \"\", false)", get("/").header("Cookie", "lang="))).isTrue();
    }

    @Test
    void cookieValuePrefixInHonoursItsCaseFlag() {
        assertThat(matches("req_cookie_value_prefix_in(\"uid\", \"vip-|gold-\", false)", get("/").header("Cookie", "uid=gold-7"))).isTrue();
        assertThat(matches("req_cookie_value_prefix_in(\"uid\", \"vip-\", false)", get("/").header("Cookie", "uid=std-7"))).isFalse();
        assertThat(matches("req_cookie_value_prefix_in(\"uid\", \"vip-\", false)", get("/").header("Cookie", "uid=VIP-7"))).isFalse();
        assertThat(matches("req_cookie_value_prefix_in(\"uid\", \"vip-\", true)", get("/").header("Cookie", "uid=VIP-7"))).isTrue();
    }

    @Test
    void cookieValueSuffixInHonoursItsCaseFlag() {
        assertThat(matches("req_cookie_value_suffix_in(\"uid\", \"-a|-b\", false)", get("/").header("Cookie", "uid=7-b"))).isTrue();
        assertThat(matches("req_cookie_value_suffix_in(\"uid\", \"-a\", false)", get("/").header("Cookie", "uid=7-c"))).isFalse();
        assertThat(matches("req_cookie_value_suffix_in(\"uid\", \"-a\", false)", get("/").header("Cookie", "uid=7-A"))).isFalse();
        assertThat(matches("req_cookie_value_suffix_in(\"uid\", \"-a\", true)", get("/").header("Cookie", "uid=7-A"))).isTrue();
    }

    @Test
    void cookieValueContainHonoursItsCaseFlag() {
        assertThat(matches("req_cookie_value_contain(\"t\", \"beta|canary\", false)", get("/").header("Cookie", "t=\"x-beta-y\""))).isTrue();
        assertThat(matches("req_cookie_value_contain(\"t\", \"beta\", false)", get("/").header("Cookie", "t=stable"))).isFalse();
        assertThat(matches("req_cookie_value_contain(\"t\", \"beta\", false)", get("/").header("Cookie", "t=BETA"))).isFalse();
        assertThat(matches("req_cookie_value_contain(\"t\", \"beta\", true)", get("/").header("Cookie", "t=BETA"))).isTrue();
    }

    @Test
    void cookieValueHashInPicksTheValuesBucketAndHonoursItsCaseFlag() {
        assertThat(matches("req_cookie_value_hash_in(\"s\", \"7745\", false)", get("/").header("Cookie", "s=session-42"))).isTrue();
        assertThat(matches("req_cookie_value_hash_in(\"s\", \"7745\", false)", get("/").header("Cookie", "s=Session-42"))).isFalse();
        assertThat(matches("req_cookie_value_hash_in(\"s\", \"7745\", true)", get("/").header("Cookie", "s=Session-42"))).isTrue();
        assertThat(matches("req_cookie_value_hash_in(\"s\", \"0-9999\", false)", get("/"))).isFalse();
    }

    @Test
    void methodInIgnoresCase() {
        assertThat(matches("req_method_in(\"get|post\")", get("/").method("GET"))).isTrue();
        assertThat(matches("req_method_in(\"GET|POST\")", get("/").method("post"))).isTrue();
        assertThat(matches("req_method_in(\"GET|POST\")", get("/").method("PUT"))).isFalse();
    }

    @Test
    void protoSecureIsTrueOnTlsOnly() {
        assertThat(matches("req_proto_secure()", get("/").secure())).isTrue();
        assertThat(matches("req_proto_secure()", get("/"))).isFalse();
    }
}
