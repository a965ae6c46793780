package io.portico.server.proxy;

import io.portico.config.HeadersConfig.Underscores;
import io.portico.http.Authorities;
import io.portico.http.HttpFields;
import io.portico.http.ProtocolException;
import io.portico.http.ProtocolException.Kind;
import io.portico.http.ProxyHeaders;
import io.portico.http.RequestHead;
import io.portico.http.RequestTargets;
import io.portico.server.ServerMetrics;
import io.portico.server.ServerSettings;

/**
 * What every request passes before any rule, module or backend sees it, whatever protocol
 * brought it: a target that fits its method, normalised to the one path rules decide on and the
 * backend receives ({@code [server.paths]}); a well-formed Host (an absolute-form target's
 * authority replaces it, RFC 9112 §3.2.2); the fields its Connection names gone (they were for
 * this hop); header names with '_' handled as {@code [server.headers] underscores} says.
 * Stateless; runs on the request's thread.
 */
final class RequestEntry {
    private RequestEntry() {
    }

    /**
     * The head to use from now on.
     *
     * @throws ProtocolException BAD_TARGET, BAD_PATH, BAD_HOST or BAD_REQUEST: the client gets 400
     */
    static RequestHead admit(RequestHead head, ServerSettings settings, ServerMetrics metrics) {
        RequestTargets.Checked checked = RequestTargets.check(head.method(), head.target(), settings.pathRules());
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
        if (settings.underscores() != Underscores.ALLOW) {
            underscores(fields, settings.underscores(), metrics);
        }
        return checked.target() == head.target() ? head : head.withTarget(checked.target());
    }

    private static void underscores(HttpFields fields, Underscores policy, ServerMetrics metrics) {
        for (int i = 0; i < fields.size(); i++) {
            String name = fields.name(i);
            if (name.indexOf('_') >= 0) {
                if (policy == Underscores.REJECT) {
                    throw new ProtocolException(Kind.BAD_REQUEST, "header name with an underscore: " + name);
                }
                int before = fields.size();
                fields.remove(name);
                metrics.underscoreHeadersDropped.add(before - fields.size());
                i--;
            }
        }
    }
}
