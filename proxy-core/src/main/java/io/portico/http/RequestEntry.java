package io.portico.http;

import io.portico.http.ProtocolException.Kind;
import java.util.function.IntConsumer;

/**
 * What every request passes before any rule, module or backend sees it, whatever protocol
 * brought it: a target that fits its method, normalised to the one path rules decide on and the
 * backend receives ({@link RequestTargets}, {@code [server.paths]}); a well-formed Host (an
 * absolute-form target's authority replaces it, RFC 9112 §3.2.2); the fields its Connection
 * names gone (they were for this hop, {@link ProxyHeaders#removeConnectionNamed}); header names
 * with '_' handled as {@code [server.headers] underscores} says. Stateless.
 */
public final class RequestEntry {
    private RequestEntry() {
    }

    /**
     * The head to use from now on (its fields are edited in place), with its scheme and
     * authority set: the scheme the client sent (HTTP/2) or the connection's; the authority of an
     * absolute-form target, else HTTP/2's {@code :authority}, else Host. Host is then set to that
     * authority, since the backend speaks HTTP/1.1 (RFC 9113 §8.3.1).
     *
     * @param secure  whether the connection is TLS (the scheme when the head carries none)
     * @param dropped told how many fields were dropped for an underscore in their name, when any were
     * @throws ProtocolException BAD_TARGET, BAD_PATH, BAD_HOST or BAD_REQUEST: the client gets 400
     */
    public static RequestHead admit(RequestHead head, boolean secure, PathRules paths, UnderscoreNames underscores,
                                    IntConsumer dropped) {
        RequestTargets.Checked checked = RequestTargets.check(head.method(), head.target(), paths);
        HttpFields fields = head.fields();
        String host = null;
        for (int i = 0; i < fields.size(); i++) {
            if (fields.name(i).equalsIgnoreCase("Host")) {
                if (!Authorities.valid(fields.value(i), false)) {
                    throw new ProtocolException(Kind.BAD_HOST, "malformed Host");
                }
                if (host != null && !host.equals(fields.value(i))) {
                    throw new ProtocolException(Kind.BAD_HOST, "more than one Host");
                }
                host = fields.value(i);
            }
        }
        String authority = head.authority();
        if (checked.authority() != null) {
            authority = checked.authority();
        } else if (!authority.isEmpty()) {
            if (!Authorities.valid(authority, false)) {
                throw new ProtocolException(Kind.BAD_HOST, "malformed :authority");
            }
            if (host != null && !host.equalsIgnoreCase(authority)) {
                throw new ProtocolException(Kind.BAD_HOST, "Host differs from :authority");
            }
        } else {
            authority = host == null ? "" : host;
        }
        if (!authority.isEmpty() && !authority.equals(host)) {
            fields.set("Host", authority);
        }
        ProxyHeaders.removeConnectionNamed(fields);
        if (underscores != UnderscoreNames.ALLOW) {
            underscores(fields, underscores, dropped);
        }
        String scheme = head.scheme().isEmpty() ? (secure ? "https" : "http") : head.scheme();
        if (checked.target() == head.target() && scheme.equals(head.scheme()) && authority.equals(head.authority())) {
            return head;
        }
        return new RequestHead(head.method(), scheme, authority, checked.target(), head.version(), fields);
    }

    private static void underscores(HttpFields fields, UnderscoreNames policy, IntConsumer dropped) {
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.name(i);
            if (name.indexOf('_') >= 0) {
                if (policy == UnderscoreNames.REJECT) {
                    throw new ProtocolException(Kind.BAD_REQUEST, "header name with an underscore: " + name);
                }
                int before = fields.size();
                fields.remove(name);
                dropped.accept(before - fields.size());
                i--;
            }
        }
    }
}
