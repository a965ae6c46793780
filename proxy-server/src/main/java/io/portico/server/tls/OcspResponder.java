package io.portico.server.tls;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OCSP responder on loopback that JSSE asks when it staples. JSSE has no API to be handed a
 * response, but with {@code jdk.tls.server.enableStatusRequestExtension} it fetches one per
 * certificate itself, during the handshake, from {@code jdk.tls.stapling.responderURI} when
 * {@code responderOverride} is set, and caches it per SSLContext until its nextUpdate (or
 * {@code cacheLifetime}). Pointed here, that fetch never leaves the process: this answers from
 * memory — the response of a certificate's {@code ocsp_response} file or the one
 * {@link OcspStapling} fetched in the background — and says tryLater when it has no current one,
 * so the handshake goes on without a staple and never waits for a real responder.
 *
 * <p>One per process, because the system properties are: every server in the JVM registers its
 * certificates' {@link Source}s here. Shared; lock-free reads.
 */
final class OcspResponder {
    private static final Logger LOG = LoggerFactory.getLogger(OcspResponder.class);
    private static final int MAX_REQUEST_BYTES = 8192;
    /** How long each SSLContext keeps a response it got from here, at most: a renewed one is stapled within this. */
    static final int JDK_CACHE_SECONDS = 300;
    /** How long a handshake waits for this responder (it answers from memory; the JDK's default is 5 s). */
    static final int JDK_WAIT_MILLIS = 1000;
    private static Optional<OcspResponder> shared;
    private static final ReentrantLock SHARED_LOCK = new ReentrantLock();

    /** What can be stapled for one certificate now. */
    interface Source {
        /** A response that may be stapled at {@code now} (successful, good, not expired), or empty. */
        Optional<byte[]> response(Instant now);
    }

    private final HttpServer http;
    private final ConcurrentHashMap<OcspId, List<Source>> sources = new ConcurrentHashMap<>();

    private OcspResponder(HttpServer http) {
        this.http = http;
    }

    /**
     * The process's responder, started on first use with the JDK's stapling pointed at it (before
     * any server SSLContext is made: JSSE reads these properties per context); empty when it cannot
     * listen on loopback, and then nothing is stapled.
     */
    static Optional<OcspResponder> shared() {
        SHARED_LOCK.lock();
        try {
            if (shared == null) {
                shared = start();
            }
            return shared;
        } finally {
            SHARED_LOCK.unlock();
        }
    }

    private static Optional<OcspResponder> start() {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            OcspResponder r = new OcspResponder(http);
            http.createContext("/", r::handle);
            http.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
            http.start();
            String uri = "http://" + http.getAddress().getAddress().getHostAddress() + ":" + http.getAddress().getPort() + "/";
            System.setProperty("jdk.tls.server.enableStatusRequestExtension", "true");
            System.setProperty("jdk.tls.stapling.responderURI", uri);
            System.setProperty("jdk.tls.stapling.responderOverride", "true");
            // a client's nonce would make every handshake ask again, and answers from here carry none
            System.setProperty("jdk.tls.stapling.ignoreExtensions", "true");
            System.setProperty("jdk.tls.stapling.cacheLifetime", Integer.toString(JDK_CACHE_SECONDS));
            System.setProperty("jdk.tls.stapling.responseTimeout", Integer.toString(JDK_WAIT_MILLIS));
            LOG.debug("OCSP stapling: JSSE asks {}", uri);
            return Optional.of(r);
        } catch (IOException | RuntimeException e) {
            LOG.warn("OCSP stapling is off: cannot listen on loopback for JSSE's status requests: {}", e.toString());
            return Optional.empty();
        }
    }

    void add(OcspId id, Source source) {
        sources.computeIfAbsent(id, k -> new CopyOnWriteArrayList<>()).add(source);
    }

    void remove(OcspId id, Source source) {
        sources.computeIfPresent(id, (k, list) -> {
            list.remove(source);
            return list.isEmpty() ? null : list;
        });
    }

    /** The DER answer to a DER request: the first current response of the first certificate asked about. */
    byte[] answer(byte[] request, Instant now) {
        List<OcspId> ids;
        try {
            ids = OcspId.inRequest(request);
        } catch (IllegalArgumentException e) {
            return OcspResponse.error(1); // malformedRequest
        }
        boolean known = false;
        for (OcspId id : ids) {
            List<Source> list = sources.get(id);
            if (list == null) {
                continue;
            }
            known = true;
            for (Source s : list) {
                Optional<byte[]> r = s.response(now);
                if (r.isPresent()) {
                    return r.get();
                }
            }
        }
        return OcspResponse.error(known ? OcspResponse.TRY_LATER : OcspResponse.UNAUTHORIZED);
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            byte[] request;
            if (x.getRequestMethod().equals("POST")) {
                try (InputStream in = x.getRequestBody()) {
                    request = in.readNBytes(MAX_REQUEST_BYTES);
                }
            } else {
                String path = x.getRequestURI().getRawPath();
                String encoded = URLDecoder.decode(path.substring(path.lastIndexOf('/') + 1), StandardCharsets.US_ASCII);
                try {
                    request = Base64.getDecoder().decode(encoded);
                } catch (IllegalArgumentException e) {
                    request = new byte[0];
                }
            }
            byte[] body = answer(request, Instant.now());
            x.getResponseHeaders().set("Content-Type", "application/ocsp-response");
            x.sendResponseHeaders(200, body.length);
            try (OutputStream out = x.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
