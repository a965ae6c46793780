package io.portico.server.proxy;

import io.portico.balance.Hashing;
import io.portico.config.ClusterConfig;
import io.portico.config.StickyConfig;

/**
 * The sticky-session key of a request, hashed: the client IP, a header or a cookie, as the
 * cluster's {@code sticky.key} says. Absent when the cluster has no stickiness or the request
 * carries no such header or cookie (it is then balanced normally).
 */
record StickyKey(boolean present, long hash) {
    private static final StickyKey NONE = new StickyKey(false, 0);

    static StickyKey of(ClusterConfig cluster, ProxyRequest req) {
        if (cluster.sticky().isEmpty()) {
            return NONE;
        }
        StickyConfig s = cluster.sticky().get();
        String value = switch (s.kind()) {
            case SOURCE_IP -> req.clientIp();
            case HEADER -> req.head().fields().firstOrNull(s.name());
            case COOKIE -> req.route().cookies().get(s.name());
        };
        return value == null || value.isEmpty() ? NONE : new StickyKey(true, Hashing.hash64(value));
    }
}
