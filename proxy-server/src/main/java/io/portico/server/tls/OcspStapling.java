package io.portico.server.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an OCSP response to staple for each certificate of the config in service, and hands them
 * to JSSE through the loopback {@link OcspResponder}: a certificate's {@code ocsp_response} file
 * as it is, or else a response fetched from the responder its AIA extension names, in the
 * background — at once, then again halfway to its nextUpdate (at least hourly), sooner after a
 * failure — never on a handshake. A response is stapled only while it is successful, good, signed
 * by the issuer (or its delegate) and before its nextUpdate; otherwise the handshake goes without a
 * staple, and the reason is a warning. A reload keeps the responses of certificates it keeps.
 * One per server. Shared: {@link #serve} runs on reloads, fetches on virtual threads.
 */
public final class OcspStapling implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OcspStapling.class);
    /** The longest wait between two fetches of a good response: a revocation shows within it. */
    static final Duration MAX_REFRESH = Duration.ofHours(1);
    static final Duration MIN_REFRESH = Duration.ofSeconds(5);
    static final Duration FIRST_RETRY = Duration.ofSeconds(30);
    static final Duration MAX_RETRY = Duration.ofMinutes(10);
    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_RESPONSE_BYTES = 64 * 1024;
    private static final String AIA = "1.3.6.1.5.5.7.1.1";
    private static final String AD_OCSP = "2b06010505073001"; // id-ad-ocsp 1.3.6.1.5.5.7.48.1

    private final Optional<OcspResponder> responder;
    private final ScheduledExecutorService timer;
    /** Made by the first fetch: a JDK HttpClient loads the default trust store, a third of a start's CPU. */
    private HttpClient http;
    private final ReentrantLock lock = new ReentrantLock();
    private final LongAdder fetched = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private Map<String, Staple> staples = new HashMap<>();
    private boolean closed;

    public OcspStapling() {
        this(OcspResponder.shared());
    }

    OcspStapling(Optional<OcspResponder> responder) {
        this.responder = responder;
        this.timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("ocsp-refresh").factory());
    }

    /** The client fetches go through, made on first use; empty once closed. */
    private Optional<HttpClient> http() {
        lock.lock();
        try {
            if (closed) {
                return Optional.empty();
            }
            if (http == null) {
                http = HttpClient.newBuilder().connectTimeout(FETCH_TIMEOUT).followRedirects(HttpClient.Redirect.NEVER)
                        .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
            }
            return Optional.of(http);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Staples for these certificates from now on (a reload's): starts on the new ones, keeps the
     * responses of those that stay, drops the others.
     */
    public void serve(List<CertifiedKey> keys) {
        lock.lock();
        try {
            if (closed || responder.isEmpty()) {
                return;
            }
            Map<String, Staple> next = new HashMap<>();
            for (CertifiedKey k : keys) {
                Optional<Staple> wanted = describe(k);
                if (wanted.isEmpty() || next.containsKey(wanted.get().key)) {
                    continue;
                }
                Staple kept = staples.remove(wanted.get().key);
                Staple s = kept != null ? kept : wanted.get();
                next.put(s.key, s);
                if (kept == null) {
                    s.start();
                }
            }
            staples.values().forEach(Staple::stop);
            staples = next;
        } finally {
            lock.unlock();
        }
    }

    /** What to staple for one certificate, not started; empty when there is nothing to staple. */
    private Optional<Staple> describe(CertifiedKey k) {
        X509Certificate leaf = k.leaf();
        String name = leaf.getSubjectX500Principal().getName();
        Optional<URI> url = responderUrl(leaf);
        if (k.ocspResponse().isEmpty() && url.isEmpty()) {
            LOG.debug("{}: no ocsp_response and no OCSP responder in the certificate: nothing to staple", name);
            return Optional.empty();
        }
        if (k.chain().size() < 2) {
            LOG.warn("{}: no OCSP stapling: the chain has no issuer certificate after the leaf", name);
            return Optional.empty();
        }
        X509Certificate issuer = k.chain().get(1);
        OcspId id = OcspId.of(leaf, issuer);
        String origin = k.ocspResponse().isPresent() ? "file " + sha256(k.ocspResponse().get()) : url.get().toString();
        return Optional.of(new Staple(id + " " + origin, id, name, leaf, issuer, k.ocspFile(), k.ocspResponse(), url));
    }

    /** Certificates with a response that may be stapled now. */
    public int current() {
        return count(true);
    }

    /** Certificates with an ocsp_response or a responder but no response that may be stapled now. */
    public int missing() {
        return count(false);
    }

    private int count(boolean current) {
        Instant now = Instant.now();
        lock.lock();
        try {
            return (int) staples.values().stream().filter(s -> s.response(now).isPresent() == current).count();
        } finally {
            lock.unlock();
        }
    }

    /** Responses fetched from certificates' OCSP responders and accepted ({@code ok}) or not. */
    public long fetches(boolean ok) {
        return (ok ? fetched : failed).sum();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            staples.values().forEach(Staple::stop);
            staples = Map.of();
            if (http != null) {
                http.shutdownNow();
            }
        } finally {
            lock.unlock();
        }
        timer.shutdownNow();
    }

    /** The http URL of the first OCSP responder in the certificate's Authority Information Access. */
    static Optional<URI> responderUrl(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(AIA);
        if (ext == null) {
            return Optional.empty();
        }
        try {
            Der aia = Der.parse(Der.parse(ext).expect(Der.OCTET_STRING).value()).expect(Der.SEQUENCE);
            for (Der access : aia.children()) {
                Der method = access.child(0).expect(Der.OID);
                Der location = access.child(1);
                if (HexFormat.of().formatHex(method.value()).equals(AD_OCSP) && location.tag() == 0x86) {
                    URI uri = URI.create(new String(location.value(), java.nio.charset.StandardCharsets.US_ASCII));
                    if ("http".equalsIgnoreCase(uri.getScheme())) {
                        return Optional.of(uri);
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            LOG.warn("{}: cannot read its Authority Information Access: {}", cert.getSubjectX500Principal().getName(),
                    e.getMessage());
        }
        return Optional.empty();
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b)).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Delay until the next fetch after an accepted response: halfway to nextUpdate, within the bounds. */
    static Duration refreshAfter(Instant now, Optional<Instant> nextUpdate) {
        if (nextUpdate.isEmpty()) {
            return MAX_REFRESH;
        }
        Duration half = Duration.between(now, nextUpdate.get()).dividedBy(2);
        return half.compareTo(MIN_REFRESH) < 0 ? MIN_REFRESH : half.compareTo(MAX_REFRESH) > 0 ? MAX_REFRESH : half;
    }

    /** Delay until the next try after {@code failures} failures in a row: 30 s, doubling, at most 10 min. */
    static Duration retryAfter(int failures) {
        Duration d = FIRST_RETRY.multipliedBy(1L << Math.min(failures - 1, 10));
        return d.compareTo(MAX_RETRY) > 0 ? MAX_RETRY : d;
    }

    /** A response accepted for stapling, and until when (empty: no nextUpdate, always current). */
    private record Accepted(byte[] der, Optional<Instant> until) {
        boolean currentAt(Instant now) {
            return until.isEmpty() || now.isBefore(until.get());
        }
    }

    /** One certificate's staple. Its fetches run one at a time; {@link #response} is lock-free. */
    private final class Staple implements OcspResponder.Source {
        final String key;
        final OcspId id;
        final String name;
        final X509Certificate leaf;
        final X509Certificate issuer;
        final Optional<Path> file;
        final Optional<byte[]> fileResponse;
        final Optional<URI> url;
        private volatile Accepted accepted;
        private volatile boolean stopped;
        /** Guards {@link #next}: the timer's task and stop() may race. */
        private final ReentrantLock scheduling = new ReentrantLock();
        private ScheduledFuture<?> next;
        private int failures;

        Staple(String key, OcspId id, String name, X509Certificate leaf, X509Certificate issuer, Optional<Path> file,
               Optional<byte[]> fileResponse, Optional<URI> url) {
            this.key = key;
            this.id = id;
            this.name = name;
            this.leaf = leaf;
            this.issuer = issuer;
            this.file = file;
            this.fileResponse = fileResponse;
            this.url = url;
        }

        @Override
        public Optional<byte[]> response(Instant now) {
            Accepted a = accepted;
            return a != null && a.currentAt(now) ? Optional.of(a.der()) : Optional.empty();
        }

        void start() {
            responder.orElseThrow().add(id, this);
            if (fileResponse.isPresent()) {
                fromFile();
            } else {
                schedule(Duration.ZERO);
            }
        }

        void stop() {
            stopped = true;
            responder.orElseThrow().remove(id, this);
            scheduling.lock();
            try {
                if (next != null) {
                    next.cancel(false);
                }
            } finally {
                scheduling.unlock();
            }
        }

        private void fromFile() {
            Instant now = Instant.now();
            String where = file.map(Path::toString).orElse("ocsp_response");
            OcspResponse r;
            try {
                r = OcspResponse.parse(fileResponse.get());
            } catch (IllegalArgumentException e) {
                LOG.warn("{}: {} is not stapled: not a DER OCSP response: {}", name, where, e.getMessage());
                return;
            }
            Optional<String> problem = r.unusable(leaf, issuer, now);
            if (problem.isPresent()) {
                LOG.warn("{}: {} is not stapled: {}", name, where, problem.get());
                return;
            }
            Optional<Instant> until = r.single(id).orElseThrow().nextUpdate();
            accepted = new Accepted(fileResponse.get(), until);
            LOG.info("{}: stapling {}{}", name, where, until.map(u -> ", good until " + u).orElse(""));
            until.ifPresent(u -> {
                scheduling.lock();
                try {
                    next = timer.schedule(() -> {
                        if (!stopped) {
                            LOG.warn("{}: {} expired at {} and is no longer stapled: replace it and reload", name, where, u);
                        }
                    }, Math.max(0, Duration.between(now, u).toMillis()), TimeUnit.MILLISECONDS);
                } finally {
                    scheduling.unlock();
                }
            });
        }

        private void schedule(Duration delay) {
            scheduling.lock();
            try {
                if (!stopped && !timer.isShutdown()) {
                    next = timer.schedule(() -> {
                        Thread.ofVirtual().name("ocsp-fetch").start(this::fetch);
                    }, delay.toMillis(), TimeUnit.MILLISECONDS);
                }
            } finally {
                scheduling.unlock();
            }
        }

        private void fetch() {
            if (stopped) {
                return;
            }
            URI to = url.orElseThrow();
            String problem;
            try {
                OcspResponse r = OcspResponse.parse(post(to, id.request()));
                Instant now = Instant.now();
                Optional<String> unusable = r.unusable(leaf, issuer, now);
                if (unusable.isEmpty()) {
                    Optional<Instant> until = r.single(id).orElseThrow().nextUpdate();
                    accepted = new Accepted(r.der(), until);
                    failures = 0;
                    fetched.increment();
                    LOG.debug("{}: OCSP response from {}: good{}", name, to, until.map(u -> " until " + u).orElse(""));
                    schedule(refreshAfter(now, until));
                    return;
                }
                problem = unusable.get();
            } catch (IOException e) {
                problem = "cannot fetch: " + (e.getMessage() == null ? e.toString() : e.getMessage());
            } catch (IllegalArgumentException e) {
                problem = "not a DER OCSP response: " + e.getMessage();
            } catch (InterruptedException e) {
                return; // closing
            }
            if (stopped) {
                return;
            }
            failed.increment();
            failures++;
            Duration retry = retryAfter(failures);
            Accepted a = accepted;
            Instant now = Instant.now();
            String stapled = a != null && a.currentAt(now)
                    ? "the response stapled now is good" + a.until().map(u -> " until " + u).orElse("")
                    : "nothing is stapled";
            LOG.warn("{}: no OCSP response from {}: {}; {}; next try in {} s", name, to, problem, stapled, retry.toSeconds());
            schedule(retry);
        }

        private byte[] post(URI to, byte[] request) throws IOException, InterruptedException {
            HttpRequest req = HttpRequest.newBuilder(to).timeout(FETCH_TIMEOUT)
                    .header("Content-Type", "application/ocsp-request")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request)).build();
            HttpClient client = http().orElseThrow(() -> new IOException("stapling has stopped"));
            HttpResponse<InputStream> resp = client.send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = resp.body()) {
                if (resp.statusCode() != 200) {
                    throw new IOException("HTTP status " + resp.statusCode());
                }
                byte[] body = in.readNBytes(MAX_RESPONSE_BYTES + 1);
                if (body.length > MAX_RESPONSE_BYTES) {
                    throw new IOException("a response over " + MAX_RESPONSE_BYTES + " bytes");
                }
                return body;
            }
        }
    }
}
