package io.portico.modules.cors;

import io.portico.http.HttpFields;
import io.portico.module.AttributeKey;
import io.portico.module.CallbackPoint;
import io.portico.module.ModuleContext;
import io.portico.module.ModuleSettings;
import io.portico.module.PorticoModule;
import io.portico.module.Request;
import io.portico.module.Response;
import io.portico.module.Verdict;
import io.portico.route.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Module {@code cors}: Cross-Origin Resource Sharing at the proxy. For a request with an
 * {@code Origin} header, the first rule whose condition matches decides. A preflight
 * ({@code OPTIONS} with {@code Access-Control-Request-Method}) is answered by the proxy at
 * HandleFoundProduct: 204 with the CORS headers when the origin, method and headers are allowed,
 * else 403 without them. For other requests the CORS headers are set on the backend's response
 * at HandleReadResponse (those the backend sent are replaced; for a refused origin they are
 * removed), with {@code Vary: Origin}. {@code *} is never sent together with credentials: the
 * origin is echoed instead.
 *
 * <p>Keys of {@code [modules.cors]}:
 * <ul>
 *   <li>{@code rule}: an array of tables, tried in order; the first whose condition matches applies:
 *     <ul>
 *       <li>{@code product}: the rule applies to requests of this product only; default any product</li>
 *       <li>{@code condition}: a condition expression; default {@code "default_t()"} (all requests)</li>
 *       <li>{@code allow_origins}: required; exact origins ({@code "https://app.example.com"}),
 *           {@code "*"} (any), or sub-domain wildcards ({@code "*.example.com"},
 *           {@code "https://*.example.com"}). The opaque origin {@code "null"} only matches itself.</li>
 *       <li>{@code allow_methods}: default {@code ["GET", "HEAD", "POST"]}</li>
 *       <li>{@code allow_headers}: request headers a preflight may ask for; {@code ["*"]} allows
 *           (and echoes) any; default none</li>
 *       <li>{@code expose_headers}: response headers scripts may read; default none</li>
 *       <li>{@code allow_credentials}: default false</li>
 *       <li>{@code max_age}: seconds a browser may cache a preflight (0..86400); default: not sent</li>
 *     </ul>
 *   </li>
 * </ul>
 *
 * <pre>
 * [[modules.cors.rule]]
 * condition = 'req_path_prefix_in("/api/", false)'
 * allow_origins = ["https://app.example.com", "https://*.example.org"]
 * allow_methods = ["GET", "POST", "DELETE"]
 * allow_headers = ["Content-Type", "Authorization"]
 * expose_headers = ["X-Request-Id"]
 * allow_credentials = true
 * max_age = 600
 * </pre>
 */
public final class CorsModule implements PorticoModule {
    private static final Set<String> RULE_KEYS = Set.of("product", "condition", "allow_origins", "allow_methods", "allow_headers",
            "expose_headers", "allow_credentials", "max_age");
    private static final AttributeKey<CorsPolicy> POLICY = AttributeKey.of("cors_policy", CorsPolicy.class);

    @Override
    public String name() {
        return "cors";
    }

    @Override
    public void init(ModuleContext context) {
        ModuleSettings settings = context.settings();
        List<CorsPolicy> policies = new ArrayList<>();
        for (ModuleSettings r : settings.requiredRules("rule")) {
            policies.add(policy(r));
        }
        CorsPolicy[] table = policies.toArray(CorsPolicy[]::new);
        context.register(CallbackPoint.HANDLE_FOUND_PRODUCT, request -> onRequest(table, request));
        context.register(CallbackPoint.HANDLE_READ_RESPONSE, CorsModule::onResponse);
    }

    static Verdict onRequest(CorsPolicy[] policies, Request request) {
        HttpFields fields = request.head().fields();
        String origin = fields.firstOrNull("Origin");
        if (origin == null) {
            return Verdict.CONTINUE;
        }
        CorsPolicy policy = null;
        for (CorsPolicy p : policies) {
            if (request.inProduct(p.product()) && request.matches(p.condition())) {
                policy = p;
                break;
            }
        }
        if (policy == null) {
            return Verdict.CONTINUE;
        }
        String method = fields.firstOrNull("Access-Control-Request-Method");
        if (request.method().equals("OPTIONS") && method != null) {
            HttpFields answer = policy.preflight(origin.strip(), method.strip(),
                    fields.firstOrNull("Access-Control-Request-Headers"));
            Verdict.Respond v = answer == null ? Verdict.respond(403, "CORS preflight refused\n")
                    : Verdict.respond(204, answer, null);
            v.headers().add("Vary", "Origin, Access-Control-Request-Method, Access-Control-Request-Headers");
            return v;
        }
        request.attributes().set(POLICY, policy);
        return Verdict.CONTINUE;
    }

    static Verdict onResponse(Request request, Response response) {
        // Only requests with an Origin get a policy, so others pay no map lookup.
        String origin = request.head().fields().firstOrNull("Origin");
        if (origin != null) {
            request.attributes().get(POLICY).ifPresent(p -> p.actual(origin.strip(), response.head().fields()));
        }
        return Verdict.CONTINUE;
    }

    private static CorsPolicy policy(ModuleSettings r) {
        r.rejectUnknownKeys(RULE_KEYS);
        Condition condition = r.condition("condition", "default_t()");
        Origins origins = Origins.of(List.of());
        if (!r.has("allow_origins")) {
            r.error("allow_origins", "required: the origins allowed, e.g. [\"https://app.example.com\"] or [\"*\"]");
        } else {
            List<String> list = r.stringList("allow_origins", List.of());
            try {
                origins = Origins.of(list);
                if (list.isEmpty()) {
                    r.error("allow_origins", "expected at least one origin");
                }
            } catch (IllegalArgumentException e) {
                r.error("allow_origins", e.getMessage());
            }
        }
        String[] methods = tokens(r, "allow_methods", List.of("GET", "HEAD", "POST"), false);
        List<String> headerList = r.stringList("allow_headers", List.of());
        boolean anyHeader = headerList.contains("*");
        String[] headers = anyHeader ? new String[0] : tokens(r, "allow_headers", List.of(), true);
        String[] expose = tokens(r, "expose_headers", List.of(), false);
        long maxAge = r.integer("max_age", -1, 0, 86_400);
        return new CorsPolicy(r.string("product", null), condition, origins, methods, headers, anyHeader,
                expose.length == 0 ? null : String.join(", ", expose), r.bool("allow_credentials", false),
                maxAge < 0 ? null : Long.toString(maxAge));
    }

    private static String[] tokens(ModuleSettings r, String key, List<String> defaults, boolean lowerCase) {
        List<String> list = r.stringList(key, defaults);
        String[] out = new String[list.size()];
        for (int i = 0; i < out.length; i++) {
            String t = list.get(i);
            if (!token(t) && !(t.equals("*") && key.equals("expose_headers"))) {
                r.error(key, "\"" + t + "\" is not a token (letters, digits and !#$%&'*+-.^_`|~)");
                return new String[0];
            }
            out[i] = lowerCase ? t.toLowerCase(Locale.ROOT) : t;
        }
        return out;
    }

    private static boolean token(String s) {
        return io.portico.http.Tokens.isToken(s);
    }
}
