package io.portico.modules.trustclientip;

import io.portico.module.CallbackPoint;
import io.portico.module.ModuleContext;
import io.portico.module.ModuleSettings;
import io.portico.module.PorticoModule;
import io.portico.module.Request;
import io.portico.module.Verdict;
import io.portico.modules.block.CidrSet;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.Set;

/**
 * {@code trust_client_ip}: believes the client address that trusted proxies (an L4/L7 balancer
 * in front of Portico) report, and only theirs.
 *
 * <p>At HandleBeforeLocation, when the TCP peer ({@code session().remoteAddress()}) lies in the
 * trusted blocks, the request is marked trusted ({@code Request.clientTrusted(true)}, read by the
 * condition {@code req_cip_trusted()}) and the client address becomes the one the headers give:
 * the right-most X-Forwarded-For address that is not itself trusted (walking from the right and
 * skipping our own proxies; the left-most if all are trusted), else X-Real-IP. The port of such
 * an address is 0. From any other peer the headers are ignored: the client stays the peer (and
 * the X-Forwarded-For the backend gets ends with it). See {@link ForwardedFor} for the details.
 *
 * <p>The same mark decides what the backend gets of the other forwarding headers: from a trusted
 * peer, {@code Forwarded} (RFC 7239) is kept with this hop appended ({@code for=peer;host="...";proto=...})
 * and {@code X-Forwarded-Port} is kept; from any other peer both are removed.
 *
 * <table>
 * <caption>Keys of {@code [modules.trust_client_ip]}</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code trusted}</td><td>{@code []}</td><td>CIDR blocks of the trusted proxies, IPv4 and IPv6</td></tr>
 * <tr><td>{@code trusted_file}</td><td>none</td><td>a file with one CIDR block per line, {@code #} comments;
 *     a relative path is read from the directory of the configuration file</td></tr>
 * </table>
 *
 * <pre>{@code
 * [modules.trust_client_ip]
 * trusted = ["10.0.0.0/8", "fd00::/8"]
 * }</pre>
 */
public final class TrustClientIpModule implements PorticoModule {

    @Override
    public String name() {
        return "trust_client_ip";
    }

    @Override
    public void init(ModuleContext context) {
        ModuleSettings settings = context.settings();
        settings.rejectUnknownKeys(Set.of("trusted", "trusted_file"));
        CidrSet trusted = CidrSet.fromSettings(settings, "trusted", "trusted_file");
        if (trusted.isEmpty() && !settings.has("trusted") && !settings.has("trusted_file")) {
            settings.error("trusted", "required: the CIDR blocks of the proxies whose headers are believed"
                    + " (or trusted_file)");
        }
        context.register(CallbackPoint.HANDLE_BEFORE_LOCATION, (Request request) -> {
            if (trusted.contains(request.session().remoteAddress().getAddress())) {
                request.clientTrusted(true);
                Optional<InetAddress> client = ForwardedFor.client(request.head().fields(), trusted);
                client.ifPresent(a -> request.clientAddress(new InetSocketAddress(a, 0)));
            }
            return Verdict.CONTINUE;
        });
    }
}
