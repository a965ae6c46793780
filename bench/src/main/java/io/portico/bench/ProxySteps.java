package io.portico.bench;

import io.portico.http.HttpFields;
import java.util.ArrayList;
import java.util.List;

/**
 * The proxy's header rules, reimplemented over public core types because the server's own
 * ({@code io.portico.server.proxy.ProxyHeaders}) is package-private in proxy-server, which the
 * bench does not depend on. Same steps, same order: copy the end-to-end fields (dropping the
 * hop-by-hop ones and those the Connection field names), then append X-Forwarded-For and set
 * X-Real-IP, X-Forwarded-Proto and X-Forwarded-Host.
 */
final class ProxySteps {
    private ProxySteps() {
    }

    static HttpFields endToEnd(HttpFields in) {
        List<String> named = connectionTokens(in);
        HttpFields out = new HttpFields(in.size() + 5);
        for (int i = 0; i < in.size(); i++) {
            String name = in.name(i);
            if (!isHopByHop(name) && !containsIgnoreCase(named, name)) {
                out.add(name, in.value(i));
            }
        }
        return out;
    }

    static HttpFields upstreamRequest(HttpFields client, String clientIp, boolean secure, String host) {
        HttpFields out = endToEnd(client);
        String prior = joined(out, "X-Forwarded-For");
        out.set("X-Forwarded-For", prior == null ? clientIp : prior + ", " + clientIp);
        out.set("X-Real-IP", clientIp);
        out.set("X-Forwarded-Proto", secure ? "https" : "http");
        if (host != null) {
            out.set("X-Forwarded-Host", host);
        }
        return out;
    }

    static boolean isHopByHop(String name) {
        return switch (name.length()) {
            case 2 -> name.equalsIgnoreCase("TE");
            case 7 -> name.equalsIgnoreCase("Upgrade") || name.equalsIgnoreCase("Trailer");
            case 8 -> name.equalsIgnoreCase("Trailers");
            case 10 -> name.equalsIgnoreCase("Connection") || name.equalsIgnoreCase("Keep-Alive");
            case 14 -> name.equalsIgnoreCase("Content-Length");
            case 16 -> name.equalsIgnoreCase("Proxy-Connection");
            case 17 -> name.equalsIgnoreCase("Transfer-Encoding");
            case 18 -> name.equalsIgnoreCase("Proxy-Authenticate");
            default -> false;
        };
    }

    private static List<String> connectionTokens(HttpFields fields) {
        int i = fields.indexOf("Connection");
        if (i < 0) {
            return List.of();
        }
        List<String> tokens = new ArrayList<>(2);
        for (; i < fields.size(); i++) {
            if (fields.name(i).equalsIgnoreCase("Connection")) {
                for (String t : fields.value(i).split(",")) {
                    String tok = t.strip();
                    if (!tok.isEmpty()) {
                        tokens.add(tok);
                    }
                }
            }
        }
        return tokens;
    }

    private static boolean containsIgnoreCase(List<String> list, String name) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i).equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    private static String joined(HttpFields f, String name) {
        if (f.count(name) <= 1) {
            return f.firstOrNull(name);
        }
        String removed = String.join(", ", f.all(name));
        f.remove(name);
        return removed;
    }
}
