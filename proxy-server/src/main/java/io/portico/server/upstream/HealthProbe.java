package io.portico.server.upstream;

import io.portico.config.HealthCheckConfig;
import io.portico.http.ResponseHead;
import io.portico.http1.Http1Limits;
import io.portico.http1.Http1Parser;
import io.portico.server.io.SocketIo;
import io.portico.server.tls.BackendTls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * One active health probe: a TCP connect (and, for an https cluster, a TLS handshake), or an
 * HTTP GET whose status must match — through the same I/O type as every other backend
 * connection, in the cluster's protocol. Stateless.
 */
final class HealthProbe {
    private static final Http1Limits LIMITS = new Http1Limits(16 * 1024, 8 * 1024, 100);

    private HealthProbe() {
    }

    /** Empty when the instance passed, else why it failed. {@code tls} is null for a plaintext cluster. */
    static Optional<String> probe(InetSocketAddress address, String addressText, HealthCheckConfig check, BackendTls tls) {
        int timeout = (int) Math.max(1, check.timeout().toMillis());
        long deadline = System.nanoTime() + check.timeout().toNanos();
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open();
            ch.socket().connect(address, timeout);
            try (SocketIo io = new SocketIo(ch, new byte[4096], new byte[1024])) {
                if (tls != null) {
                    io.startTls(tls.newEngine(address.getHostString(), address.getPort()), deadline);
                }
                if (check.type() == HealthCheckConfig.Type.TCP) {
                    return Optional.empty();
                }
                String host = check.host().orElse(addressText);
                io.out().write(("GET " + check.path() + " HTTP/1.1\r\nHost: " + host
                        + "\r\nUser-Agent: portico-health-check\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                io.flush();
                io.readDeadline(deadline);
                ResponseHead head = Http1Parser.parseResponse(io.reader(), LIMITS);
                if (!check.expectStatus().matches(head.status())) {
                    return Optional.of("health check " + check.path() + " answered " + head.status()
                            + ", expected " + check.expectStatus().text());
                }
                return Optional.empty();
            }
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // failing anyway
                }
            }
            return Optional.of("health check failed: " + e.getMessage());
        }
    }
}
