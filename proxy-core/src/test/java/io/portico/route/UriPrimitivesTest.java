package io.portico.route;

import static io.portico.route.TestRequest.get;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UriPrimitivesTest {

    static boolean matches(String condition, TestRequest request) {
        return Conditions.compile(condition).test(request.build());
    }

    @Test
    void hostInComparesTheHostWithoutPortIgnoringCase() {
        String c = "req_host_in(\"www.example.com|Example.ORG\")";
        assertThat(matches(c, get("/").host("WWW.Example.com:8080"))).isTrue();
        assertThat(matches(c, get("/").host("example.org"))).isTrue();
        assertThat(matches(c, get("/").host("example.org."))).isTrue();
        assertThat(matches(c, get("/").host("api.example.com"))).isFalse();
    }

    @Test
    void hostInReadsTheAuthorityOfAnAbsoluteTargetBeforeTheHostHeader() {
        String c = "req_host_in(\"www.example.com\")";
        assertThat(matches(c, get("http://www.example.com/x").host("other.org"))).isTrue();
        assertThat(matches(c, get("http://other.org/x").host("www.example.com"))).isFalse();
    }

    @Test
    void hostInAcceptsIpv6LiteralsWithOrWithoutBrackets() {
        assertThat(matches("req_host_in(\"[::1]\")", get("/").host("[::1]:8080"))).isTrue();
        assertThat(matches("req_host_in(\"::1\")", get("/").host("[::1]"))).isTrue();
        assertThat(matches("req_host_in(\"::2\")", get("/").host("[::1]"))).isFalse();
    }

    @Test
    void hostSuffixInIsAPlainCaseInsensitiveSuffix() {
        String c = "req_host_suffix_in(\".example.com|.Example.NET\")";
        assertThat(matches(c, get("/").host("WWW.EXAMPLE.COM"))).isTrue();
        assertThat(matches(c, get("/").host("a.example.net:81"))).isTrue();
        assertThat(matches(c, get("/").host("example.com"))).isFalse();
        assertThat(matches(c, get("/").host("www.example.org"))).isFalse();
    }

    @Test
    void hostRegmatchSearchesTheLowerCasedHost() {
        String c = "req_host_regmatch(`^www[0-9]+\\.example\\.com$`)";
        assertThat(matches(c, get("/").host("WWW12.example.com:8080"))).isTrue();
        assertThat(matches(c, get("/").host("www.example.com"))).isFalse();
    }

    @Test
    void portInReadsTheHostPortOrTheSchemeDefault() {
        assertThat(matches("req_port_in(\"8080|8443\")", get("/").host("example.com:8080"))).isTrue();
        assertThat(matches("req_port_in(\"8080|8443\")", get("/").host("[::1]:8443"))).isTrue();
        assertThat(matches("req_port_in(\"8080\")", get("/").host("example.com:80"))).isFalse();
        assertThat(matches("req_port_in(\"80\")", get("/").host("example.com"))).isTrue();
        assertThat(matches("req_port_in(\"443\")", get("/").host("example.com").secure())).isTrue();
        assertThat(matches("req_port_in(\"80\")", get("/").host("example.com").secure())).isFalse();
    }

    @Test
    void pathInMatchesWholeDecodedPaths() {
        assertThat(matches("req_path_in(\"/api/search|/api/list\", false)", get("/api/list?x=1"))).isTrue();
        assertThat(matches("req_path_in(\"/api/search\", false)", get("/api/search/x"))).isFalse();
        assertThat(matches("req_path_in(\"/a b\", false)", get("/a%20b"))).isTrue();
    }

    @Test
    void pathInHonoursItsCaseFlag() {
        assertThat(matches("req_path_in(\"/Api/List\", true)", get("/API/list"))).isTrue();
        assertThat(matches("req_path_in(\"/Api/List\", false)", get("/API/list"))).isFalse();
        assertThat(matches("req_path_in(\"/Api/List\", false)", get("/Api/List"))).isTrue();
    }

    @Test
    void pathPrefixInMatchesStartsAndHonoursItsCaseFlag() {
        assertThat(matches("req_path_prefix_in(\"/static/|/img/\", false)", get("/img/a.png"))).isTrue();
        assertThat(matches("req_path_prefix_in(\"/static/\", false)", get("/stat"))).isFalse();
        assertThat(matches("req_path_prefix_in(\"/static/\", false)", get("/STATIC/a.css"))).isFalse();
        assertThat(matches("req_path_prefix_in(\"/static/\", true)", get("/STATIC/a.css"))).isTrue();
    }

    @Test
    void pathSuffixInMatchesEndsAndHonoursItsCaseFlag() {
        assertThat(matches("req_path_suffix_in(\".php|.jsp\", false)", get("/index.php"))).isTrue();
        assertThat(matches("req_path_suffix_in(\".php\", false)", get("/index.html"))).isFalse();
        assertThat(matches("req_path_suffix_in(\".php\", false)", get("/index.PHP"))).isFalse();
        assertThat(matches("req_path_suffix_in(\".php\", true)", get("/index.PHP"))).isTrue();
    }

    @Test
    void pathContainMatchesSubstringsAndHonoursItsCaseFlag() {
        assertThat(matches("req_path_contain(\"search|analytics\", false)", get("/api/search/x"))).isTrue();
        assertThat(matches("req_path_contain(\"search\", false)", get("/api/list"))).isFalse();
        assertThat(matches("req_path_contain(\"search\", false)", get("/api/Search"))).isFalse();
        assertThat(matches("req_path_contain(\"search\", true)", get("/api/Search"))).isTrue();
    }

    @Test
    void pathElementPrefixInMatchesWholePathSegments() {
        String c = "req_path_element_prefix_in(\"/api/report|/v2/\", false)";
        assertThat(matches(c, get("/api/report"))).isTrue();
        assertThat(matches(c, get("/api/report/"))).isTrue();
        assertThat(matches(c, get("/api/report/daily"))).isTrue();
        assertThat(matches(c, get("/v2"))).isTrue();
        assertThat(matches(c, get("/api/reports"))).isFalse();
        assertThat(matches(c, get("/api/rep"))).isFalse();
        assertThat(matches(c, get("/API/report"))).isFalse();
        assertThat(matches("req_path_element_prefix_in(\"/api/report\", true)", get("/API/Report/x"))).isTrue();
    }

    @Test
    void pathRegmatchSearchesTheDecodedPathUnanchored() {
        assertThat(matches("req_path_regmatch(`^/user/[0-9]+$`)", get("/user/42"))).isTrue();
        assertThat(matches("req_path_regmatch(`^/user/[0-9]+$`)", get("/user/abc"))).isFalse();
        assertThat(matches("req_path_regmatch(`[0-9]`)", get("/a1b"))).isTrue();
    }

    @Test
    void urlRegmatchSearchesTheTargetAsSent() {
        assertThat(matches("req_url_regmatch(`/s\\?word=123`)", get("/s?word=123&x=1"))).isTrue();
        assertThat(matches("req_url_regmatch(`/s\\?word=123`)", get("/s?word=12"))).isFalse();
        assertThat(matches("req_url_regmatch(`%20`)", get("/a%20b"))).isTrue();
    }

    @Test
    void queryKeyInMatchesExactKeysCaseSensitively() {
        assertThat(matches("req_query_key_in(\"word|wd\")", get("/s?wd=x"))).isTrue();
        assertThat(matches("req_query_key_in(\"word|wd\")", get("/s?WD=x"))).isFalse();
        assertThat(matches("req_query_key_in(\"word|wd\")", get("/s?words=x"))).isFalse();
        assertThat(matches("req_query_key_in(\"flag\")", get("/s?flag"))).isTrue();
    }

    @Test
    void queryKeyPrefixInMatchesAnyKeyStart() {
        assertThat(matches("req_query_key_prefix_in(\"ri|x_\")", get("/?a=1&rid=2"))).isTrue();
        assertThat(matches("req_query_key_prefix_in(\"ri\")", get("/?xrid=1"))).isFalse();
        assertThat(matches("req_query_key_prefix_in(\"ri\")", get("/"))).isFalse();
    }

    @Test
    void queryExistNeedsAtLeastOneParameter() {
        assertThat(matches("req_query_exist()", get("/?a=1"))).isTrue();
        assertThat(matches("req_query_exist()", get("/"))).isFalse();
        assertThat(matches("req_query_exist()", get("/?"))).isFalse();
        assertThat(matches("req_query_exist()", get("/?&&"))).isFalse();
    }

    @Test
    void queryValueInReadsTheFirstDecodedValueAndHonoursItsCaseFlag() {
        assertThat(matches("req_query_value_in(\"uid\", \"x|y\", false)", get("/?uid=y&uid=z"))).isTrue();
        assertThat(matches("req_query_value_in(\"uid\", \"z\", false)", get("/?uid=y&uid=z"))).isFalse();
        assertThat(matches("req_query_value_in(\"uid\", \"x\", false)", get("/?uid=X"))).isFalse();
        assertThat(matches("req_query_value_in(\"uid\", \"x\", true)", get("/?uid=X"))).isTrue();
        assertThat(matches("req_query_value_in(\"q\", \"a b c\", false)", get("/?q=a%20b+c"))).isTrue();
    }

    @Test
    void queryValueOfAMissingKeyReadsAsEmptyAsInBfe() {
        assertThat(matches("req_query_value_in(\"uid\", \"\", false)", get("/?other=1"))).isTrue();
        assertThat(matches("req_query_value_in(\"uid\", \"x\", false)", get("/"))).isFalse();
    }

    @Test
    void queryValuePrefixInHonoursItsCaseFlag() {
        assertThat(matches("req_query_value_prefix_in(\"uid\", \"100|200\", false)", get("/?uid=20077"))).isTrue();
        assertThat(matches("req_query_value_prefix_in(\"uid\", \"100\", false)", get("/?uid=300"))).isFalse();
        assertThat(matches("req_query_value_prefix_in(\"t\", \"ab\", false)", get("/?t=ABc"))).isFalse();
        assertThat(matches("req_query_value_prefix_in(\"t\", \"ab\", true)", get("/?t=ABc"))).isTrue();
    }

    @Test
    void queryValueSuffixInHonoursItsCaseFlag() {
        assertThat(matches("req_query_value_suffix_in(\"uid\", \"1|2\", false)", get("/?uid=9992"))).isTrue();
        assertThat(matches("req_query_value_suffix_in(\"uid\", \"1\", false)", get("/?uid=3"))).isFalse();
        assertThat(matches("req_query_value_suffix_in(\"f\", \".JPG\", false)", get("/?f=a.jpg"))).isFalse();
        assertThat(matches("req_query_value_suffix_in(\"f\", \".JPG\", true)", get("/?f=a.jpg"))).isTrue();
    }

    @Test
    void queryValueContainHonoursItsCaseFlag() {
        assertThat(matches("req_query_value_contain(\"q\", \"cat|dog\", false)", get("/?q=hotdogs"))).isTrue();
        assertThat(matches("req_query_value_contain(\"q\", \"cat\", false)", get("/?q=hotdogs"))).isFalse();
        assertThat(matches("req_query_value_contain(\"q\", \"dog\", false)", get("/?q=HOTDOG"))).isFalse();
        assertThat(matches("req_query_value_contain(\"q\", \"dog\", true)", get("/?q=HOTDOG"))).isTrue();
    }

    @Test
    void queryValueRegmatchSearchesTheDecodedValue() {
        assertThat(matches("req_query_value_regmatch(\"id\", `^[0-9]{3}$`)", get("/?id=123"))).isTrue();
        assertThat(matches("req_query_value_regmatch(\"id\", `^[0-9]{3}$`)", get("/?id=1234"))).isFalse();
        assertThat(matches("req_query_value_regmatch(\"id\", `^a b$`)", get("/?id=a+b"))).isTrue();
    }

    @Test
    void queryValueHashInPicksTheValuesBucketAndHonoursItsCaseFlag() {
        // murmur3 buckets: "hello" → 2306, "HELLO" → 797 (see HashBucketTest)
        assertThat(matches("req_query_value_hash_in(\"u\", \"2306\", false)", get("/?u=hello"))).isTrue();
        assertThat(matches("req_query_value_hash_in(\"u\", \"0-2305|2307-9999\", false)", get("/?u=hello"))).isFalse();
        assertThat(matches("req_query_value_hash_in(\"u\", \"2306\", false)", get("/?u=HELLO"))).isFalse();
        assertThat(matches("req_query_value_hash_in(\"u\", \"700-800\", false)", get("/?u=HELLO"))).isTrue();
        assertThat(matches("req_query_value_hash_in(\"u\", \"2306\", true)", get("/?u=HELLO"))).isTrue();
    }
}
