package io.portico.server.bfe;

import static io.portico.server.bfe.GoJson.field;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * BFE's mod_prison → {@code [[modules.rate_limit.rule]]}: mod_prison.conf names the rule file
 * ({@code Basic.ProductRulePath}, by default {@code mod_prison/prison.data}); its rules per product,
 * the global ones first (BFE checks them first, for every product), each count the requests that
 * match {@code Cond} per signature: more than {@code Threshold} within {@code CheckPeriod} seconds
 * puts the signature in prison for {@code StayPeriod} seconds. Portico's rate_limit counts the same
 * way per key, and keys on one thing, so a rule converts when its AccessSignConf signs by exactly
 * one of: the client address (UseClientIP → {@code "ip"}), the path (UsePath → {@code "path"}),
 * one header ({@code "header:NAME"}) or one cookie ({@code "cookie:NAME"}); and when its Action is
 * CLOSE (→ {@code action = "close"}). {@code AccessDictSize + PrisonDictSize} bounds the keys kept.
 */
final class BfePrison {
    private static final long MAX_KEYS = 10_000_000;
    private static final long MAX_SECONDS = 365L * 86_400;

    private final Path dir;
    private final Emitter emit;

    BfePrison(Path dir, Emitter emit) {
        this.dir = dir;
        this.emit = emit;
    }

    /** The {@code [[modules.rate_limit.rule]]} lines, or empty when nothing can be converted (warned). */
    Optional<List<String>> section() throws IOException {
        Optional<ModuleData> data = ModuleData.read(dir, emit, "mod_prison", "rate_limit", "ProductRulePath", "mod_prison/prison.data");
        if (data.isEmpty()) {
            return Optional.empty();
        }
        String name = data.get().name();
        JsonNode config = data.get().config();
        List<String> out = new ArrayList<>();
        rules(name, "global", null, field(config, "global"), out);
        for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> product = it.next();
            if (!product.getKey().equals("global")) {
                rules(name, product.getKey(), product.getKey(), product.getValue(), out);
            }
        }
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    private void rules(String file, String key, String product, JsonNode list, List<String> out) {
        int i = 0;
        for (JsonNode rule : list) {
            rule(file, "Config." + key + "[" + i++ + "]", product, rule, out);
        }
    }

    private void rule(String file, String at, String product, JsonNode rule, List<String> out) {
        String cond = field(rule, "Cond").asText("");
        if (cond.isEmpty()) {
            emit.warn(file, at, "no Cond; rule left out");
            return;
        }
        String cmd = field(field(rule, "Action"), "Cmd").asText("").toUpperCase(Locale.ROOT);
        if (!cmd.equals("CLOSE")) {
            emit.warn(file, at + ".Action", switch (cmd) {
                case "PASS" -> "PASS only counts the request for BFE's monitor and lets it through; rule left out (no effect on traffic)";
                case "FINISH" -> "FINISH (answer, then close the connection) has no equivalent: rate_limit answers 429 or closes "
                        + "without an answer; rule left out";
                case "REQ_HEADER_SET" -> "REQ_HEADER_SET (mark the request and let it through) has no equivalent in rate_limit; "
                        + "rule left out";
                default -> "action " + (cmd.isEmpty() ? "(none)" : cmd) + " is not one mod_prison takes; rule left out";
            });
            return;
        }
        String key = key(file, at + ".AccessSignConf", field(rule, "AccessSignConf"));
        if (key == null) {
            return;
        }
        JsonNode check = field(rule, "CheckPeriod");
        JsonNode stay = field(rule, "StayPeriod");
        JsonNode threshold = field(rule, "Threshold");
        if (!check.canConvertToLong() || check.asLong() < 1 || check.asLong() > MAX_SECONDS) {
            emit.warn(file, at + ".CheckPeriod", "expected 1 to " + MAX_SECONDS + " seconds, got " + check + "; rule left out");
            return;
        }
        if (!threshold.canConvertToInt() || threshold.asInt() < 1) {
            emit.warn(file, at + ".Threshold", threshold.canConvertToInt() && threshold.asInt() == 0
                    ? "0 jails a signature at its first request; rate_limit's threshold is 1 or more; rule left out"
                    : "expected a count of 1 or more, got " + threshold + "; rule left out");
            return;
        }
        if (!stay.canConvertToLong() || stay.asLong() < 1 || stay.asLong() > MAX_SECONDS) {
            emit.warn(file, at + ".StayPeriod", (stay.canConvertToLong() && stay.asLong() == 0
                    ? "0 (jailed until the end of the counting window) has no equivalent: rate_limit's stay is at least 1ms"
                    : "expected 1 to " + MAX_SECONDS + " seconds, got " + stay) + "; rule left out");
            return;
        }
        emit.warn(file, at + ".StayPeriod", "Portico releases a key StayPeriod after the request that went over the threshold; "
                + "BFE StayPeriod after the end of that CheckPeriod window (so up to CheckPeriod later)");
        String ruleName = field(rule, "Name").asText("");
        out.add("[[modules.rate_limit.rule]]" + (ruleName.isEmpty() ? "" : "   # " + ruleName.replace('\n', ' ')));
        if (product != null) {
            out.add("product = " + Toml.str(product));
        }
        out.add("condition = " + Toml.str(cond));
        out.add("key = " + Toml.str(key));
        out.add("threshold = " + threshold.asInt());
        out.add("period = " + Toml.str(check.asLong() + "s"));
        out.add("stay = " + Toml.str(stay.asLong() + "s"));
        out.add("action = \"close\"");
        long keys = Math.max(0, field(rule, "AccessDictSize").asLong(0)) + Math.max(0, field(rule, "PrisonDictSize").asLong(0));
        if (keys > 0) {
            out.add("max_keys = " + Math.min(MAX_KEYS, keys) + "   # AccessDictSize + PrisonDictSize");
        }
        out.add("");
    }

    /** The rate_limit key of a signature that signs by one thing; null when there is none (warned). */
    private String key(String file, String at, JsonNode sign) {
        List<String> by = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        if (field(sign, "UseClientIP").asBoolean(false)) {
            by.add("UseClientIP");
            keys.add("ip");
        }
        if (field(sign, "UsePath").asBoolean(false)) {
            by.add("UsePath");
            keys.add("path");
        }
        for (String flag : List.of("UseUrl", "UseHost", "UseHeaders")) {
            if (field(sign, flag).asBoolean(false)) {
                by.add(flag);
                keys.add(null);
            }
        }
        if (!field(sign, "UrlRegexp").asText("").isEmpty()) {
            by.add("UrlRegexp");
            keys.add(null);
        }
        for (JsonNode q : field(sign, "Query")) {
            by.add("Query " + q.asText());
            keys.add(null);
        }
        for (JsonNode h : field(sign, "Header")) {
            by.add("Header " + h.asText());
            keys.add(h.asText().isEmpty() ? null : "header:" + h.asText());
        }
        for (JsonNode c : field(sign, "Cookie")) {
            by.add("Cookie " + c.asText());
            keys.add(c.asText().isEmpty() ? null : "cookie:" + c.asText());
        }
        if (by.isEmpty()) {
            emit.warn(file, at, "signs by nothing but the rule (BFE's signer does not read UseSocketIP or UseConnectID): one "
                    + "counter for every request; rate_limit has no such key; rule left out");
            return null;
        }
        if (by.size() > 1) {
            emit.warn(file, at, "signs by a combination (" + String.join(", ", by) + "); rate_limit keys on one thing; rule left out");
            return null;
        }
        String key = keys.getFirst();
        if (key == null) {
            emit.warn(file, at, "signs by " + by.getFirst() + "; rate_limit keys on the client address, the path, one header or "
                    + "one cookie; rule left out");
            return null;
        }
        if (key.startsWith("header:")) {
            emit.warn(file, at, by.getFirst() + ": a request with the header twice is counted under all its values joined "
                    + "(BFE: the first), and one with an empty value is counted (BFE: not)");
        } else if (key.startsWith("cookie:")) {
            emit.warn(file, at, by.getFirst() + ": Portico counts the cookie's value percent-decoded (BFE: as sent)");
        }
        return key;
    }
}
