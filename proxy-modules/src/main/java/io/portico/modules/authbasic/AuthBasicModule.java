package io.portico.modules.authbasic;

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
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * {@code auth_basic}: HTTP Basic authentication (RFC 7617) against an htpasswd file, at
 * HandleFoundProduct. A request that matches the condition (and product) needs valid
 * credentials; otherwise it gets 401 with {@code WWW-Authenticate: Basic realm="...", charset="UTF-8"}.
 * The {@code Authorization} field is removed before the request goes to the backend unless
 * {@code forward_authorization} is true.
 *
 * <p>The user file holds the hashes htpasswd writes: bcrypt ({@code $2y$}, {@code $2a$},
 * {@code $2b$}; {@code htpasswd -B}), Apache MD5 ({@code $apr1$}; {@code -m}, the default) and SHA-1
 * ({@code {SHA}}; {@code -s}). Other formats (crypt DES, plain) are refused at load. Passwords
 * are compared as the UTF-8 bytes the client sent. The file is read once per configuration load.
 * An unknown user costs as much time as a listed user with a wrong password (the password is
 * checked against the file's costliest hash), so user names cannot be probed by timing; valid
 * credentials that passed their check are remembered in a small bounded table of keyed digests
 * ({@link VerifiedCredentials}), so a client does not pay bcrypt on every request.
 *
 * <table>
 * <caption>Keys of {@code [modules.auth_basic]}</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code user_file}</td><td>required</td><td>the htpasswd file; a relative path is read from the
 *     directory of the configuration file</td></tr>
 * <tr><td>{@code realm}</td><td>{@code "Restricted"}</td><td>the realm the browser shows</td></tr>
 * <tr><td>{@code condition}</td><td>{@code "default_t()"}</td><td>which requests need credentials</td></tr>
 * <tr><td>{@code product}</td><td>every product</td><td>only requests of this product need them</td></tr>
 * <tr><td>{@code forward_authorization}</td><td>{@code false}</td><td>pass the Authorization field to the backend</td></tr>
 * </table>
 *
 * <pre>{@code
 * [modules.auth_basic]
 * user_file = "/etc/portico/htpasswd"
 * realm = "Staff only"
 * condition = 'req_path_prefix_in("/admin/", false)'
 * }</pre>
 *
 * <p>Metric: {@code portico_auth_basic_refused_total}.
 */
public final class AuthBasicModule implements PorticoModule {
    private static final byte[] BODY = "Unauthorized\n".getBytes(StandardCharsets.US_ASCII);

    @Override
    public String name() {
        return "auth_basic";
    }

    @Override
    public void init(ModuleContext context) {
        ModuleSettings s = context.settings();
        s.rejectUnknownKeys(Set.of("user_file", "realm", "condition", "product", "forward_authorization"));
        Condition condition = s.condition("condition", "default_t()");
        String product = s.string("product", null);
        boolean forward = s.bool("forward_authorization", false);
        String realm = s.string("realm", "Restricted");
        for (int i = 0; i < realm.length(); i++) {
            if (realm.charAt(i) < 0x20 || realm.charAt(i) == 0x7f) {
                s.error("realm", "must not contain control characters");
                break;
            }
        }
        String challenge = "Basic realm=\"" + realm.replace("\\", "\\\\").replace("\"", "\\\"") + "\", charset=\"UTF-8\"";
        Htpasswd users = users(s);
        VerifiedCredentials verified = new VerifiedCredentials();
        Counter refused = context.metrics().counter("portico_auth_basic_refused_total", "Requests refused by auth_basic");
        context.register(CallbackPoint.HANDLE_FOUND_PRODUCT, (Request request) -> {
            if ((product != null && !product.equals(request.product().orElse(null))) || !request.matches(condition)) {
                return Verdict.CONTINUE;
            }
            HttpFields fields = request.head().fields();
            if (!authorized(fields, users, verified)) {
                refused.increment();
                HttpFields answer = new HttpFields(3)
                        .add("WWW-Authenticate", challenge)
                        .add("Content-Type", "text/plain; charset=utf-8");
                return Verdict.respond(401, answer, BODY.clone());
            }
            if (!forward) {
                fields.remove("Authorization");
            }
            return Verdict.CONTINUE;
        });
    }

    private static Htpasswd users(ModuleSettings s) {
        if (!s.has("user_file")) {
            s.error("user_file", "required: an htpasswd file");
        }
        Path path = s.path("user_file").orElse(null);
        if (path == null) {
            return Htpasswd.parse(List.of(), (line, problem) -> { });
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            s.error("user_file", "cannot read " + path + ": " + e);
            return Htpasswd.parse(List.of(), (line, problem) -> { });
        }
        Htpasswd users = Htpasswd.parse(lines, (line, problem) -> s.error("user_file", path + ":" + line + ": " + problem));
        if (users.size() == 0) {
            s.error("user_file", path + " lists no users");
        }
        return users;
    }

    /** Whether the request carries exactly one Basic Authorization with a listed user and matching password. */
    static boolean authorized(HttpFields fields, Htpasswd users, VerifiedCredentials verified) {
        if (fields.count("Authorization") != 1) {
            return false;
        }
        String value = fields.firstOrNull("Authorization").strip();
        if (value.length() < 6 || !value.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        byte[] decoded;
        try {
            decoded = Base64.getDecoder().decode(value.substring(6).strip());
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = -1;
        for (int i = 0; i < decoded.length && colon < 0; i++) {
            if (decoded[i] == ':') {
                colon = i;
            }
        }
        if (colon <= 0) {
            return false;
        }
        String user = new String(decoded, 0, colon, StandardCharsets.UTF_8);
        byte[] password = Arrays.copyOfRange(decoded, colon + 1, decoded.length);
        try {
            return verified.verify(user, password, users::check);
        } finally {
            Arrays.fill(decoded, (byte) 0);
            Arrays.fill(password, (byte) 0);
        }
    }
}
