package io.portico.modules.ratelimit;

import io.portico.http.HttpFields;
import io.portico.module.CallbackPoint;
import io.portico.module.Counter;
import io.portico.module.ModuleContext;
import io.portico.module.ModuleSettings;
import io.portico.module.PorticoModule;
import io.portico.module.Request;
import io.portico.module.Verdict;
import io.portico.route.Condition;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * {@code rate_limit}: BFE's "prison". Each rule counts the requests that match its condition per
 * key; a key that sends more than {@code threshold} requests within one {@code period} is refused
 * for {@code stay} (429 with Retry-After, or the connection closed). Rules run at
 * HandleFoundProduct, in order, each counting independently; the first that refuses decides.
 * Memory is bounded: each rule holds at most {@code max_keys} keys; beyond that it forgets the
 * least recently seen key that is not jailed, and a jailed key stays until its stay ends, however
 * many other keys arrive (see {@link RateTable}). Keys are read from the request as every rule and
 * the backend see it: the normalised path, all values of a header joined as one, a cookie's
 * value percent-decoded (as PHP and many frameworks read it).
 *
 * <table>
 * <caption>Keys of each {@code [[modules.rate_limit.rule]]}</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code product}</td><td>any product</td><td>the rule applies to this product only</td></tr>
 * <tr><td>{@code condition}</td><td>required</td><td>which requests the rule counts</td></tr>
 * <tr><td>{@code key}</td><td>required</td><td>{@code "ip"} (the client address, as trust_client_ip
 *     leaves it), {@code "header:NAME"}, {@code "cookie:NAME"} or {@code "path"}; a request without
 *     the header or cookie is not counted</td></tr>
 * <tr><td>{@code threshold}</td><td>required</td><td>requests allowed per period, 1 or more</td></tr>
 * <tr><td>{@code period}</td><td>required</td><td>the counting window, e.g. {@code "1s"}</td></tr>
 * <tr><td>{@code stay}</td><td>the period</td><td>how long an offending key stays refused</td></tr>
 * <tr><td>{@code action}</td><td>{@code "429"}</td><td>{@code "429"} answers 429 with
 *     {@code Retry-After} (the seconds left of the stay); {@code "close"} closes the connection</td></tr>
 * <tr><td>{@code max_keys}</td><td>100000</td><td>keys the rule remembers at most</td></tr>
 * </table>
 *
 * <pre>{@code
 * [[modules.rate_limit.rule]]
 * condition = 'req_path_prefix_in("/login", false)'
 * key = "ip"
 * threshold = 10
 * period = "1m"
 * stay = "10m"
 * }</pre>
 *
 * <p>Metrics: {@code portico_rate_limit_refused_total}, {@code portico_rate_limit_evicted_total},
 * {@code portico_rate_limit_table_full_total}.
 */
public final class RateLimitModule implements PorticoModule {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final byte[] BODY = "Too Many Requests\n".getBytes(StandardCharsets.US_ASCII);

    private final LongSupplier nanoClock;

    /** One rule; {@code product} null means every product. */
    record Rule(String product, Condition condition, RequestKey key, RateTable table, boolean close) {
    }

    public RateLimitModule() {
        this(System::nanoTime);
    }

    /** With a clock of monotonic nanoseconds, for tests. */
    RateLimitModule(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    @Override
    public String name() {
        return "rate_limit";
    }

    @Override
    public void init(ModuleContext context) {
        ModuleSettings settings = context.settings();
        settings.rejectUnknownKeys(Set.of("rule"));
        List<Rule> rules = new ArrayList<>();
        Counter evicted = context.metrics().counter("portico_rate_limit_evicted_total",
                "Counting keys rate_limit forgot to make room for new ones");
        Counter full = context.metrics().counter("portico_rate_limit_table_full_total",
                "Requests rate_limit refused because every key of their part of the table was jailed");
        for (ModuleSettings r : settings.tableArray("rule")) {
            Rule rule = rule(r, evicted, full);
            if (rule != null) {
                rules.add(rule);
            }
        }
        if (rules.isEmpty()) {
            if (settings.errors().isEmpty()) {
                settings.error("rule", "required: at least one [[modules.rate_limit.rule]]");
            }
            return;
        }
        Counter refused = context.metrics().counter("portico_rate_limit_refused_total",
                "Requests refused by rate_limit");
        Rule[] table = rules.toArray(new Rule[0]);
        context.register(CallbackPoint.HANDLE_FOUND_PRODUCT, (Request request) -> {
            for (Rule rule : table) {
                Verdict v = check(rule, request);
                if (v != Verdict.CONTINUE) {
                    refused.increment();
                    return v;
                }
            }
            return Verdict.CONTINUE;
        });
    }

    private Verdict check(Rule rule, Request request) {
        if (!request.inProduct(rule.product()) || !request.matches(rule.condition())) {
            return Verdict.CONTINUE;
        }
        String key = rule.key().of(request.head(), request.clientAddress());
        if (key == null) {
            return Verdict.CONTINUE;
        }
        long left = rule.table().hit(key, nanoClock.getAsLong());
        if (left == 0) {
            return Verdict.CONTINUE;
        }
        if (rule.close()) {
            return Verdict.CLOSE;
        }
        HttpFields fields = new HttpFields(3)
                .add("Content-Type", "text/plain; charset=utf-8")
                .add("Retry-After", Long.toString((left + NANOS_PER_SECOND - 1) / NANOS_PER_SECOND));
        return Verdict.respond(429, fields, BODY.clone());
    }

    /** The rule, or null when its settings are wrong (the errors are recorded). */
    private static Rule rule(ModuleSettings r, Counter evicted, Counter full) {
        int before = r.errors().size();
        r.rejectUnknownKeys(Set.of("product", "condition", "key", "threshold", "period", "stay", "action", "max_keys"));
        for (String required : List.of("condition", "key", "threshold", "period")) {
            if (!r.has(required)) {
                r.error(required, "required");
            }
        }
        Condition condition = r.condition("condition", "default_t()");
        RequestKey key = null;
        try {
            key = RequestKey.parse(r.string("key", "ip"));
        } catch (IllegalArgumentException e) {
            r.error("key", e.getMessage());
        }
        long threshold = r.integer("threshold", 1, 1, Integer.MAX_VALUE);
        Duration period = positive(r, "period", r.duration("period", Duration.ofSeconds(1)));
        Duration stay = positive(r, "stay", r.duration("stay", period));
        String action = r.string("action", "429");
        if (!action.equals("429") && !action.equals("close")) {
            r.error("action", "expected \"429\" or \"close\", got \"" + action + "\"");
        }
        int maxKeys = (int) r.integer("max_keys", 100_000, 1, 10_000_000);
        if (r.errors().size() > before) {
            return null;
        }
        return new Rule(r.string("product", null), condition, key,
                new RateTable(threshold, period.toNanos(), stay.toNanos(), maxKeys, evicted, full), action.equals("close"));
    }

    private static Duration positive(ModuleSettings r, String key, Duration d) {
        if (d.isZero() || d.isNegative() || d.toDays() > 365) {
            r.error(key, "expected a duration from 1ms to 365 days, got " + d);
            return Duration.ofSeconds(1);
        }
        return d;
    }
}
