package io.portico.modules.authbasic;

import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The users of an htpasswd file ({@code user:hash} per line; blank lines and lines starting with
 * {@code #} are skipped, as Apache does). Immutable once read; shared by request threads.
 */
final class Htpasswd {
    private final Map<String, PasswordHash> users;
    /** What an unknown user's password is checked against, so that costs what a listed user's does. */
    private final PasswordHash dummy;

    private Htpasswd(Map<String, PasswordHash> users) {
        this.users = users;
        this.dummy = users.values().stream().max(Comparator.comparingInt(PasswordHash::cost)).orElse(null);
    }

    /** Parses the lines; each bad line goes to {@code problems} with its 1-based number and is skipped. */
    static Htpasswd parse(List<String> lines, BiConsumer<Integer, String> problems) {
        Map<String, PasswordHash> users = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                problems.accept(i + 1, "expected user:hash");
                continue;
            }
            String user = line.substring(0, colon);
            try {
                PasswordHash hash = PasswordHash.parse(line.substring(colon + 1));
                if (users.putIfAbsent(user, hash) != null) {
                    problems.accept(i + 1, "user \"" + user + "\" is listed twice");
                }
            } catch (IllegalArgumentException e) {
                problems.accept(i + 1, "user \"" + user + "\": " + e.getMessage());
            }
        }
        return new Htpasswd(Map.copyOf(users));
    }

    /**
     * Whether {@code user} is listed and {@code password} matches its hash. An unknown user's
     * password is checked against the costliest hash of the file all the same (and refused), so
     * the time an answer takes does not tell which user names exist.
     */
    boolean check(String user, byte[] password) {
        PasswordHash hash = users.get(user);
        if (hash == null) {
            if (dummy != null) {
                dummy.matches(password);
            }
            return false;
        }
        return hash.matches(password);
    }

    int size() {
        return users.size();
    }
}
