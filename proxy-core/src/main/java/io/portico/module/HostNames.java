package io.portico.module;

import java.util.Locale;

/** The host part of a Host field value. */
final class HostNames {
    private HostNames() {
    }

    /** {@code Example.com:8080} → {@code example.com}; {@code [::1]:80} → {@code [::1]}; null → empty. */
    static String hostOf(String hostField) {
        if (hostField == null) {
            return "";
        }
        String h = hostField.strip();
        int end = h.length();
        if (h.startsWith("[")) {
            int close = h.indexOf(']');
            end = close < 0 ? end : close + 1;
        } else {
            int colon = h.lastIndexOf(':');
            end = colon < 0 ? end : colon;
        }
        return h.substring(0, end).toLowerCase(Locale.ROOT);
    }
}
