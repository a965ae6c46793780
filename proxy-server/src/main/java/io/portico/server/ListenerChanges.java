package io.portico.server;

import io.portico.config.ListenerConfig;
import io.portico.server.listen.Listener;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a reloaded config asks of the listening sockets that only a restart gives: compared with the
 * sockets actually bound (their address, with the real port where the config said 0), not with the
 * previous config's text, so a change stays reported on every reload until the restart.
 */
final class ListenerChanges {

    /** A running listener: the config it was started with and the address it is bound to. */
    record Bound(ListenerConfig config, InetSocketAddress address) {
    }

    private ListenerChanges() {
    }

    static String between(List<Listener> running, List<ListenerConfig> next) {
        return describe(running.stream().map(l -> new Bound(l.config(), l.address())).toList(), next);
    }

    /** "" when nothing differs; else the differences, "; "-separated. */
    static String describe(List<Bound> bound, List<ListenerConfig> next) {
        Map<String, Bound> byName = new LinkedHashMap<>();
        bound.forEach(b -> byName.put(b.config().name(), b));
        List<String> out = new ArrayList<>();
        for (ListenerConfig n : next) {
            Bound b = byName.remove(n.name());
            if (b == null) {
                out.add(n.name() + " added (" + address(n.host(), n.port()) + ")");
                continue;
            }
            ListenerConfig was = b.config();
            if (!n.host().equals(was.host()) || (n.port() != 0 && n.port() != b.address().getPort())) {
                out.add(n.name() + " bound to " + address(was.host(), b.address().getPort()) + ", config says "
                        + address(n.host(), n.port()));
            }
            if (!n.protocol().equals(was.protocol())) {
                out.add(n.name() + " serves " + was.protocol() + ", config says " + n.protocol());
            }
            if (n.proxyProtocol() != was.proxyProtocol()) {
                out.add(n.name() + " proxy_protocol " + was.proxyProtocol() + ", config says " + n.proxyProtocol());
            }
            if (n.acceptors() != was.acceptors()) {
                out.add(n.name() + " has " + was.acceptors() + " acceptors, config says " + n.acceptors());
            }
        }
        byName.keySet().forEach(name -> out.add(name + " removed (still listening)"));
        return String.join("; ", out);
    }

    private static String address(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
