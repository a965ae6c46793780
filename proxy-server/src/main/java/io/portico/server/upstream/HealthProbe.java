package io.portico.server.upstream;

import io.portico.config.HealthCheckConfig;
import io.portico.http.ResponseHead;
import io.portico.http1.Http1Limits;
import io.portico.http1.Http1Parser;
import io.portico.io.ByteReader;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** One active health probe: a TCP connect, or an HTTP GET whose status must match. Stateless. */
final class HealthProbe {
    private static final Http1Limits LIMITS = new Http1Limits(16 * 1024, 8 * 1024, 100);

    private HealthProbe() {
    }

    /** Empty when the instance passed, else why it failed. */
    static Optional<String> probe(InetSocketAddress address, String addressText, HealthCheckConfig check) {
        int timeout = (int) Math.max(1, check.timeout().toMillis());
        long deadline = System.nanoTime() + check.timeout().toNanos();
        try (Socket s = new Socket()) {
            s.connect(address, timeout);
            if (check.type() == HealthCheckConfig.Type.TCP) {
                return Optional.empty();
            }
            String host = check.host().orElse(addressText);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + check.path() + " HTTP/1.1\r\nHost: " + host
                    + "\r\nUser-Agent: portico-health-check\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            s.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            ResponseHead head = Http1Parser.parseResponse(new ByteReader(s.getInputStream(), new byte[4096]), LIMITS);
            if (!check.expectStatus().matches(head.status())) {
                return Optional.of("health check " + check.path() + " answered " + head.status()
                        + ", expected " + check.expectStatus().text());
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("health check failed: " + e.getMessage());
        }
    }
}
