package io.portico.module;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

class ModuleSettingsTest {

    private static ModuleSettings settings(String toml) {
        TomlParseResult parsed = Toml.parse(toml);
        assertThat(parsed.errors()).isEmpty();
        return ModuleSettings.of("portico.toml", "demo", parsed.getTable(List.of("modules", "demo")));
    }

    @Test
    void goodValuesAreReadWithTheirTypes() {
        ModuleSettings s = settings("""
                [modules.demo]
                name = "edge"
                workers = 4
                verbose = true
                timeout = "250ms"
                idle = "2m"
                max_body = "64KiB"
                max_head = 8192
                methods = ["GET", "HEAD"]
                """);
        assertThat(s.string("name", "x")).isEqualTo("edge");
        assertThat(s.integer("workers", 1)).isEqualTo(4);
        assertThat(s.integer("workers", 1, 1, 8)).isEqualTo(4);
        assertThat(s.bool("verbose", false)).isTrue();
        assertThat(s.duration("timeout", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
        assertThat(s.duration("idle", Duration.ZERO)).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.size("max_body", 0)).isEqualTo(65536);
        assertThat(s.size("max_head", 0)).isEqualTo(8192);
        assertThat(s.stringList("methods", List.of())).containsExactly("GET", "HEAD");
        assertThat(s.has("name")).isTrue();
        assertThat(s.errors()).isEmpty();
    }

    @Test
    void absentKeysAndAnAbsentTableGiveTheDefaults() {
        ModuleSettings none = ModuleSettings.of("portico.toml", "demo", null);
        ModuleSettings empty = settings("[modules.demo]\n");
        for (ModuleSettings s : List.of(none, empty)) {
            assertThat(s.string("name", "x")).isEqualTo("x");
            assertThat(s.integer("workers", 2)).isEqualTo(2);
            assertThat(s.bool("verbose", true)).isTrue();
            assertThat(s.duration("timeout", Duration.ofSeconds(3))).isEqualTo(Duration.ofSeconds(3));
            assertThat(s.size("max_body", 7)).isEqualTo(7);
            assertThat(s.stringList("methods", List.of("GET"))).containsExactly("GET");
            assertThat(s.table("limits")).isEmpty();
            assertThat(s.tableArray("rule")).isEmpty();
            assertThat(s.has("name")).isFalse();
            s.rejectUnknownKeys(Set.of());
            assertThat(s.errors()).isEmpty();
        }
    }

    @Test
    void everyBadValueIsRecordedWithFileLineAndKeyPathAndTheDefaultIsReturned() {
        ModuleSettings s = settings("""
                [modules.demo]
                name = 5
                workers = "four"
                verbose = "yes"
                timeout = "2 seconds"
                idle = 30
                max_body = "64KB"
                methods = ["GET", 3]
                limit = 0
                max_head = -1
                """);
        assertThat(s.string("name", "x")).isEqualTo("x");
        assertThat(s.integer("workers", 1)).isEqualTo(1);
        assertThat(s.bool("verbose", false)).isFalse();
        assertThat(s.duration("timeout", Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.duration("idle", Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.size("max_body", 9)).isEqualTo(9);
        assertThat(s.stringList("methods", List.of())).isEmpty();
        assertThat(s.integer("limit", 10, 1, 100)).isEqualTo(10);
        assertThat(s.size("max_head", 4096)).isEqualTo(4096);

        assertThat(s.errors()).containsExactly(
                "portico.toml:2: modules.demo.name: expected a string, got the integer 5",
                "portico.toml:3: modules.demo.workers: expected an integer, got the string \"four\"",
                "portico.toml:4: modules.demo.verbose: expected true or false, got the string \"yes\"",
                "portico.toml:5: modules.demo.timeout: unknown duration unit \" seconds\" in \"2 seconds\" (use ms, s, m or h)",
                "portico.toml:6: modules.demo.idle: expected a duration string like \"2s\", got the integer 30",
                "portico.toml:7: modules.demo.max_body: unknown size unit \"KB\" in \"64KB\" (use B, KiB, MiB or GiB)",
                "portico.toml:8: modules.demo.methods: element 1: expected a string, got the integer 3",
                "portico.toml:9: modules.demo.limit: expected an integer in 1..100, got 0",
                "portico.toml:10: modules.demo.max_head: expected a size of 0 or more bytes, got -1");
    }

    @Test
    void unknownKeysAreRejectedByNameAndLine() {
        ModuleSettings s = settings("""
                [modules.demo]
                path = "-"
                fromat = "json"
                level = 3
                """);
        s.rejectUnknownKeys(Set.of("path", "format"));
        assertThat(s.errors()).containsExactly(
                "portico.toml:3: modules.demo.fromat: unknown key (known: format, path)",
                "portico.toml:4: modules.demo.level: unknown key (known: format, path)");
    }

    @Test
    void rulesInATableArrayReportTheirIndexAndShareOneErrorList() {
        ModuleSettings s = settings("""
                [modules.demo]
                mode = "strict"

                [modules.demo.limits]
                burst = -1

                [[modules.demo.rule]]
                path = "/a"
                status = 301

                [[modules.demo.rule]]
                path = 5
                stauts = 302
                """);
        ModuleSettings limits = s.table("limits").orElseThrow();
        assertThat(limits.path()).isEqualTo("modules.demo.limits");
        assertThat(limits.integer("burst", 1, 0, 1000)).isEqualTo(1);

        List<ModuleSettings> rules = s.tableArray("rule");
        assertThat(rules).extracting(ModuleSettings::path).containsExactly("modules.demo.rule[0]", "modules.demo.rule[1]");
        assertThat(rules.get(0).string("path", "")).isEqualTo("/a");
        assertThat(rules.get(0).integer("status", 302)).isEqualTo(301);
        assertThat(rules.get(1).string("path", "/")).isEqualTo("/");
        rules.get(1).rejectUnknownKeys(Set.of("path", "status"));

        assertThat(s.errors()).containsExactly(
                "portico.toml:5: modules.demo.limits.burst: expected an integer in 0..1000, got -1",
                "portico.toml:12: modules.demo.rule[1].path: expected a string, got the integer 5",
                "portico.toml:13: modules.demo.rule[1].stauts: unknown key (known: path, status)");
        assertThat(rules.get(1).errors()).isEqualTo(s.errors());
    }

    @Test
    void aValueOfTheWrongShapeForATableOrARuleListIsAnError() {
        ModuleSettings s = settings("""
                [modules.demo]
                limits = 3
                rule = ["a"]
                """);
        assertThat(s.table("limits")).isEmpty();
        assertThat(s.tableArray("rule")).isEmpty();
        assertThat(s.errors()).containsExactly(
                "portico.toml:2: modules.demo.limits: expected a table, got the integer 3",
                "portico.toml:3: modules.demo.rule: element 0: expected a table, got the string \"a\"");
    }

    @Test
    void conditionsCompileOnceAndABadOneIsALocatedError() {
        ModuleSettings s = settings("""
                [modules.demo]
                when = "default_t()"
                unless = "req_nonsense("
                """);
        assertThat(s.condition("when", "default_t()").test(null)).isTrue();
        assertThat(s.condition("absent", "default_t()").test(null)).isTrue();
        assertThat(s.condition("unless", "default_t()").test(null)).isFalse();
        assertThat(s.errors()).singleElement().asString()
                .startsWith("portico.toml:3: modules.demo.unless: bad condition at offset ");
    }

    @Test
    void modulesCanRecordTheirOwnLocatedErrors() {
        ModuleSettings s = settings("""
                [modules.demo]
                secret = ""
                """);
        s.error("secret", "must not be empty");
        s.error("issuer", "required");
        assertThat(s.errors()).containsExactly(
                "portico.toml:2: modules.demo.secret: must not be empty",
                "portico.toml: modules.demo.issuer: required");
    }

    @Test
    void keysThatAreNotBareAreQuotedInTheKeyPath() {
        ModuleSettings s = settings("""
                [modules.demo]
                "x.y" = 1
                """);
        assertThat(s.string("x.y", "")).isEmpty();
        assertThat(s.errors()).containsExactly(
                "portico.toml:2: modules.demo.\"x.y\": expected a string, got the integer 1");
    }

    @Test
    void keysAreListedInTheOrderTheyWereWritten() {
        ModuleSettings s = settings("""
                [modules.demo]
                zeta = 1
                alpha = "a"
                "X-Mid" = true

                [modules.demo.limits]
                burst = 2
                """);
        assertThat(s.keys()).containsExactly("zeta", "alpha", "X-Mid", "limits");
        assertThat(s.table("limits").orElseThrow().keys()).containsExactly("burst");
        assertThat(ModuleSettings.of("portico.toml", "demo", null).keys()).isEmpty();
    }

    @Test
    void aStringMapIsReadFromAnInlineOrANormalTableInFileOrder() {
        ModuleSettings s = settings("""
                [modules.demo]
                set = { "X-B" = "2", "X-A" = "1", plain = "" }

                [modules.demo.rename]
                "X-Old" = "X-New"
                from = "to"
                """);
        assertThat(s.stringMap("set")).containsExactly(Map.entry("X-B", "2"), Map.entry("X-A", "1"), Map.entry("plain", ""));
        assertThat(s.stringMap("rename")).containsExactly(Map.entry("X-Old", "X-New"), Map.entry("from", "to"));
        assertThat(s.stringMap("absent")).isEmpty();
        assertThat(s.errors()).isEmpty();
    }

    @Test
    void aStringMapEntryThatIsNotAStringIsALocatedErrorAndIsLeftOut() {
        ModuleSettings s = settings("""
                [modules.demo]
                set = { "X-A" = "v", "X-B" = 5 }
                list = ["X-A: v"]

                [[modules.demo.rule]]
                add = { ok = "1", nested = { deep = "x" } }
                """);
        assertThat(s.stringMap("set")).containsExactly(Map.entry("X-A", "v"));
        assertThat(s.stringMap("list")).isEmpty();
        assertThat(s.tableArray("rule").get(0).stringMap("add")).containsExactly(Map.entry("ok", "1"));
        assertThat(s.errors()).containsExactly(
                "portico.toml:2: modules.demo.set.X-B: expected a string, got the integer 5",
                "portico.toml:3: modules.demo.list: expected a table of strings like { \"name\" = \"value\" }, got an array",
                "portico.toml:6: modules.demo.rule[0].add.nested: expected a string, got a table");
    }

    @Test
    void anIntegerListIsReadAndAnyOtherElementIsAnError() {
        ModuleSettings s = settings("""
                [modules.demo]
                status = [502, 503, 504]
                empty = []
                mixed = [502, "5xx"]
                single = 502
                """);
        assertThat(s.integerList("status", List.of())).containsExactly(502L, 503L, 504L);
        assertThat(s.integerList("empty", List.of(1L))).isEmpty();
        assertThat(s.integerList("absent", List.of(1L))).containsExactly(1L);
        assertThat(s.integerList("mixed", List.of(7L))).containsExactly(7L);
        assertThat(s.integerList("single", List.of(7L))).containsExactly(7L);
        assertThat(s.errors()).containsExactly(
                "portico.toml:4: modules.demo.mixed: element 1: expected an integer, got the string \"5xx\"",
                "portico.toml:5: modules.demo.single: expected an array of integers, got the integer 502");
    }

    @Test
    void aStringOrAListAcceptsBothAndNothingElse() {
        ModuleSettings s = settings("""
                [modules.demo]
                one = "api"
                many = ["api", "web"]
                number = 3
                bad = ["api", 3]
                """);
        assertThat(s.stringOrList("one", List.of())).containsExactly("api");
        assertThat(s.stringOrList("many", List.of())).containsExactly("api", "web");
        assertThat(s.stringOrList("absent", List.of("x"))).containsExactly("x");
        assertThat(s.stringOrList("number", List.of("x"))).containsExactly("x");
        assertThat(s.stringOrList("bad", List.of("x"))).containsExactly("x");
        assertThat(s.isArray("many")).isTrue();
        assertThat(s.isArray("one")).isFalse();
        assertThat(s.isArray("absent")).isFalse();
        assertThat(s.errors()).containsExactly(
                "portico.toml:4: modules.demo.number: expected a string or an array of strings, got the integer 3",
                "portico.toml:5: modules.demo.bad: element 1: expected a string, got the integer 3");
    }

    @Test
    void relativePathsResolveAgainstTheDirectoryOfTheConfigFile() {
        Path file = Path.of("/etc/portico/conf.d/modules.toml");
        TomlParseResult parsed = Toml.parse("""
                [modules.demo]
                user_file = "htpasswd"
                up = "../keys/jwks.json"
                absolute = "/var/log/portico.log"

                [[modules.demo.rule]]
                file = "pages/50x.html"
                """);
        ModuleSettings s = ModuleSettings.of(file, "demo", parsed.getTable(List.of("modules", "demo")));
        assertThat(s.path("user_file")).contains(Path.of("/etc/portico/conf.d/htpasswd"));
        assertThat(s.path("up")).contains(Path.of("/etc/portico/keys/jwks.json"));
        assertThat(s.path("absolute")).contains(Path.of("/var/log/portico.log"));
        assertThat(s.path("absent")).isEmpty();
        assertThat(s.tableArray("rule").get(0).path("file")).contains(Path.of("/etc/portico/conf.d/pages/50x.html"));
        assertThat(s.resolve("x.txt")).isEqualTo(Path.of("/etc/portico/conf.d/x.txt"));
        assertThat(s.errors()).isEmpty();
    }

    @Test
    void aRelativeConfigFileNameResolvesAgainstTheWorkingDirectory() {
        ModuleSettings s = ModuleSettings.of(Path.of("portico.toml"), "demo", null);
        assertThat(s.resolve("htpasswd")).isEqualTo(Path.of("htpasswd").toAbsolutePath());
        assertThat(ModuleSettings.of("portico.toml", "demo", null).resolve("htpasswd")).isEqualTo(Path.of("htpasswd"));
    }

    @Test
    void aPathThatIsNotAStringOrIsEmptyOrInvalidIsALocatedError() {
        ModuleSettings s = settings("""
                [modules.demo]
                number = 5
                empty = ""
                nul = "a\\u0000b"
                """);
        assertThat(s.path("number")).isEmpty();
        assertThat(s.path("empty")).isEmpty();
        assertThat(s.path("nul")).isEmpty();
        assertThat(s.errors()).containsExactly(
                "portico.toml:2: modules.demo.number: expected a file path string, got the integer 5",
                "portico.toml:3: modules.demo.empty: expected a file path, got \"\"",
                "portico.toml:4: modules.demo.nul: \"a\u0000b\" is not a valid path: Nul character not allowed");
    }
}
