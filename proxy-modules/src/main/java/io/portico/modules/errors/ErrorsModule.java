package io.portico.modules.errors;

import io.portico.module.CallbackPoint;
import io.portico.module.ModuleContext;
import io.portico.module.ModuleSettings;
import io.portico.module.PorticoModule;
import io.portico.module.ResponseHandler;
import io.portico.module.Verdict;
import io.portico.route.Condition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code errors}: replaces error responses (4xx, 5xx) with a page of your own, or redirects them.
 *
 * <p>Runs at HandleReadResponse, so it sees both a backend's error responses and the proxy's own
 * answers (404 no product or route, 502 backend unreachable or broken, 503 no instance or the
 * BLACKHOLE, 504 backend timeout, 500 a module failed). Rules are tried in order; the first whose
 * {@code status} and {@code condition} match answers instead — with its body under the original
 * status (keeping {@code Retry-After}, {@code Allow}, {@code WWW-Authenticate} and
 * {@code Proxy-Authenticate} from the original), or with a redirect. The original body is
 * discarded. A HEAD request gets the head alone. Handlers of modules enabled after
 * {@code errors} do not see a response it replaced: list it after modules that must.
 *
 * <p>Keys: an array of tables {@code [[modules.errors.rule]]} (at least one), each with
 * <ul>
 * <li>{@code status} (required): the statuses the rule takes, 400..599 only: an array of
 *     integers like {@code [502, 503, 504]}, or a string: {@code "502"}, a class {@code "5xx"}, or
 *     several separated by {@code |} or {@code ,} like {@code "502|503"} or {@code "404, 5xx"}.</li>
 * <li>{@code condition} (condition expression, default: every request): e.g.
 *     {@code 'req_host_in("www.example.com")'}.</li>
 * <li>{@code product} (string, default: every product): the rule takes responses to requests of this product only.</li>
 * <li>exactly one of {@code body} (string: the page itself), {@code file} (string: a file read
 *     once when the configuration loads, at most 1 MiB; a relative path is resolved against the
 *     directory of the configuration file) or {@code redirect} (string: the {@code Location}, one line).</li>
 * <li>{@code content_type} (string, default {@code "text/html; charset=utf-8"}): with {@code body} or {@code file}.</li>
 * <li>{@code body_status} (integer: 2xx, 4xx or 5xx; default: the original status): with {@code body} or
 *     {@code file}, answer with this status instead (as BFE's mod_errors RETURN does, e.g. a 404 page sent as 200).</li>
 * <li>{@code redirect_status} (integer, default 302): with {@code redirect}; 301, 302, 303, 307 or 308.</li>
 * </ul>
 *
 * <pre>
 * [modules]
 * enabled = ["errors"]
 *
 * [[modules.errors.rule]]
 * status = [502, 503, 504]
 * file = "pages/50x.html"            # next to this config file
 *
 * [[modules.errors.rule]]
 * status = "404"
 * condition = 'req_host_in("shop.example.com")'
 * redirect = "https://shop.example.com/"
 * </pre>
 */
public final class ErrorsModule implements PorticoModule {
    static final long MAX_FILE_BYTES = 1 << 20;
    private static final Set<String> MODULE_KEYS = Set.of("rule");
    private static final Set<String> RULE_KEYS = Set.of("status", "condition", "product", "body", "file",
            "content_type", "body_status", "redirect", "redirect_status");

    @Override
    public String name() {
        return "errors";
    }

    @Override
    public void init(ModuleContext context) {
        ModuleSettings s = context.settings();
        s.rejectUnknownKeys(MODULE_KEYS);
        List<ModuleSettings> tables = s.tableArray("rule");
        if (tables.isEmpty()) {
            s.error("rule", "expected at least one [[modules.errors.rule]]");
            return;
        }
        List<ErrorRule> rules = new ArrayList<>(tables.size());
        for (ModuleSettings t : tables) {
            ErrorRule r = rule(t);
            if (r != null) {
                rules.add(r);
            }
        }
        if (!s.errors().isEmpty()) {
            return;
        }
        context.register(CallbackPoint.HANDLE_READ_RESPONSE, handler(List.copyOf(rules)));
    }

    static ResponseHandler handler(List<ErrorRule> rules) {
        ErrorRule[] all = rules.toArray(new ErrorRule[0]);
        return (request, response) -> {
            int status = response.status();
            if (status < StatusSet.MIN || status > StatusSet.MAX) {
                return Verdict.CONTINUE;
            }
            for (ErrorRule rule : all) {
                if (rule.takes(request, status)) {
                    return rule.answer(response);
                }
            }
            return Verdict.CONTINUE;
        };
    }

    private static ErrorRule rule(ModuleSettings t) {
        t.rejectUnknownKeys(RULE_KEYS);
        StatusSet statuses = null;
        if (!t.has("status")) {
            t.error("status", "required: the statuses this rule takes, like [502, 503] or \"5xx\"");
        } else {
            try {
                if (t.isArray("status")) {
                    List<Long> list = t.integerList("status", null);
                    statuses = list == null ? null : StatusSet.of(list);
                } else if (t.string("status", null) instanceof String text) {
                    statuses = StatusSet.parse(text);
                }
            } catch (IllegalArgumentException e) {
                t.error("status", e.getMessage());
            }
        }
        Condition condition = t.has("condition") ? t.condition("condition", "default_t()") : null;
        ErrorRule.Action action = action(t);
        String product = t.string("product", null);
        return statuses == null || action == null ? null : new ErrorRule(statuses, product, condition, action);
    }

    private static ErrorRule.Action action(ModuleSettings t) {
        int given = (t.has("body") ? 1 : 0) + (t.has("file") ? 1 : 0) + (t.has("redirect") ? 1 : 0);
        if (given != 1) {
            t.error(given == 0 ? "body" : "redirect", "a rule needs exactly one of body, file or redirect");
            return null;
        }
        if (t.has("redirect")) {
            if (t.has("content_type") || t.has("body_status")) {
                t.error(t.has("content_type") ? "content_type" : "body_status", "only with body or file");
            }
            String location = t.string("redirect", "");
            long status = t.integer("redirect_status", 302);
            if (location.isEmpty() || !oneLine(location)) {
                t.error("redirect", "expected a location on one line");
                return null;
            }
            if (status != 301 && status != 302 && status != 303 && status != 307 && status != 308) {
                t.error("redirect_status", "expected 301, 302, 303, 307 or 308, got " + status);
                return null;
            }
            return new ErrorRule.Redirect((int) status, location);
        }
        if (t.has("redirect_status")) {
            t.error("redirect_status", "only with redirect");
        }
        String type = t.string("content_type", "text/html; charset=utf-8");
        if (type.indexOf('/') <= 0 || !oneLine(type)) {
            t.error("content_type", "expected a media type like \"text/html; charset=utf-8\", got \"" + type + "\"");
            return null;
        }
        int bodyStatus = (int) t.integer("body_status", 0, 200, 599);
        if (bodyStatus / 100 == 3) {
            t.error("body_status", "expected a 2xx, 4xx or 5xx status (a redirect is written with redirect), got " + bodyStatus);
            return null;
        }
        byte[] bytes = t.has("body") ? t.string("body", "").getBytes(StandardCharsets.UTF_8) : file(t);
        return bytes == null ? null : new ErrorRule.Body(type, bytes, bodyStatus);
    }

    private static byte[] file(ModuleSettings t) {
        Path path = t.path("file").orElse(null);
        if (path == null) {
            return null;
        }
        try {
            long size = Files.size(path);
            if (size > MAX_FILE_BYTES) {
                t.error("file", "\"" + path + "\" has " + size + " bytes; an error page may have at most " + MAX_FILE_BYTES);
                return null;
            }
            return Files.readAllBytes(path);
        } catch (IOException e) {
            t.error("file", "cannot read \"" + path + "\": " + e.getClass().getSimpleName() + " " + e.getMessage());
            return null;
        }
    }

    private static boolean oneLine(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
