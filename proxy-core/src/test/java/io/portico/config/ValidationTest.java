package io.portico.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.route.ConditionException;
import io.portico.route.Conditions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each rule, with the exact error (as {@code line: key: reason}) it produces. MINIMAL is 7 lines. */
class ValidationTest {
    @TempDir
    Path dir;

    private java.util.List<String> errors(String text) {
        return new ConfigFiles(dir).errors(text);
    }

    @Test
    void unknownKeysAreReportedAtEveryLevelWithTheAllowedKeys() {
        assertThat(errors("colour = \"blue\"\n" + ConfigFiles.MINIMAL + """
                [server.timeouts]
                client_heder = "1s"
                [cluster.c.pool]
                max_idle = 3
                [[cluster.c.subcluster.a.instance]]
                address = "127.0.0.1:9002"
                wieght = 2
                [product.p]
                extra = 1
                """)).containsExactly(
                "1: colour: unknown key; allowed keys: include, server, listener, tls, log, admin, hosts, product, cluster, modules",
                "10: server.timeouts.client_heder: unknown key; allowed keys: tls_handshake, client_header, client_body, client_idle, client_write, "
                        + "client_body_min_rate, client_write_min_rate, client_min_rate_grace",
                "12: cluster.c.pool.max_idle: unknown key; allowed keys: max_idle_per_instance, max_per_instance, idle_timeout",
                "15: cluster.c.subcluster.a.instance[1].wieght: unknown key; allowed keys: address, weight",
                "17: product.p.extra: unknown key; allowed keys: route");
    }

    @Test
    void http2LimitsAreBoundedByWhatTheProtocolCanExpress() {
        assertThat(errors(ConfigFiles.MINIMAL + """
                [server.http2]
                max_concurrent_streams = 0
                initial_window = "2GiB"
                connection_window = 1000
                max_header_list_size = 10
                """)).containsExactly(
                "9: server.http2.max_concurrent_streams: 0 is out of range 1..2147483647",
                "10: server.http2.initial_window: must be at most 2147483647 bytes",
                "11: server.http2.connection_window: must be at least 65535 bytes",
                "12: server.http2.max_header_list_size: must be at least 1024 bytes");
    }

    @Test
    void wrongTypesNameWhatWasExpected() {
        assertThat(errors("server = \"fast\"\n" + ConfigFiles.MINIMAL + """
                [cluster.c]
                balance = 1
                connect_timeout = 2
                [cluster.c.pool]
                max_per_instance = "10"
                [cluster.c.retry]
                methods = "GET"
                [admin]
                token = false
                """)).containsExactly(
                "1: server: expected a table, got a string",
                "10: cluster.c.balance: expected a string, got an integer",
                "11: cluster.c.connect_timeout: expected a duration string with a unit like \"10s\", got an integer",
                "13: cluster.c.pool.max_per_instance: expected an integer, got a string",
                "15: cluster.c.retry.methods: expected an array of strings, got a string",
                "17: admin.token: expected a string, got a boolean");
    }

    @Test
    void badDurationsAndSizesAreLocated() {
        assertThat(errors(ConfigFiles.MINIMAL + """
                [server]
                graceful_shutdown_timeout = "10"
                [server.timeouts]
                client_idle = "-1s"
                client_header = "0s"
                [server.limits]
                max_header_bytes = "64k"
                max_body_bytes = -1
                max_uri_bytes = "0"
                """)).containsExactly(
                "9: server.graceful_shutdown_timeout: invalid duration \"10\": missing unit (ms, s, m, h) after 10",
                "11: server.timeouts.client_idle: invalid duration \"-1s\": must not be negative",
                "12: server.timeouts.client_header: must be greater than 0",
                "14: server.limits.max_header_bytes: invalid size \"64k\": unknown unit \"k\"; expected B, KiB, MiB, GiB or TiB",
                "15: server.limits.max_body_bytes: invalid size -1: must not be negative",
                "16: server.limits.max_uri_bytes: must be at least 1 bytes");
    }

    @Test
    void warmUpIsNoneOrFromOneSecondToTwoMinutes() {
        for (String bad : new String[] {"500ms", "2m1s"}) {
            assertThat(errors(ConfigFiles.MINIMAL + "[server]\nwarm_up = \"" + bad + "\"\n"))
                    .containsExactly("9: server.warm_up: must be 0 (none) or from 1s to 2m");
        }
        assertThat(errors(ConfigFiles.MINIMAL + "[server]\nwarm_up = \"soon\"\n")).singleElement()
                .satisfies(e -> assertThat(e).startsWith("9: server.warm_up: invalid duration \"soon\""));
        assertThat(new ConfigFiles(dir).load(ConfigFiles.MINIMAL + "[server]\nwarm_up = \"0s\"\n").server().warmUp()).isZero();
        assertThat(new ConfigFiles(dir).load(ConfigFiles.MINIMAL + "[server]\nwarm_up = \"2m\"\n").server().warmUp())
                .isEqualTo(java.time.Duration.ofMinutes(2));
    }

    @Test
    void badEnumsListTheChoices() {
        assertThat(errors(ConfigFiles.MINIMAL + """
                [cluster.c]
                balance = "rr"
                protocol = "h2"
                sticky = { key = "url", level = "idc" }
                [cluster.c.health_check]
                mode = "always"
                type = "udp"
                [[listener]]
                address = "127.0.0.1:8081"
                protocol = "tcp"
                """)).containsExactly(
                "9: cluster.c.balance: expected one of wrr, wlc; got \"rr\"",
                "10: cluster.c.protocol: expected one of http, https; got \"h2\"",
                "11: cluster.c.sticky.level: expected one of subcluster, instance; got \"idc\"",
                "11: cluster.c.sticky.key: expected source_ip, header:NAME or cookie:NAME; got \"url\"",
                "13: cluster.c.health_check.mode: expected one of passive, active, passive+active; got \"always\"",
                "14: cluster.c.health_check.type: expected one of http, tcp; got \"udp\"",
                "17: listener[1].protocol: expected one of http, https; got \"tcp\"");
    }

    @Test
    void portsOutOfRangeAndUnparsableAddressesAreRejected() {
        assertThat(errors("""
                [[listener]]
                address = "127.0.0.1:65536"
                [[listener]]
                address = "localhost"
                [admin]
                address = "[::1]:-1"
                [[product.p.route]]
                condition = "default_t()"
                cluster = "c"
                [[cluster.c.subcluster.a.instance]]
                address = "127.0.0.1:0"
                [[cluster.c.subcluster.a.instance]]
                address = "::1:80"
                [[cluster.c.subcluster.a.instance]]
                address = "127.0.0.1:9001"
                """)).containsExactly(
                "2: listener[0].address: invalid address \"127.0.0.1:65536\": port 65536 is out of range 0..65535",
                "4: listener[1].address: invalid address \"localhost\": missing port; expected host:port",
                "6: admin.address: invalid address \"[::1]:-1\": port \"-1\" is not a number",
                "11: cluster.c.subcluster.a.instance[0].address: invalid address \"127.0.0.1:0\": port 0 is out of range 1..65535",
                "13: cluster.c.subcluster.a.instance[1].address: invalid address \"::1:80\": an IPv6 address needs brackets, like [::1]:8080");
    }

    @Test
    void atLeastOneListenerIsRequired() {
        assertThat(errors("""
                [[product.p.route]]
                condition = "default_t()"
                cluster = "c"
                [[cluster.c.subcluster.a.instance]]
                address = "127.0.0.1:9001"
                """)).containsExactly("0: listener: at least one [[listener]] is required");
        assertThat(errors("listener = []\n" + ConfigFiles.MINIMAL.substring(ConfigFiles.MINIMAL.indexOf("[[product"))))
                .containsExactly("1: listener: at least one [[listener]] is required");
    }

    @Test
    void listenerNamesAndAddressesMustBeUnique() {
        assertThat(errors(ConfigFiles.MINIMAL + """
                [[listener]]
                name = "127.0.0.1:8080"
                address = "127.0.0.1:8081"
                [[listener]]
                name = "other"
                address = "0.0.0.0:8080"
                [[listener]]
                address = "127.0.0.1:0"
                [[listener]]
                name = "ephemeral"
                address = "127.0.0.1:0"
                """)).containsExactly(
                "9: listener[1].name: duplicate listener name \"127.0.0.1:8080\" (also listener[0])",
                "13: listener[2].address: conflicts with listener[0] (127.0.0.1:8080)");
    }

    @Test
    void adminAddressMustNotCollideWithAListener() {
        assertThat(errors(ConfigFiles.MINIMAL + """
                [admin]
                address = "127.0.0.1:8080"
                """)).containsExactly("9: admin.address: conflicts with listener[0] (127.0.0.1:8080)");
    }

    @Test
    void httpsListenerNeedsACertificateAndHttpListenerRefusesTlsKeys() {
        assertThat(errors(ConfigFiles.MINIMAL + """
                [[listener]]
                address = "127.0.0.1:8081"
                alpn = ["h2"]
                tls_min_version = "1.3"
                [[listener]]
                address = "127.0.0.1:8443"
                protocol = "https"
                alpn = ["h3", "h2", "h2"]
                """)).containsExactly(
                "10: listener[1].alpn: only for protocol = \"https\"",
                "11: listener[1].tls_min_version: only for protocol = \"https\"",
                "14: listener[2].protocol: an https listener needs at least one [[tls.certificate]]",
                "15: listener[2].alpn[0]: expected one of h2, http/1.1; got \"h3\"",
                "15: listener[2].alpn[2]: \"h2\" is listed twice");
    }

    @Test
    void certificatesNeedExistingFilesAndAtMostOneDefault() {
        new ConfigFiles(dir).write("a.pem", "x");
        assertThat(errors(ConfigFiles.MINIMAL + """
                [[tls.certificate]]
                cert = "a.pem"
                key = ""
                server_names = ["ok.example", "bad name"]
                default = true
                [[tls.certificate]]
                cert = "missing.pem"
                default = true
                """)).containsExactly(
                "10: tls.certificate[0].key: must name a file",
                "11: tls.certificate[0].server_names[1]: \"bad name\" is not a host name or *.suffix pattern",
                "13: tls.certificate[1].key: required key is missing",
                "14: tls.certificate[1].cert: no such file: " + dir.toAbsolutePath().normalize().resolve("missing.pem"),
                "15: tls.certificate[1].default: only one certificate may be the default (also tls.certificate[0])");
    }

    @Test
    void hostEntriesMustNameExistingProductsAndBeHostPatterns() {
        assertThat(errors(ConfigFiles.MINIMAL + """
                [hosts]
                "example.com" = "p"
                "api.example.com" = "api"
                "*" = "p"
                "Example.COM" = "p"
                "example.com:8080" = "p"
                "a.*.example.com" = "p"
                """)).containsExactly(
                "10: hosts.\"api.example.com\": product \"api\" is not defined",
                "11: hosts.\"*\": a catch-all is not a host pattern; use server.default_product",
                "12: hosts.\"Example.COM\": duplicate of hosts.\"example.com\" (host names ignore case)",
                "13: hosts.\"example.com:8080\": not a host name, [IPv6] literal or *.suffix pattern (no port)",
                "14: hosts.\"a.*.example.com\": not a host name, [IPv6] literal or *.suffix pattern (no port)");
    }

    @Test
    void defaultProductMustExist() {
        assertThat(errors(ConfigFiles.MINIMAL + """
                [server]
                default_product = "www"
                """)).containsExactly("9: server.default_product: product \"www\" is not defined");
    }

    @Test
    void routesMustNameExistingClustersAndHaveBothKeys() {
        assertThat(errors(ConfigFiles.MINIMAL + """
                [[product.p.route]]
                condition = "default_t()"
                cluster = "nowhere"
                [[product.p.route]]
                cluster = "c"
                [[product.q.route]]
                condition = "default_t()"
                [product.empty]
                """)).containsExactly(
                "10: product.p.route[1].cluster: cluster \"nowhere\" is not defined",
                "11: product.p.route[2].condition: required key is missing",
                "13: product.q.route[0].cluster: required key is missing",
                "15: product.empty: needs at least one [[product.empty.route]]");
    }

    @Test
    void conditionsThatDoNotCompileReportTheColumnAndTheCompilerMessage() {
        String bad = "no_such_primitive()";
        ConditionException expected = compileError(bad);
        ConditionException unclosed = compileError("req_path_in(");
        assertThat(errors(ConfigFiles.MINIMAL + """
                [[product.p.route]]
                condition = "no_such_primitive()"
                cluster = "c"
                [[product.p.route]]
                condition = 'req_path_in('
                cluster = "c"
                """)).containsExactly(
                "9: product.p.route[1].condition: does not compile at column " + (expected.position() + 1)
                        + ": " + expected.getMessage(),
                "12: product.p.route[2].condition: does not compile at column " + (unclosed.position() + 1)
                        + ": " + unclosed.getMessage());
    }

    private static ConditionException compileError(String expression) {
        return org.assertj.core.api.Assertions.catchThrowableOfType(ConditionException.class,
                () -> Conditions.compile(expression));
    }

    @Test
    void modulesEnabledTwiceAreRejectedButUnknownNamesAreLeftToTheModuleLoader() {
        assertThat(errors(ConfigFiles.MINIMAL + """
                [modules]
                enabled = ["access_log", "no_such_module",
                           "access_log"]
                dir = "nowhere"
                stray = 1
                [modules.no_such_module]
                anything = true
                """)).containsExactly(
                "10: modules.enabled[2]: \"access_log\" is enabled twice (also modules.enabled[0])",
                "11: modules.dir: no such directory: " + dir.toAbsolutePath().normalize().resolve("nowhere"),
                "12: modules.stray: expected a table [modules.stray] of module settings, got an integer;"
                        + " allowed keys: enabled, dir; or a module's table");
    }

    @Test
    void everyErrorOfAFileIsReportedInLineOrder() {
        assertThat(errors("""
                [cluster.c]
                balance = "x"
                [[listener]]
                address = "nowhere"
                [server]
                default_product = "p"
                """)).containsExactly(
                "1: cluster.c: has no usable instance: needs a sub-cluster with weight > 0 holding an instance with weight > 0",
                "2: cluster.c.balance: expected one of wrr, wlc; got \"x\"",
                "4: listener[0].address: invalid address \"nowhere\": missing port; expected host:port",
                "6: server.default_product: product \"p\" is not defined");
    }

    @Test
    void aValueOfTheWrongTypeIsReportedOnce() {
        assertThat(errors(ConfigFiles.MINIMAL + """
                [[tls.certificate]]
                cert = 5
                key = ["k"]
                [cluster.c]
                protocol = "https"
                [cluster.c.tls]
                cert = 7
                """)).containsExactly(
                "9: tls.certificate[0].cert: expected a string, got an integer",
                "10: tls.certificate[0].key: expected a string, got an array",
                "14: cluster.c.tls.cert: expected a string, got an integer",
                "14: cluster.c.tls.cert: cert and key must be given together");
    }
}
