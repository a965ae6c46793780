package io.portico.server.bfe;

import java.util.List;
import java.util.stream.Collectors;

/** TOML text for generated files: keys bare when they can be, strings with basic-string escapes. */
final class Toml {
    private Toml() {
    }

    static String key(String key) {
        return key.matches("[A-Za-z0-9_-]+") ? key : str(key);
    }

    static String str(String value) {
        StringBuilder s = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> s.append("\\\"");
                case '\\' -> s.append("\\\\");
                case '\n' -> s.append("\\n");
                case '\t' -> s.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        s.append(String.format("\\u%04x", (int) c));
                    } else {
                        s.append(c);
                    }
                }
            }
        }
        return s.append('"').toString();
    }

    static String strings(List<String> values) {
        return values.stream().map(Toml::str).collect(Collectors.joining(", ", "[", "]"));
    }

    /** Milliseconds as a Portico duration: whole seconds as {@code "2s"}, else {@code "1500ms"}. */
    static String millis(long ms) {
        return str(ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms");
    }
}
