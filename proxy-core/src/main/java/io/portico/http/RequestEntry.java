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
     * The head to use from now on (its fields are edited in place).
     *
     * @param dropped told how many fields were dropped for an underscore in their name, when any were
     * @throws ProtocolException BAD_TARGET, BAD_PATH, BAD_HOST or BAD_REQUEST: the client gets 400
     */
    public static RequestHead admit(RequestHead head, PathRules paths, UnderscoreNames underscores, IntConsumer dropped) {
        RequestTargets.Checked checked = RequestTargets.check(head.method(), head.target(), paths);
        HttpFields fields = head.fields();
        for (int i = 0; i < fields.size(); i++) {
            if (fields.name(i).equalsIgnoreCase("Host") && !Authorities.valid(fields.value(i), false)) {
                throw new ProtocolException(Kind.BAD_HOST, "malformed Host");
            }
        }
        if (checked.authority() != null) {
            fields.set("Host", checked.authority());
        }
        ProxyHeaders.removeConnectionNamed(fields);
        if (underscores != UnderscoreNames.ALLOW) {
            underscores(fields, underscores, dropped);
        }
        return checked.target() == head.target() ? head : head.withTarget(checked.target());
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
