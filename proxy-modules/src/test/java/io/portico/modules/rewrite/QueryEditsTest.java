package io.portico.modules.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryEditsTest {

    @Test
    void deleteRemovesEveryPairOfTheKeysAndKeepsTheRestInOrder() {
        String[] keys = {"debug", "t"};
        assertThat(QueryEdits.delete("a=1&debug=1&b=2&debug&t=x", keys)).isEqualTo("a=1&b=2");
        assertThat(QueryEdits.delete("debug=1", keys)).isEmpty();
        assertThat(QueryEdits.delete("debugger=1&td=2", keys)).isEqualTo("debugger=1&td=2");
        assertThat(QueryEdits.delete("a=1&&b=2&", keys)).isEqualTo("a=1&b=2");
        assertThat(QueryEdits.delete("", keys)).isEmpty();
    }

    @Test
    void keysMatchAsABackendDecodesThem() {
        String[] keys = {"debug", "a b", "é"};
        assertThat(QueryEdits.delete("deb%75g=1&x=1&%64ebug&debu%67=2&a+b=3&a%20b=4&%C3%A9=5&%c3%a9", keys)).isEqualTo("x=1");
        assertThat(QueryEdits.delete("debug%=1&deb%zzug=2", keys)).as("malformed escapes match nothing")
                .isEqualTo("debug%=1&deb%zzug=2");
        assertThat(QueryEdits.rename("%71=1&q", new String[] {"q"}, new String[] {"query"})).isEqualTo("query=1&query");
        assertThat(QueryEdits.decode("a%2Bb+c%zz")).isEqualTo("a+b c%zz");
    }

    @Test
    void queryAddReplacesTheClientsPairsOfItsKeyAndQueryAppendKeepsThem() {
        RewriteRule add = new RewriteRule(null, null, null, null, null, null, new String[0], new String[0], new String[0],
                new String[] {"src=edge"}, new String[] {"src"}, new String[0], false);
        assertThat(add.query("a=1&src=evil&sr%63=evil2&b=2")).isEqualTo("a=1&b=2&src=edge");
        assertThat(add.query("")).isEqualTo("src=edge");
        RewriteRule append = new RewriteRule(null, null, null, null, null, null, new String[0], new String[0], new String[0],
                new String[0], new String[0], new String[] {"tag=x"}, false);
        assertThat(append.query("tag=a")).isEqualTo("tag=a&tag=x");
    }

    @Test
    void renameChangesKeysButKeepsValuesAndPlaces() {
        String[] from = {"q", "p"};
        String[] to = {"query", "page"};
        assertThat(QueryEdits.rename("q=a%20b&x=1&p=2&q", from, to)).isEqualTo("query=a%20b&x=1&page=2&query");
        assertThat(QueryEdits.rename("qq=1&pp", from, to)).isEqualTo("qq=1&pp");
    }

    @Test
    void addAppendsPairs() {
        assertThat(QueryEdits.add("", new String[] {"a=1", "b=2"})).isEqualTo("a=1&b=2");
        assertThat(QueryEdits.add("x=0", new String[] {"a=1"})).isEqualTo("x=0&a=1");
    }

    @Test
    void pathActionsApplySetThenTrimThenAdd() {
        RewriteRule trimAdd = new RewriteRule(null, null, null, null, "/api", "/v2", new String[0], new String[0],
                new String[0], new String[0], new String[0], new String[0], false);
        assertThat(trimAdd.path("/api/users")).isEqualTo("/v2/users");
        assertThat(trimAdd.path("/api")).isEqualTo("/v2/");
        assertThat(trimAdd.path("/other")).isEqualTo("/v2/other");
        RewriteRule slashPrefix = new RewriteRule(null, null, null, null, null, "/v2/", new String[0], new String[0],
                new String[0], new String[0], new String[0], new String[0], false);
        assertThat(slashPrefix.path("/users")).isEqualTo("/v2/users");
        RewriteRule set = new RewriteRule(null, null, null, "/index.html", "/index", null, new String[0], new String[0],
                new String[0], new String[0], new String[0], new String[0], false);
        assertThat(set.path("/anything")).isEqualTo("/.html");
    }

    @Test
    void configuredValuesAreCheckedSoNoRuleWritesAMalformedRequest() {
        assertThat(Syntax.path("/ok/path-1")).isTrue();
        assertThat(Syntax.path("no-slash")).isFalse();
        assertThat(Syntax.path("/a b")).isFalse();
        assertThat(Syntax.path("/a?b")).isFalse();
        assertThat(Syntax.host("api.internal:8080")).isTrue();
        assertThat(Syntax.host("a/b")).isFalse();
        assertThat(Syntax.host("")).isFalse();
        assertThat(Syntax.queryPart("k", false)).isTrue();
        assertThat(Syntax.queryPart("k=v", false)).isFalse();
        assertThat(Syntax.queryPart("v=w", true)).isTrue();
        assertThat(Syntax.queryPart("a&b", true)).isFalse();
    }
}
