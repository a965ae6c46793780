package io.portico.route;

import static io.portico.route.TestRequest.get;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RouteRequestTest {

    @Test
    void hostIsLowerCasedWithoutPortBracketsOrTrailingDot() {
        assertThat(get("/").host("WWW.Example.COM:8080").build().host()).isEqualTo("www.example.com");
        assertThat(get("/").host("[2001:DB8::1]:443").build().host()).isEqualTo("2001:db8::1");
        assertThat(get("/").host("example.com.").build().host()).isEqualTo("example.com");
        assertThat(get("/").noHost().build().host()).isEmpty();
    }

    @Test
    void absoluteFormTargetNamesTheHost() {
        RouteRequest r = get("http://user@API.example.org:8443/x?y=1").host("ignored.example").build();
        assertThat(r.authority()).isEqualTo("API.example.org:8443");
        assertThat(r.host()).isEqualTo("api.example.org");
        assertThat(r.port()).isEqualTo(8443);
    }

    @Test
    void portIsExplicitOrTheSchemeDefaultOrMinusOneWhenMalformed() {
        assertThat(get("/").host("a:8080").build().port()).isEqualTo(8080);
        assertThat(get("/").host("a").build().port()).isEqualTo(80);
        assertThat(get("/").host("a:").build().port()).isEqualTo(80);
        assertThat(get("/").host("a").secure().build().port()).isEqualTo(443);
        assertThat(get("/").host("[::1]").secure().build().port()).isEqualTo(443);
        assertThat(get("/").host("[::1]:81").build().port()).isEqualTo(81);
        assertThat(get("/").host("a:http").build().port()).isEqualTo(-1);
        assertThat(get("/").host("a:65536").build().port()).isEqualTo(-1);
    }

    @Test
    void decodedPathUnescapesPercentButNotPlus() {
        assertThat(get("/a%20b+c/%C3%A9").build().decodedPath()).isEqualTo("/a b+c/é");
        // An escaped slash reaches rules only with escaped_slash = "keep", and then they match it encoded.
        assertThat(get("/a%2Fb%5cc").build().decodedPath()).isEqualTo("/a%2Fb%5cc");
        assertThat(get("/bad%zz").build().decodedPath()).isEqualTo("/bad%zz");
        assertThat(get("/bad%2").build().decodedPath()).isEqualTo("/bad%2");
        assertThat(get("/plain").build().decodedPath()).isEqualTo("/plain");
    }

    @Test
    void queryParamsFollowGoParseQuery() {
        Map<String, String> q = get("/p?a=1&b=2&a=3&flag&k=%41+b&&=empty-key&e=").build().queryParams();
        assertThat(q).containsEntry("a", "1").containsEntry("b", "2").containsEntry("flag", "")
                .containsEntry("k", "A b").containsEntry("", "empty-key").containsEntry("e", "").hasSize(6);
    }

    @Test
    void queryPairsWithSemicolonsOrBadEscapesAreSkipped() {
        Map<String, String> q = get("/p?bad=%zz&ok=1&x;y=2&z=3").build().queryParams();
        assertThat(q).containsOnlyKeys("ok", "z");
    }

    @Test
    void cookiesComeFromEveryCookieFieldFirstValueWinning() {
        RouteRequest r = get("/").header("Cookie", "a=1; b=\"quoted\";c ;  d=x=y")
                .header("cookie", "a=2; e=5").build();
        assertThat(r.cookies()).containsEntry("a", "1").containsEntry("b", "quoted").containsEntry("c", "")
                .containsEntry("d", "x=y").containsEntry("e", "5").hasSize(5);
    }

    @Test
    void malformedCookiesAreSkipped() {
        RouteRequest r = get("/").header("Cookie", "bad name=1; ok=1; v=a\\b; =x; q=\"a\"b\"").build();
        assertThat(r.cookies()).containsOnlyKeys("ok");
    }

    @Test
    void viewsAreParsedOnceAndCannotBeModified() {
        RouteRequest r = get("/x?a=1").header("Cookie", "c=1").build();
        assertThat(r.queryParams()).isSameAs(r.queryParams());
        assertThat(r.cookies()).isSameAs(r.cookies());
        assertThat(r.host()).isSameAs(r.host());
        assertThatThrownBy(() -> r.queryParams().put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> r.cookies().put("b", "2")).isInstanceOf(UnsupportedOperationException.class);
    }
}
