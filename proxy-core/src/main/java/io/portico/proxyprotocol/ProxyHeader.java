package io.portico.proxyprotocol;

import java.net.InetSocketAddress;

/**
 * What a PROXY protocol header says about a connection an L4 balancer relayed.
 */
public sealed interface ProxyHeader {

    /** The balancer's client ({@code source}) and the address it connected to ({@code destination}). */
    record Proxied(InetSocketAddress source, InetSocketAddress destination) implements ProxyHeader {
    }

    /**
     * No addresses: a v2 {@code LOCAL} command (the balancer's own health check), or a v1
     * {@code UNKNOWN} or v2 unspecified family. The connection's own addresses stand.
     */
    record Local() implements ProxyHeader {
    }
}
