package io.portico.config;

/** Key paths as users read them: {@code cluster.web.pool}, {@code hosts."*.example.com"}, {@code listener[0]}. */
final class Keys {
    private Keys() {
    }

    static String join(String path, String key) {
        if (key.isEmpty()) {
            return path;
        }
        String quoted = quote(key);
        return path.isEmpty() ? quoted : path + "." + quoted;
    }

    static String index(String path, int index) {
        return path + "[" + index + "]";
    }

    static String quote(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            boolean bare = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '_' || c == '-';
            if (!bare) {
                return "\"" + key.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            }
        }
        return key;
    }
}
