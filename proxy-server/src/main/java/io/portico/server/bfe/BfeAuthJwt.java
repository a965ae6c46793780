package io.portico.server.bfe;

import static io.portico.server.bfe.GoJson.field;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.portico.modules.authjwt.AuthJwtModule;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * BFE's mod_auth_jwt → {@code [modules.auth_jwt]}. BFE asks the requests a rule's condition matches
 * (first match per product, at HandleFoundProduct) for {@code Authorization: Bearer <token>}, and
 * lets a token through when any JWK of the rule's KeyFile (a JSON array of JWKs, read by go-jose)
 * verifies it under golang-jwt v3: every key is tried whatever the token's {@code kid}, a key
 * verifies every algorithm of its type (HS256/384/512 for oct, RS and PS 256/384/512 for RSA,
 * ES256/384/512 for EC, EdDSA for OKP; never with a private key), and {@code exp}, {@code nbf} and
 * {@code iat} are checked where present, without leeway ({@code exp} not required; no
 * {@code iss} or {@code aud}). The Authorization field goes on to the backend.
 *
 * <p>Portico's auth_jwt has one table: the first rule that converts is taken, with the rules of its
 * product that name the same KeyFile ({@link OneTable}). {@code jwks_file} reads the KeyFile itself;
 * a rule converts only when Portico reads it ({@link AuthJwtModule#jwksAlgorithms}) and uses no key
 * BFE never verifies with, so that every difference left makes Portico refuse tokens BFE takes
 * (stricter), each a warning. What cannot convert is left out with a warning saying that it errs
 * open: the requests it matches reach the backend without a token.
 */
final class BfeAuthJwt {
    private static final String DEFAULT_DATA = "mod_auth_jwt/auth_jwt_rule.data";
    /** Said of every rule left out: which way that errs. */
    static final String ERRS_OPEN = " (errs open: Portico lets the requests it matches through without a token, where BFE "
            + "refuses them without a valid one)";
    /** JSON as Go reads it: a repeated name is not an error, the last one counts. */
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> PORTICO_ORDER = List.of("HS256", "RS256", "ES256");

    private final Path dir;
    private final Emitter emit;

    BfeAuthJwt(Path dir, Emitter emit) {
        this.dir = dir;
        this.emit = emit;
    }

    /**
     * A rule's KeyFile as both read it; equal for rules that name the same file.
     *
     * @param algorithms what Portico verifies with its keys, in {@code algorithms}' order
     * @param stricter   the warnings of what BFE takes from it that Portico refuses, each {@code key: text}
     */
    private record Settings(Path keyFile, List<String> algorithms, List<String[]> stricter) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Settings s && s.keyFile.equals(keyFile);
        }

        @Override
        public int hashCode() {
            return keyFile.hashCode();
        }
    }

    /** The {@code [modules.auth_jwt]} lines, or empty when nothing can be converted (warned). */
    Optional<List<String>> section() throws IOException {
        Optional<ModuleData> data = ModuleData.read(dir, emit, "mod_auth_jwt", "auth_jwt", "DataPath", DEFAULT_DATA);
        if (data.isEmpty()) {
            return Optional.empty();
        }
        String name = data.get().name();
        Map<String, List<OneTable.Rule>> products = OneTable.table();
        Map<String, String> realms = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = data.get().config().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> product = it.next();
            List<OneTable.Rule> rules = new ArrayList<>();
            int i = 0;
            for (JsonNode rule : product.getValue()) {
                String at = "Config." + product.getKey() + "[" + i++ + "]";
                String cond = field(rule, "Cond").asText("");
                if (cond.isEmpty()) {
                    emit.warn(name, at, "no Cond; rule left out (BFE does not start with it)");
                    continue;
                }
                String realm = field(rule, "Realm").asText("");
                realms.put(at, realm.isEmpty() ? "Restricted" : realm);
                rules.add(new OneTable.Rule(at, cond, settings(name, at, rule)));
            }
            products.put(product.getKey(), rules);
        }
        Optional<OneTable.Choice<Settings>> choice = OneTable.choose(name, products, emit, "auth_jwt", "set of keys", ERRS_OPEN);
        if (choice.isEmpty()) {
            return Optional.empty();
        }
        Settings s = choice.get().settings();
        String at = choice.get().at();
        for (String[] w : s.stricter()) {
            emit.warn(name, at + ".KeyFile" + w[0], w[1]);
        }
        emit.warn(name, at, "Portico refuses some tokens BFE takes (stricter): one in the second its exp names; one with an "
                + "exp between -1 and 1 (BFE reads it as no exp) or after the year 9999, a negative nbf or iat, or a fractional "
                + "nbf or iat in the second it names (BFE drops the fraction); a kid that is not a string; a crit header; a "
                + "repeated name or bytes that are not UTF-8 in the header or payload; a payload that is null or has data after "
                + "its object; base64 padding; over 8192 characters. Otherwise exp, nbf and iat are checked as BFE checks them "
                + "(require_exp = false, check_iat = true, no leeway), and iss and aud by neither");
        emit.warn(name, at, "BFE reads the token only from the first Authorization field, written exactly \"Bearer <token>\"; "
                + "Portico also takes the scheme in any case and more than one space before the token, and refuses a request "
                + "with two Authorization fields: the tokens that pass are the same, only the field's spelling differs (both ways)");
        List<String> taken = new ArrayList<>();
        for (OneTable.Rule r : products.get(choice.get().product())) {
            String realm = "realm=\"" + realms.get(r.at()) + "\"";
            if (s.equals(r.settings()) && !taken.contains(realm)) {
                taken.add(realm);
            }
        }
        String challenge = "Bearer " + taken.getFirst() + (taken.size() == 1 ? ""
                : " (or " + String.join(", ", taken.subList(1, taken.size())) + ", by rule)");
        emit.warn(name, at + ".Realm", "BFE answers 401 with WWW-Authenticate: " + challenge + " and no body; Portico's "
                + "auth_jwt has no realm: its 401 says WWW-Authenticate: Bearer (with error=\"invalid_token\" for a bad token) "
                + "and has a short text body; which requests pass is the same");
        return Optional.of(List.of(
                "[modules.auth_jwt]",
                "product = " + Toml.str(choice.get().product()),
                "condition = " + Toml.str(choice.get().condition()),
                "jwks_file = " + Toml.str(s.keyFile().toString()),
                "algorithms = " + Toml.strings(s.algorithms()),
                "require_exp = false                   # BFE takes a token without exp",
                "check_iat = true                      # BFE refuses a token issued in the future",
                "leeway = \"0s\"                         # BFE allows no clock skew",
                "forward_token = true                  # BFE passes the Authorization field on",
                ""));
    }

    /** The rule's KeyFile as both read it, or null (warned) when the rule cannot convert. */
    private Settings settings(String file, String at, JsonNode rule) throws IOException {
        String keyFile = field(rule, "KeyFile").asText("");
        if (keyFile.isEmpty()) {
            emit.warn(file, at, "no KeyFile; rule left out (BFE does not start with it)");
            return null;
        }
        Optional<Path> found = BfeFiles.find(dir, keyFile, false);
        if (found.isEmpty()) {
            emit.warn(file, at + ".KeyFile", BfeFiles.notFound(dir, keyFile) + "; rule left out (BFE does not start with it)");
            return null;
        }
        String where = at + ".KeyFile";
        String what = found.get() + ": ";
        byte[] bytes = Files.readAllBytes(found.get());
        JsonNode keys;
        try {
            keys = JSON.readTree(bytes);
        } catch (IOException e) {
            emit.warn(file, where, what + "not JSON; rule left out (BFE does not start with it)");
            return null;
        }
        String bfeRefuses = bfeRefuses(keys);
        if (bfeRefuses != null) {
            emit.warn(file, where, what + bfeRefuses + "; rule left out (BFE does not start with it)");
            return null;
        }
        List<String> portico;
        try {
            portico = AuthJwtModule.jwksAlgorithms(bytes);
        } catch (IllegalArgumentException e) {
            emit.warn(file, where, what + "Portico's jwks_file refuses it (" + e.getMessage() + "); rule left out" + ERRS_OPEN);
            return null;
        }
        Set<String> bfeAlgorithms = new LinkedHashSet<>();
        Set<String> porticoAlgorithms = new LinkedHashSet<>();
        List<String[]> stricter = new ArrayList<>();
        boolean kids = false;
        for (int i = 0; i < keys.size(); i++) {
            JsonNode k = keys.get(i);
            List<String> bfe = bfeAlgorithms(k);
            String p = portico.get(i);
            String key = "[" + i + "]" + (k.path("kid").isTextual() ? " (kid \"" + k.path("kid").textValue() + "\")" : "");
            if (p != null && !bfe.contains(p)) {
                emit.warn(file, where, what + key + " is a private key (it has \"d\"): BFE never verifies a token with it, "
                        + "Portico would take the tokens it signed; rule left out" + ERRS_OPEN);
                return null;
            }
            if (p == null && !bfe.isEmpty()) {
                stricter.add(new String[] {"[" + i + "]", key + " is a key Portico skips (" + whySkipped(k) + "); BFE tries "
                        + "it: tokens that only it verifies pass BFE and are refused by Portico (stricter)"});
            }
            bfeAlgorithms.addAll(bfe);
            if (p != null) {
                porticoAlgorithms.add(p);
                kids |= k.path("kid").isTextual();
            }
        }
        if (porticoAlgorithms.isEmpty()) {
            emit.warn(file, where, what + "holds no key Portico verifies with" + (bfeAlgorithms.isEmpty()
                    ? " (nor does BFE, which refuses every request the rule matches)" : "") + "; rule left out" + ERRS_OPEN);
            return null;
        }
        List<String> algorithms = PORTICO_ORDER.stream().filter(porticoAlgorithms::contains).toList();
        List<String> more = bfeAlgorithms.stream().filter(a -> !porticoAlgorithms.contains(a)).toList();
        if (!more.isEmpty()) {
            stricter.addFirst(new String[] {"", "with these keys BFE also takes tokens signed with " + String.join(", ", more)
                    + "; Portico takes " + String.join(", ", algorithms) + " only, so it refuses those (stricter)"});
        }
        if (kids) {
            stricter.add(new String[] {"", "BFE tries every key on a token whatever its kid; Portico tries the keys the "
                    + "token's kid names (every key for a token without a kid, the keys without one for a kid that names none), "
                    + "so a token whose kid names a key other than its signer, or names no key while its signer has a kid, "
                    + "passes BFE and is refused by Portico (stricter)"});
        }
        return new Settings(found.get(), algorithms, stricter);
    }

    /** Why BFE would not load this KeyFile (go-jose reads each JWK), or null when it would. */
    private static String bfeRefuses(JsonNode keys) {
        if (keys.isNull()) {
            return null; // Go reads null as no keys
        }
        if (!keys.isArray()) {
            return "BFE reads a KeyFile as a JSON array of JWKs, and this is not one";
        }
        for (int i = 0; i < keys.size(); i++) {
            JsonNode k = keys.get(i);
            if (!k.isObject()) {
                return "[" + i + "] is not a JWK object";
            }
            String kty = k.path("kty").asText("");
            if (!Set.of("oct", "RSA", "EC", "OKP").contains(kty)) {
                return "[" + i + "] has kty \"" + kty + "\", which BFE does not read";
            }
            if (kty.equals("OKP") && !(k.path("crv").asText("").equals("Ed25519") && k.hasNonNull("x"))) {
                return "[" + i + "] is an OKP key but not an Ed25519 one, which BFE does not read";
            }
        }
        return null;
    }

    /**
     * The algorithms BFE verifies tokens of with one JWK: golang-jwt v3 checks only the type of
     * the key go-jose gives it, so every algorithm of that type, and none for a private key.
     */
    private static List<String> bfeAlgorithms(JsonNode k) {
        boolean privateKey = k.hasNonNull("d");
        return switch (k.path("kty").asText("")) {
            case "oct" -> List.of("HS256", "HS384", "HS512");
            case "RSA" -> privateKey ? List.of() : List.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");
            case "EC" -> privateKey ? List.of() : List.of("ES256", "ES384", "ES512");
            case "OKP" -> privateKey ? List.of() : List.of("EdDSA");
            default -> List.of();
        };
    }

    private static String whySkipped(JsonNode k) {
        JsonNode use = k.get("use");
        if (use != null && use.isTextual() && !use.textValue().equals("sig")) {
            return "its use is \"" + use.textValue() + "\"";
        }
        return "kty " + k.path("kty").asText("") + ": Portico has no EdDSA";
    }
}
