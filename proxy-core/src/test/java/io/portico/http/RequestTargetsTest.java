package io.portico.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.portico.http.ProtocolException.Kind;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RequestTargetsTest {
    private static final PathRules DEFAULTS = PathRules.DEFAULTS;

    private static String target(String method, String target, PathRules rules) {
        return RequestTargets.check(method, target, rules).target();
    }

    private static String get(String target) {
        return target("GET", target, DEFAULTS);
    }

    private static Kind refused(String method, String target, PathRules rules) {
        try {
            RequestTargets.Checked c = RequestTargets.check(method, target, rules);
            throw new AssertionError(method + " " + target + " was accepted as " + c);
        } catch (ProtocolException e) {
            assertThat(e.status()).isEqualTo(400);
            return e.kind();
        }
    }

    @Test
    void aPlainPathIsTheSameStringWithoutACopy() {
        String t = "/static/app-1.2_x~y/a.js?v=1&x=/../";
        assertThat(get(t)).isSameAs(t);
        assertThat(get("/")).isEqualTo("/");
        assertThat(RequestTargets.check("GET", t, DEFAULTS).authority()).isNull();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /./admin/x                | /admin/x
            //admin/x                 | /admin/x
            /foo/../admin/x           | /admin/x
            /%61dmin/x                | /admin/x
            /%41dmin/x                | /Admin/x
            /admin//x                 | /admin/x
            ///admin///x///           | /admin/x/
            /admin/.                  | /admin/
            /admin/x/..               | /admin/
            /admin/..                 | /
            /.                        | /
            //                        | /
            /./                       | /
            /a/b/./../c/./d           | /a/c/d
            //./%61dmin/../admin//x   | /admin/x
            /foo/..//admin/x          | /admin/x
            /file%2etxt               | /file.txt
            /...                      | /...
            /a./b                     | /a./b
            /.a/..b/b..               | /.a/..b/b..
            /%7euser/%2D%5F           | /~user/-_
            /a%3bb%3A                 | /a%3Bb%3A
            /caf%c3%a9                | /caf%C3%A9
            /a%7Cb                    | /a%7Cb
            /./a?q=%2F&r=/../x        | /a?q=%2F&r=/../x
            /a/../b?                  | /b?
            """)
    void pathsAreNormalisedOnce(String in, String out) {
        String once = get(in);
        assertThat(once).isEqualTo(out);
        assertThat(get(once)).isSameAs(once); // normalising again changes nothing
    }

    @Test
    void charactersAPathMayNotHoldRawArePercentEncoded() {
        assertThat(get("/a|b\"c<d>e^f`g{h}i[j]")).isEqualTo("/a%7Cb%22c%3Cd%3Ee%5Ef%60g%7Bh%7Di%5Bj%5D");
    }

    @Test
    void rawBytesOutsideAsciiArePercentEncodedAsTheyCame() {
        // The parser makes the target from ISO-8859-1: the UTF-8 bytes of "é" are two chars.
        String raw = new String("/café".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(get(raw)).isEqualTo("/caf%C3%A9");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            /%2e/admin/x          | an encoded dot segment
            /%2E%2E/admin         | an encoded dot segment
            /.%2e/admin           | an encoded dot segment
            /%2e./admin           | an encoded dot segment
            /foo/%2e%2e/admin     | an encoded dot segment
            /admin/%2e            | an encoded dot segment
            /a%2Fb                | an encoded slash or backslash in the path
            /a%2fb                | an encoded slash or backslash in the path
            /a%5Cb                | an encoded slash or backslash in the path
            /%2e%2e%2fadmin       | an encoded slash or backslash in the path
            /a\\b                 | a backslash in the path
            /..\\admin            | a backslash in the path
            /../admin             | a dot segment above the root
            /..                   | a dot segment above the root
            /a/../../admin        | a dot segment above the root
            //../admin            | a dot segment above the root
            /a%zz                 | malformed percent-encoding in the path
            /a%2                  | malformed percent-encoding in the path
            /a%                   | malformed percent-encoding in the path
            /a%%32f               | malformed percent-encoding in the path
            /a%2/b                | malformed percent-encoding in the path
            /a%00b                | an encoded NUL in the path
            /a#b                  | fragment in the request-target
            /a?b#c                | fragment in the request-target
            """)
    void unsafePathsAreRefused(String in, String reason) {
        String target = in.replace("\\\\", "\\");
        assertThatThrownBy(() -> get(target)).isInstanceOf(ProtocolException.class)
                .hasMessage(reason)
                .satisfies(e -> assertThat(((ProtocolException) e).kind()).isEqualTo(Kind.BAD_PATH));
    }

    @Test
    void theTargetMustFitTheMethod() {
        assertThat(target("OPTIONS", "*", DEFAULTS)).isEqualTo("*");
        assertThat(refused("GET", "*", DEFAULTS)).isEqualTo(Kind.BAD_TARGET);
        assertThat(refused("GET", "admin/x", DEFAULTS)).isEqualTo(Kind.BAD_TARGET);
        assertThat(refused("GET", "?x", DEFAULTS)).isEqualTo(Kind.BAD_TARGET);
        assertThat(refused("GET", "example.com:443", DEFAULTS)).isEqualTo(Kind.BAD_TARGET);
        assertThat(refused("CONNECT", "/x", DEFAULTS)).isEqualTo(Kind.BAD_TARGET);
        assertThat(refused("CONNECT", "http://example.com/", DEFAULTS)).isEqualTo(Kind.BAD_TARGET);
        assertThat(refused("CONNECT", "a b:1", DEFAULTS)).isEqualTo(Kind.BAD_TARGET);
        RequestTargets.Checked connect = RequestTargets.check("CONNECT", "example.com:443", DEFAULTS);
        assertThat(connect.authority()).isEqualTo("example.com:443");
    }

    @Test
    void anAbsoluteFormTargetBecomesOriginFormAndNamesTheAuthority() {
        RequestTargets.Checked c = RequestTargets.check("GET", "http://example.com:8080/a/../admin//x?q=1", DEFAULTS);
        assertThat(c.target()).isEqualTo("/admin/x?q=1");
        assertThat(c.authority()).isEqualTo("example.com:8080");
        assertThat(target("GET", "HTTPS://Example.com", DEFAULTS)).isEqualTo("/");
        assertThat(target("GET", "http://example.com?x=1", DEFAULTS)).isEqualTo("/?x=1");
        assertThat(RequestTargets.check("GET", "http://[::1]:80/", DEFAULTS).authority()).isEqualTo("[::1]:80");
        assertThat(refused("GET", "http://user@example.com/", DEFAULTS)).isEqualTo(Kind.BAD_TARGET);
        assertThat(refused("GET", "http://user:pw@example.com/", DEFAULTS)).isEqualTo(Kind.BAD_TARGET);
        assertThat(refused("GET", "ftp://example.com/", DEFAULTS)).isEqualTo(Kind.BAD_TARGET);
        assertThat(refused("GET", "http:///x", DEFAULTS)).isEqualTo(Kind.BAD_HOST);
        assertThat(refused("GET", "http://a:b/x", DEFAULTS)).isEqualTo(Kind.BAD_HOST);
        assertThat(refused("GET", "http://example.com/%2e%2e/x", DEFAULTS)).isEqualTo(Kind.BAD_PATH);
    }

    @Test
    void withoutNormalisingThePathIsForwardedAsSentButStillChecked() {
        PathRules raw = new PathRules(false, true, false);
        assertThat(target("GET", "/./admin/%2e/x|y", raw)).isEqualTo("/./admin/%2e/x|y");
        assertThat(target("GET", "//admin//x", raw)).isEqualTo("/admin/x");
        assertThat(refused("GET", "/a%2Fb", raw)).isEqualTo(Kind.BAD_PATH);
        assertThat(refused("GET", "/a%zz", raw)).isEqualTo(Kind.BAD_PATH);
        assertThat(refused("GET", "/a%00", raw)).isEqualTo(Kind.BAD_PATH);
        assertThat(refused("GET", "/a\\b", raw)).isEqualTo(Kind.BAD_PATH);
    }

    @Test
    void withoutMergingEmptySegmentsStayAndDotDotRemovesOne() {
        PathRules noMerge = new PathRules(true, false, false);
        assertThat(target("GET", "//admin/x", noMerge)).isEqualTo("//admin/x");
        assertThat(target("GET", "/a//../b", noMerge)).isEqualTo("/a/b");
        assertThat(target("GET", "/a/./b", noMerge)).isEqualTo("/a/b");
    }

    @Test
    void keptEscapedSlashesStayEncodedAndCountAsPartOfTheirSegment() {
        PathRules keep = new PathRules(true, true, true);
        assertThat(target("GET", "/a%2fb", keep)).isEqualTo("/a%2Fb");
        assertThat(target("GET", "/a\\b", keep)).isEqualTo("/a%5Cb");
        assertThat(target("GET", "/x/..%2F..%2Fadmin", keep)).isEqualTo("/x/..%2F..%2Fadmin");
        assertThat(target("GET", "/x/%2e%2e%5cadmin/../y", keep)).isEqualTo("/x/y");
        assertThat(target("GET", "/a\\b", new PathRules(false, true, true))).isEqualTo("/a\\b");
    }

    @Test
    void deepPathsAreNormalisedWithoutLimit() {
        String deep = "/a".repeat(1000) + "/.." .repeat(999) + "/x";
        assertThat(get(deep)).isEqualTo("/a/x");
    }
}
