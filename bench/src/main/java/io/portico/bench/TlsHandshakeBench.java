package io.portico.bench;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What a resumed TLS handshake saves: a JDK client engine and a JDK server engine handshake in
 * memory (no sockets), full (a client that offers no session) or resumed (the client offers the
 * ticket of its previous handshake with the same peer), with the test RSA-2048 or EC P-256
 * certificate. Both sides' CPU is in the figure: the server's signature and the client's chain
 * check are what resumption skips; TLS 1.3 resumption still does an X25519 exchange.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
@Fork(1)
@State(Scope.Thread)
public class TlsHandshakeBench {
    @Param({"rsa", "ec"})
    public String key;

    @Param({"TLSv1.3", "TLSv1.2"})
    public String protocol;

    private SSLContext server;
    private SSLContext client;
    private final ByteBuffer toServer = ByteBuffer.allocate(1 << 17);
    private final ByteBuffer toClient = ByteBuffer.allocate(1 << 17);
    private final ByteBuffer app = ByteBuffer.allocate(1 << 17);

    @Setup
    public void setUp() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("k", privateKey(text("example-" + key + "-key.pem"), key.equals("rsa") ? "RSA" : "EC"), new char[0],
                certificates(text("example-" + key + "-chain.pem")));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
        kmf.init(ks, new char[0]);
        server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", certificates(text("ca.pem"))[0]);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance("PKIX");
        tmf.init(trust);
        client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);
        long created = handshake(client.createSSLEngine("bench", 443));
        if (handshake(client.createSSLEngine("bench", 443)) != created) {
            throw new IllegalStateException("the second handshake did not resume");
        }
        if (handshake(client.createSSLEngine()) == created) {
            throw new IllegalStateException("a client without a peer resumed");
        }
    }

    /** A client that offers no session: a full handshake. */
    @Benchmark
    public long full() throws SSLException {
        return handshake(client.createSSLEngine());
    }

    /** A client that offers the ticket of its previous handshake with this peer. */
    @Benchmark
    public long resumed() throws SSLException {
        return handshake(client.createSSLEngine("bench", 443));
    }

    /** Handshakes {@code c} with a new server engine, then hands the client its new ticket; the session's creation time. */
    private long handshake(SSLEngine c) throws SSLException {
        c.setUseClientMode(true);
        SSLParameters p = c.getSSLParameters();
        p.setProtocols(new String[] {protocol});
        c.setSSLParameters(p);
        SSLEngine s = server.createSSLEngine();
        s.setUseClientMode(false);
        toServer.clear();
        toClient.clear();
        c.beginHandshake();
        s.beginHandshake();
        boolean moved = true;
        while (moved) {
            moved = step(c, toServer, toClient) | step(s, toClient, toServer);
        }
        if (c.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING
                || s.getHandshakeStatus() != SSLEngineResult.HandshakeStatus.NOT_HANDSHAKING) {
            throw new IllegalStateException("handshake stuck: " + c.getHandshakeStatus() + " / " + s.getHandshakeStatus());
        }
        return c.getSession().getCreationTime();
    }

    /** One engine's turn: wrap what it has to send into {@code out}, unwrap what {@code in} holds; whether bytes moved. */
    private boolean step(SSLEngine e, ByteBuffer out, ByteBuffer in) throws SSLException {
        boolean moved = false;
        for (;;) {
            SSLEngineResult r = e.wrap(ByteBuffer.allocate(0), out);
            tasks(e);
            if (r.bytesProduced() == 0) {
                break;
            }
            moved = true;
        }
        in.flip();
        for (;;) {
            app.clear();
            SSLEngineResult r = e.unwrap(in, app);
            tasks(e);
            if (r.bytesConsumed() == 0) {
                break;
            }
            moved = true;
        }
        in.compact();
        return moved;
    }

    private static void tasks(SSLEngine e) {
        for (Runnable t; (t = e.getDelegatedTask()) != null; ) {
            t.run();
        }
    }

    private static String text(String name) throws IOException {
        try (InputStream in = TlsHandshakeBench.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        }
    }

    private static byte[] pemBody(String pem, int from) {
        int begin = pem.indexOf('\n', pem.indexOf("-----BEGIN", from)) + 1;
        int end = pem.indexOf("-----END", begin);
        return Base64.getMimeDecoder().decode(pem.substring(begin, end));
    }

    private static Certificate[] certificates(String pem) throws Exception {
        return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(
                pem.getBytes(StandardCharsets.US_ASCII))).toArray(new Certificate[0]);
    }

    private static PrivateKey privateKey(String pem, String algorithm) throws Exception {
        return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pemBody(pem, 0)));
    }
}
