package io.portico.server.bfe;

import static io.portico.server.bfe.GoJson.field;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * BFE's mod_auth_basic → {@code [modules.auth_basic]}: each BFE rule asks the requests its
 * condition matches (first match per product) for credentials from its user file, with its realm.
 * Portico's auth_basic has one user file and realm, so the first rule that converts is taken, with
 * the rules of its product that name the same file and realm (see {@link OneTable}). The user file
 * is found as BFE finds it ({@link BfeFiles}) and must read the same in both: BFE skips every line
 * with a {@code #}, takes {@code user:hash[:comment]} and lets a later line of a user win; Portico
 * reads {@code user:hash} with bcrypt, apr1 or {SHA} hashes. BFE passes the Authorization field on
 * to the backend, so {@code forward_authorization = true}.
 */
final class BfeAuthBasic {
    private final Path dir;
    private final Emitter emit;

    BfeAuthBasic(Path dir, Emitter emit) {
        this.dir = dir;
        this.emit = emit;
    }

    private record Settings(Path userFile, String realm) {
    }

    /** The {@code [modules.auth_basic]} lines, or empty when nothing can be converted (warned). */
    Optional<List<String>> section() throws IOException {
        Optional<ModuleData> data = ModuleData.read(dir, emit, "mod_auth_basic", "auth_basic");
        if (data.isEmpty()) {
            return Optional.empty();
        }
        String name = data.get().name();
        Map<String, List<OneTable.Rule>> products = OneTable.table();
        for (Iterator<Map.Entry<String, JsonNode>> it = data.get().config().fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> product = it.next();
            List<OneTable.Rule> rules = new ArrayList<>();
            int i = 0;
            for (JsonNode rule : product.getValue()) {
                String at = "Config." + product.getKey() + "[" + i++ + "]";
                String cond = field(rule, "Cond").asText("");
                if (cond.isEmpty()) {
                    emit.warn(name, at, "no Cond; rule left out");
                    continue;
                }
                rules.add(new OneTable.Rule(at, cond, settings(name, at, rule)));
            }
            products.put(product.getKey(), rules);
        }
        Optional<OneTable.Choice<Settings>> choice = OneTable.choose(name, products, emit, "auth_basic", "user file and realm");
        if (choice.isEmpty()) {
            return Optional.empty();
        }
        Settings s = choice.get().settings();
        return Optional.of(List.of(
                "[modules.auth_basic]",
                "product = " + Toml.str(choice.get().product()),
                "condition = " + Toml.str(choice.get().condition()),
                "user_file = " + Toml.str(s.userFile().toString()),
                "realm = " + Toml.str(s.realm()),
                "forward_authorization = true          # BFE passes the Authorization field on",
                ""));
    }

    private Settings settings(String file, String at, JsonNode rule) throws IOException {
        String userFile = field(rule, "UserFile").asText("");
        if (userFile.isEmpty()) {
            emit.warn(file, at, "no UserFile; rule left out");
            return null;
        }
        Optional<Path> found = BfeFiles.find(dir, userFile, false);
        if (found.isEmpty()) {
            emit.warn(file, at + ".UserFile", BfeFiles.notFound(dir, userFile) + "; rule left out");
            return null;
        }
        String problem = readsTheSame(Files.readAllLines(found.get(), StandardCharsets.UTF_8));
        if (problem != null) {
            emit.warn(file, at + ".UserFile", found.get() + ": " + problem + "; rule left out");
            return null;
        }
        String realm = field(rule, "Realm").asText("");
        if (realm.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            emit.warn(file, at + ".Realm", "has control characters; rule left out");
            return null;
        }
        return new Settings(found.get(), realm.isEmpty() ? "Restricted" : realm);
    }

    /** Null when BFE and Portico read the same users and hashes from these lines, else what differs. */
    static String readsTheSame(List<String> lines) {
        Map<String, String> bfe = new HashMap<>();
        Map<String, String> portico = new HashMap<>();
        for (int n = 1; n <= lines.size(); n++) {
            String raw = lines.get(n - 1);
            String line = raw.replaceAll("^[ \\t]+|[ \\t]+$", "");
            if (!line.isEmpty() && !line.contains("#")) {
                String[] parts = line.split(":", -1);
                if (parts.length != 2 && parts.length != 3) {
                    return "line " + n + " is not user:hash (BFE refuses the file)";
                }
                bfe.put(parts[0].strip(), parts[1].strip());
            }
            String p = raw.strip();
            if (p.isEmpty() || p.startsWith("#")) {
                continue;
            }
            if (line.contains("#")) {
                return "line " + n + " has a # after its start (BFE skips the line, Portico reads it)";
            }
            int colon = p.indexOf(':');
            String user = colon <= 0 ? "" : p.substring(0, colon);
            String hash = colon <= 0 ? "" : p.substring(colon + 1);
            if (user.isEmpty() || portico.put(user, hash) != null) {
                return "line " + n + (user.isEmpty() ? " has no user" : ": user " + user + " is listed twice (BFE takes the last line, "
                        + "Portico refuses the file)");
            }
            if (!hash.startsWith("$2a$") && !hash.startsWith("$2b$") && !hash.startsWith("$2y$") && !hash.startsWith("$apr1$")
                    && !hash.startsWith("{SHA}")) {
                return "line " + n + ": user " + user + "'s hash is not bcrypt, apr1 or {SHA}, the ones Portico reads";
            }
        }
        if (!bfe.equals(portico)) {
            return "a line reads differently (BFE trims spaces around ':' and drops a third field; Portico does not)";
        }
        return portico.isEmpty() ? "lists no users" : null;
    }
}
