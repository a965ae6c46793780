package io.portico.modules.authjwt;

import com.fasterxml.jackson.databind.JsonNode;
import io.portico.http.HttpFields;
import io.portico.module.CallbackPoint;
import io.portico.module.Counter;
import io.portico.module.ModuleContext;
import io.portico.module.ModuleSettings;
import io.portico.module.PorticoModule;
import io.portico.module.Request;
import io.portico.module.Verdict;
import io.portico.route.Condition;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;

/**
 * {@code auth_jwt}: requires a valid JSON Web Token (a bearer token, RFC 6750) on the requests
 * that match its condition, at HandleFoundProduct. Verification uses the JDK only: HS256
 * ({@code Mac}), RS256 ({@code SHA256withRSA}) and ES256 ({@code SHA256withECDSA}); each key
 * verifies the one algorithm of its type, and only algorithms on the allow-list are accepted, so
 * {@code alg: none} and algorithm confusion are refused. See {@link Jwt} for the order of checks.
 *
 * <p>No token: 401 with {@code WWW-Authenticate: Bearer} (RFC 6750 §3.1: no error code when no
 * credentials were sent). A bad token (malformed, over 8 KiB, bad signature, expired, not yet
 * valid, issued in the future with {@code check_iat}, wrong issuer or audience): 401 with
 * {@code WWW-Authenticate: Bearer error="invalid_token"}.
 * Headers named in {@code claims_to_headers} are removed from every request the module sees and
 * set from the token's claims on valid ones, so a client cannot forge them.
 *
 * <table>
 * <caption>Keys of {@code [modules.auth_jwt]}</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code algorithms}</td><td>required</td><td>allowed: any of {@code "HS256"}, {@code "RS256"}, {@code "ES256"}</td></tr>
 * <tr><td>{@code secret}</td><td>none</td><td>HS256 secret, at least 32 bytes</td></tr>
 * <tr><td>{@code key_file}</td><td>none</td><td>PEM {@code PUBLIC KEY}: RSA of 2048 bits or more, or EC P-256</td></tr>
 * <tr><td>{@code jwks_file}</td><td>none</td><td>a JWKS document, {@code {"keys": [...]}}, or a bare JSON array of
 *     JWKs (RSA, EC P-256, oct keys); a token's {@code kid} picks the key</td></tr>
 * <tr><td>{@code issuer}</td><td>not checked</td><td>the required {@code iss}</td></tr>
 * <tr><td>{@code audience}</td><td>not checked</td><td>a string or an array of strings; {@code aud} must be (or contain) one</td></tr>
 * <tr><td>{@code leeway}</td><td>{@code "0s"}</td><td>clock skew allowed on {@code exp} and {@code nbf}</td></tr>
 * <tr><td>{@code require_exp}</td><td>{@code true}</td><td>refuse tokens without {@code exp}</td></tr>
 * <tr><td>{@code check_iat}</td><td>{@code false}</td><td>refuse a token whose {@code iat} is later than now
 *     (plus {@code leeway}): issued in the future</td></tr>
 * <tr><td>{@code token_header}</td><td>{@code "Authorization"}</td><td>header holding {@code Bearer <token>}
 *     (another header may hold the bare token)</td></tr>
 * <tr><td>{@code token_cookie}</td><td>none</td><td>read the token from this cookie instead</td></tr>
 * <tr><td>{@code claims_to_headers}</td><td>{@code {}}</td><td>a table of claim to header name, e.g.
 *     {@code { sub = "X-User", email = "X-Email" }}: the claim's value (strings as they are, numbers
 *     and booleans as JSON) is forwarded in that header; a value with characters a header cannot
 *     carry as they are (non-ASCII, controls, spaces at either end) as an RFC 8187 ext-value,
 *     {@code UTF-8''Zo%C3%AB}</td></tr>
 * <tr><td>{@code forward_token}</td><td>{@code true}</td><td>pass the token to the backend; when false the
 *     {@code token_header} field (or the {@code token_cookie} cookie) is removed from a verified request</td></tr>
 * <tr><td>{@code condition}</td><td>{@code "default_t()"}</td><td>which requests need a token</td></tr>
 * <tr><td>{@code product}</td><td>every product</td><td>only requests of this product need one</td></tr>
 * </table>
 * At least one of {@code secret}, {@code key_file}, {@code jwks_file} is required; a relative
 * {@code key_file} or {@code jwks_file} is read from the directory of the configuration file.
 *
 * <pre>{@code
 * [modules.auth_jwt]
 * algorithms = ["RS256"]
 * jwks_file = "keys/jwks.json"          # next to this config file
 * issuer = "https://login.example.com/"
 * audience = "api"                       # or ["api", "admin"]
 * leeway = "30s"
 * claims_to_headers = { sub = "X-User" }
 * }</pre>
 *
 * <p>Metric: {@code portico_auth_jwt_refused_total}.
 */
public final class AuthJwtModule implements PorticoModule {
    private static final Set<String> KNOWN_ALGORITHMS = Set.of(VerificationKey.HS256, VerificationKey.RS256, VerificationKey.ES256);
    private static final byte[] BODY = "Unauthorized\n".getBytes(StandardCharsets.US_ASCII);

    /** A claim forwarded in a request header. */
    record ClaimHeader(String claim, String header) {
    }

    @Override
    public String name() {
        return "auth_jwt";
    }

    @Override
    public void init(ModuleContext context) {
        ModuleSettings s = context.settings();
        s.rejectUnknownKeys(Set.of("algorithms", "secret", "key_file", "jwks_file", "issuer", "audience", "leeway",
                "require_exp", "check_iat", "token_header", "token_cookie", "claims_to_headers", "condition", "product", "forward_token"));
        Jwt jwt = new Jwt(keys(s), algorithms(s), s.string("issuer", null), new HashSet<>(s.stringOrList("audience", List.of())),
                leeway(s), s.bool("require_exp", true), s.bool("check_iat", false));
        for (String alg : jwt.algorithms()) {
            if (!s.errors().isEmpty() || jwt.keys().stream().anyMatch(k -> k.algorithm().equals(alg))) {
                continue;
            }
            s.error("algorithms", alg + " is allowed but no configured key verifies it");
        }
        Condition condition = s.condition("condition", "default_t()");
        String product = s.string("product", null);
        String tokenHeader = s.string("token_header", "Authorization");
        String tokenCookie = s.string("token_cookie", null);
        boolean forwardToken = s.bool("forward_token", true);
        List<ClaimHeader> claimHeaders = claimHeaders(s);
        Counter refused = context.metrics().counter("portico_auth_jwt_refused_total", "Requests refused by auth_jwt");
        Logger log = context.logger();
        ClaimHeader[] forwarded = claimHeaders.toArray(new ClaimHeader[0]);
        context.register(CallbackPoint.HANDLE_FOUND_PRODUCT, (Request request) -> {
            HttpFields fields = request.head().fields();
            for (ClaimHeader c : forwarded) {
                fields.remove(c.header());
            }
            if ((product != null && !product.equals(request.product().orElse(null))) || !request.matches(condition)) {
                return Verdict.CONTINUE;
            }
            String token = tokenCookie != null ? Tokens.fromCookie(fields, tokenCookie) : Tokens.fromHeader(fields, tokenHeader);
            if (token == null) {
                refused.increment();
                return unauthorized("Bearer");
            }
            Jwt.Outcome outcome = jwt.verify(token, System.currentTimeMillis() / 1000);
            if (outcome instanceof Jwt.Invalid invalid) {
                refused.increment();
                log.debug("refused a token from {}: {}", request.clientAddress(), invalid.reason());
                return unauthorized("Bearer error=\"invalid_token\"");
            }
            if (!forwardToken) {
                if (tokenCookie != null) {
                    Tokens.removeCookie(fields, tokenCookie);
                } else {
                    fields.remove(tokenHeader);
                }
            }
            JsonNode claims = ((Jwt.Valid) outcome).claims();
            for (ClaimHeader c : forwarded) {
                String value = Tokens.headerValue(claims.get(c.claim()));
                if (value != null) {
                    fields.add(c.header(), value);
                }
            }
            return Verdict.CONTINUE;
        });
    }

    /**
     * What {@code jwks_file} takes from {@code json}, read with all of its checks: for each JWK in
     * the file's order, the algorithm it verifies ({@code "HS256"}, {@code "RS256"} or
     * {@code "ES256"}), or null for a key the module skips ({@code use} other than {@code sig}, a
     * {@code kty} other than RSA, EC and oct). For tools that compare another verifier's reading of
     * the same file ({@code portico import-bfe}).
     *
     * @throws IllegalArgumentException when {@code jwks_file} refuses the file; the message says why
     */
    public static List<String> jwksAlgorithms(byte[] json) {
        return KeyLoader.jwksEntries(json, Jwt.JSON).stream().map(k -> k == null ? null : k.algorithm()).toList();
    }

    private static Verdict unauthorized(String challenge) {
        HttpFields answer = new HttpFields(3).add("WWW-Authenticate", challenge).add("Content-Type", "text/plain; charset=utf-8");
        return Verdict.respond(401, answer, BODY.clone());
    }

    private static List<VerificationKey> keys(ModuleSettings s) {
        List<VerificationKey> keys = new ArrayList<>();
        String secret = s.string("secret", null);
        if (secret != null) {
            try {
                keys.add(KeyLoader.secret(secret));
            } catch (IllegalArgumentException e) {
                s.error("secret", e.getMessage());
            }
        }
        Path keyFile = s.path("key_file").orElse(null);
        if (keyFile != null) {
            try {
                keys.add(KeyLoader.pem(Files.readString(keyFile, StandardCharsets.US_ASCII)));
            } catch (IOException | RuntimeException e) {
                s.error("key_file", keyFile + ": " + e.getMessage());
            }
        }
        Path jwksFile = s.path("jwks_file").orElse(null);
        if (jwksFile != null) {
            try {
                keys.addAll(KeyLoader.jwks(Files.readAllBytes(jwksFile), Jwt.JSON));
            } catch (IOException | RuntimeException e) {
                s.error("jwks_file", jwksFile + ": " + e.getMessage());
            }
        }
        if (secret == null && !s.has("key_file") && !s.has("jwks_file")) {
            s.error("secret", "a key is required: set secret, key_file or jwks_file");
        }
        return keys;
    }

    private static Set<String> algorithms(ModuleSettings s) {
        if (!s.has("algorithms")) {
            s.error("algorithms", "required: the allowed algorithms, e.g. [\"RS256\"]");
        }
        Set<String> out = new LinkedHashSet<>();
        for (String alg : s.stringList("algorithms", List.of())) {
            if (KNOWN_ALGORITHMS.contains(alg)) {
                out.add(alg);
            } else {
                s.error("algorithms", "\"" + alg + "\" is not supported: use HS256, RS256 or ES256");
            }
        }
        return out;
    }

    private static long leeway(ModuleSettings s) {
        Duration d = s.duration("leeway", Duration.ZERO);
        if (d.isNegative() || d.toMinutes() > 60) {
            s.error("leeway", "expected 0s to 1h, got " + d);
            return 0;
        }
        return d.toSeconds();
    }

    private static List<ClaimHeader> claimHeaders(ModuleSettings s) {
        List<ClaimHeader> out = new ArrayList<>();
        Map<String, String> given = s.stringMap("claims_to_headers");
        ModuleSettings table = given.isEmpty() ? s : s.table("claims_to_headers").orElse(s);
        for (Map.Entry<String, String> e : given.entrySet()) {
            if (e.getKey().isEmpty()) {
                table.error(e.getKey(), "expected a claim name");
            } else if (!Tokens.isToken(e.getValue())) {
                table.error(e.getKey(), "expected a header name, got \"" + e.getValue() + "\"");
            } else {
                out.add(new ClaimHeader(e.getKey(), e.getValue()));
            }
        }
        return out;
    }
}
