package io.portico.route;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.BitSet;

/** Primitives over the addresses of a request's connection; immutable matcher nodes. */
final class IpConditions {
    private IpConditions() {
    }

    /** Which address a primitive reads. */
    enum Address {
        /** The client: the TCP peer or the address a trusted proxy reported ({@code req_cip_*}). */
        CLIENT,
        /** The TCP peer of the connection ({@code ses_sip_*}). */
        SOURCE,
        /** The proxy address the connection arrived on ({@code req_vip_*}, {@code ses_vip_*}). */
        LOCAL;

        /** The address, or null when the request has none (or it is unresolved). */
        InetAddress of(RouteRequest request) {
            InetSocketAddress a = switch (this) {
                case CLIENT -> request.client();
                case SOURCE -> request.source();
                case LOCAL -> request.local();
            };
            return a == null ? null : a.getAddress();
        }
    }

    /** The address is one of a list (an IPv4 address equals its IPv4-mapped IPv6 form). */
    record IpIn(Address address, Ip[] ips) implements Condition {
        @Override
        public boolean test(RouteRequest request) {
            InetAddress a = address.of(request);
            if (a == null) {
                return false;
            }
            Ip ip = Ip.of(a);
            for (Ip candidate : ips) {
                if (candidate.equals(ip)) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The address lies in [first, last], both ends included. */
    record IpRange(Address address, Ip first, Ip last) implements Condition {
        @Override
        public boolean test(RouteRequest request) {
            InetAddress a = address.of(request);
            if (a == null) {
                return false;
            }
            Ip ip = Ip.of(a);
            return ip.compareTo(first) >= 0 && ip.compareTo(last) <= 0;
        }
    }

    /** The {@link Murmur3} bucket of the address written as Go writes it ({@code 10.0.0.1}, {@code 2001:db8::1}) is selected. */
    record IpHashIn(Address address, BitSet buckets) implements Condition {
        @Override
        public boolean test(RouteRequest request) {
            InetAddress a = address.of(request);
            return a != null && buckets.get(Murmur3.bucket(Ip.of(a).goString(), StringMatcher.HashIn.BUCKETS));
        }
    }
}
