package io.portico.route;

import io.portico.http.RequestHead;
import java.net.InetSocketAddress;

/**
 * What route conditions (and later modules) read of one request: its head, the addresses of
 * its connection, and the moment it arrived. Built once per request on the request's thread;
 * derived views (host without port, query parameters, cookies) are parsed lazily, once.
 *
 * @param head    the request as received (after HandleBeforeLocation edits)
 * @param source  the TCP peer of the connection (ses_sip_*)
 * @param client  the client address: the TCP peer, or the one a trusted proxy reported (req_cip_*)
 * @param local   the proxy address the connection arrived on (req_vip_*, req_port_in)
 * @param secure  whether the connection is TLS
 * @param startMillis when the request head arrived, epoch millis (bfe_time_range)
 */
public final class RouteRequest {
    private final RequestHead head;
    private final InetSocketAddress source;
    private final InetSocketAddress client;
    private final InetSocketAddress local;
    private final boolean secure;
    private final long startMillis;

    public RouteRequest(RequestHead head, InetSocketAddress source, InetSocketAddress client,
                        InetSocketAddress local, boolean secure, long startMillis) {
        this.head = head;
        this.source = source;
        this.client = client;
        this.local = local;
        this.secure = secure;
        this.startMillis = startMillis;
    }

    public RequestHead head() {
        return head;
    }

    public InetSocketAddress source() {
        return source;
    }

    public InetSocketAddress client() {
        return client;
    }

    public InetSocketAddress local() {
        return local;
    }

    public boolean secure() {
        return secure;
    }

    public long startMillis() {
        return startMillis;
    }
}
