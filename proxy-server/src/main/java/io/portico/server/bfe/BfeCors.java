package io.portico.server.bfe;

import static io.portico.server.bfe.GoJson.field;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * BFE's mod_cors → {@code [[modules.cors.rule]]}: per product, in BFE's order, each rule's
 * condition and its Access-Control-* settings. BFE's {@code "%origin"} (echo the request's
 * Origin) is Portico's {@code "*"}, which echoes the origin whenever credentials are allowed; a
 * negative max age (no caching) is {@code max_age = 0}.
 */
final class BfeCors {
    private static final long MAX_AGE_LIMIT = 86_400;
    private final Path dir;
    private final Emitter emit;

    BfeCors(Path dir, Emitter emit) {
        this.dir = dir;
        this.emit = emit;
    }

    /** The {@code [[modules.cors.rule]]} lines, or empty when nothing can be converted (warned). */
    Optional<List<String>> section() throws IOException {
        Optional<ModuleData> data = ModuleData.read(dir, emit, "mod_cors", "cors");
        if (data.isEmpty()) {
            return Optional.empty();
        }
        String name = data.get().name();
        List<String> out = new ArrayList<>();
        data.get().forEachRule((product, at, rule) -> rule(name, product, at, rule, out));
        return out.isEmpty() ? Optional.empty() : Optional.of(out);
    }

    private void rule(String name, String product, String at, JsonNode rule, List<String> out) {
        String cond = field(rule, "Cond").asText("");
        List<String> origins = new ArrayList<>();
        for (String o : strings(field(rule, "AccessControlAllowOrigins"))) {
            String mapped = o.equals("%origin") ? "*" : o;
            if (!origins.contains(mapped)) {
                origins.add(mapped);
            }
        }
        if (cond.isEmpty() || origins.isEmpty()) {
            emit.warn(name, at, (cond.isEmpty() ? "no Cond" : "no AccessControlAllowOrigins") + "; rule left out");
            return;
        }
        out.add("[[modules.cors.rule]]");
        out.add("product = " + Toml.str(product));
        out.add("condition = " + Toml.str(cond));
        out.add("allow_origins = " + Toml.strings(origins));
        List<String> methods = strings(field(rule, "AccessControlAllowMethods"));
        if (!methods.isEmpty()) {
            out.add("allow_methods = " + Toml.strings(methods));
        }
        List<String> headers = strings(field(rule, "AccessControlAllowHeaders"));
        if (!headers.isEmpty()) {
            out.add("allow_headers = " + Toml.strings(headers));
        }
        List<String> expose = strings(field(rule, "AccessControlExposeHeaders"));
        if (!expose.isEmpty()) {
            out.add("expose_headers = " + Toml.strings(expose));
        }
        if (field(rule, "AccessControlAllowCredentials").asBoolean(false)) {
            out.add("allow_credentials = true");
        }
        JsonNode maxAge = field(rule, "AccessControlMaxAge");
        if (maxAge.isNumber()) {
            long seconds = maxAge.asLong();
            if (seconds > MAX_AGE_LIMIT) {
                emit.warn(name, at + ".AccessControlMaxAge", seconds + " s is past what browsers keep; "
                        + MAX_AGE_LIMIT + " s written");
            }
            out.add("max_age = " + Math.max(0, Math.min(MAX_AGE_LIMIT, seconds)));
        }
        out.add("");
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
