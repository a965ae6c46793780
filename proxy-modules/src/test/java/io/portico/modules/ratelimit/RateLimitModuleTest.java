package io.portico.modules.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import io.portico.module.CallbackPoint;
import io.portico.module.RequestHandler;
import io.portico.module.Verdict;
import io.portico.testing.FakeRequest;
import io.portico.testing.ModuleHarness;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The module with a hand-driven clock: thresholds, Retry-After, stay expiry, rule scoping. */
class RateLimitModuleTest {
    private static final long S = 1_000_000_000L;
    private final AtomicLong now = new AtomicLong(1_000 * S);

    private RequestHandler handler(String toml) {
        ModuleHarness.Loaded loaded = ModuleHarness.load(new RateLimitModule(now::get), toml);
        assertThat(loaded.errors()).isEmpty();
        return loaded.handler(CallbackPoint.HANDLE_FOUND_PRODUCT);
    }

    private static final String BY_IP = """
            [[rule]]
            condition = "default_t()"
            key = "ip"
            threshold = 2
            period = "1s"
            stay = "30s"
            """;

    @Test
    void theRequestOverTheThresholdGets429WithTheStayLeftAsRetryAfter() {
        RequestHandler h = handler(BY_IP);
        FakeRequest r = FakeRequest.fromClient("/", "192.0.2.1", "www");
        assertThat(h.handle(r)).isEqualTo(Verdict.CONTINUE);
        assertThat(h.handle(r)).isEqualTo(Verdict.CONTINUE);
        Verdict v = h.handle(r);
        assertThat(v).isInstanceOfSatisfying(Verdict.Respond.class, resp -> {
            assertThat(resp.status()).isEqualTo(429);
            assertThat(resp.headers().firstOrNull("Retry-After")).isEqualTo("30");
        });
        now.addAndGet(S * 12 + 1);
        assertThat(h.handle(r)).isInstanceOfSatisfying(Verdict.Respond.class,
                resp -> assertThat(resp.headers().firstOrNull("Retry-After")).isEqualTo("18"));
        assertThat(h.handle(FakeRequest.fromClient("/", "192.0.2.2", "www"))).as("another client").isEqualTo(Verdict.CONTINUE);
    }

    @Test
    void aKeyIsServedAgainOnceItsStayExpires() {
        RequestHandler h = handler(BY_IP);
        FakeRequest r = FakeRequest.fromClient("/", "192.0.2.1", "www");
        h.handle(r);
        h.handle(r);
        assertThat(h.handle(r)).isInstanceOf(Verdict.Respond.class);
        now.addAndGet(30 * S - 1);
        assertThat(h.handle(r)).isInstanceOf(Verdict.Respond.class);
        now.addAndGet(1);
        assertThat(h.handle(r)).isEqualTo(Verdict.CONTINUE);
    }

    @Test
    void slowClientsUnderTheRateAreNeverRefused() {
        RequestHandler h = handler(BY_IP);
        FakeRequest r = FakeRequest.fromClient("/", "192.0.2.1", "www");
        for (int i = 0; i < 100; i++) {
            assertThat(h.handle(r)).isEqualTo(Verdict.CONTINUE);
            now.addAndGet(S / 2 + 1);
        }
    }

    @Test
    void closeActionClosesAndConditionAndProductScopeTheRule() {
        RequestHandler h = handler("""
                [[rule]]
                product = "www"
                condition = 'req_path_prefix_in("/login", false)'
                key = "header:X-User"
                threshold = 1
                period = "1m"
                action = "close"
                """);
        FakeRequest login = FakeRequest.fromClient("/login", "192.0.2.1", "www", "X-User", "ann");
        assertThat(h.handle(login)).isEqualTo(Verdict.CONTINUE);
        assertThat(h.handle(login)).isEqualTo(Verdict.CLOSE);
        assertThat(h.handle(FakeRequest.fromClient("/home", "192.0.2.1", "www", "X-User", "ann"))).isEqualTo(Verdict.CONTINUE);
        assertThat(h.handle(FakeRequest.fromClient("/login", "192.0.2.1", "api", "X-User", "ann"))).isEqualTo(Verdict.CONTINUE);
        assertThat(h.handle(FakeRequest.fromClient("/login", "192.0.2.1", "www", "X-User", "bob"))).isEqualTo(Verdict.CONTINUE);
        FakeRequest anonymous = FakeRequest.fromClient("/login", "192.0.2.1", "www");
        assertThat(h.handle(anonymous)).isEqualTo(Verdict.CONTINUE);
        assertThat(h.handle(anonymous)).as("no key, not counted").isEqualTo(Verdict.CONTINUE);
        now.addAndGet(60 * S);
        assertThat(h.handle(login)).as("stay defaults to the period").isEqualTo(Verdict.CONTINUE);
    }

    @Test
    void rulesCountIndependentlyAndTheFirstRefusalDecides() {
        RequestHandler h = handler(BY_IP + """
                [[rule]]
                condition = "default_t()"
                key = "path"
                threshold = 3
                period = "1s"
                action = "close"
                """);
        assertThat(h.handle(FakeRequest.fromClient("/p", "192.0.2.1", "www"))).isEqualTo(Verdict.CONTINUE);
        assertThat(h.handle(FakeRequest.fromClient("/p", "192.0.2.2", "www"))).isEqualTo(Verdict.CONTINUE);
        assertThat(h.handle(FakeRequest.fromClient("/p", "192.0.2.3", "www"))).isEqualTo(Verdict.CONTINUE);
        assertThat(h.handle(FakeRequest.fromClient("/p", "192.0.2.4", "www"))).isEqualTo(Verdict.CLOSE);
        assertThat(h.handle(FakeRequest.fromClient("/q", "192.0.2.1", "www"))).isEqualTo(Verdict.CONTINUE);
        assertThat(h.handle(FakeRequest.fromClient("/q", "192.0.2.1", "www"))).isInstanceOf(Verdict.Respond.class);
    }

    @Test
    void everyBadSettingIsReported() {
        List<String> errors = ModuleHarness.load(new RateLimitModule(now::get), """
                [[rule]]
                key = "host"
                threshold = 0
                period = "0s"
                stay = "forever"
                action = "drop"
                max_keys = 0
                colour = 1
                """).errors();
        assertThat(String.join("\n", errors))
                .contains("portico.toml:1: modules.rate_limit.rule[0].condition: required")
                .contains("modules.rate_limit.rule[0].key: expected \"ip\", \"path\", \"header:NAME\" or \"cookie:NAME\", got \"host\"")
                .contains("modules.rate_limit.rule[0].threshold: expected an integer in 1..")
                .contains("modules.rate_limit.rule[0].period: expected a duration from 1ms")
                .contains("modules.rate_limit.rule[0].stay:")
                .contains("modules.rate_limit.rule[0].action: expected \"429\" or \"close\", got \"drop\"")
                .contains("modules.rate_limit.rule[0].max_keys: expected an integer in 1..10000000")
                .contains("modules.rate_limit.rule[0].colour: unknown key");
    }

    @Test
    void noRulesIsAnError() {
        assertThat(ModuleHarness.load(new RateLimitModule(), "").errors()).singleElement().asString().contains("modules.rate_limit.rule: required");
    }
}
