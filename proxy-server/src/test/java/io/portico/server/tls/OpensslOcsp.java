package io.portico.server.tls;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Test OCSP with openssl 3.0 and the test CA: leaf certificates whose AIA names a responder, a real
 * {@code openssl ocsp} responder on an ephemeral port (it binds the wildcard address; tests reach it
 * on 127.0.0.1), and DER responses made offline ({@code -reqin ... -respout}).
 */
public final class OpensslOcsp implements AutoCloseable {
    private static final Pattern ACCEPT = Pattern.compile("ACCEPT .*:(\\d+) ");
    private final Path dir;
    private final List<Process> processes = new ArrayList<>();

    public OpensslOcsp(Path dir) {
        this.dir = dir;
    }

    public static Path ca() {
        return TlsFixtures.file("ca.pem");
    }

    static Path caKey() {
        return TlsFixtures.file("ca-key.pem");
    }

    /** A leaf and its files: {@code NAME.pem} (leaf), {@code NAME-chain.pem} (leaf + CA), {@code NAME-key.pem}. */
    public record Leaf(String name, String serialHex, Path cert, Path chain, Path key) {
    }

    /** Issues an EC P-256 leaf for DNS name {@code host}; {@code ocspUrl} (or null) goes in its AIA. */
    public Leaf issue(String name, String host, String serialHex, String ocspUrl) throws IOException, InterruptedException {
        Path key = dir.resolve(name + "-key.pem");
        Path csr = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        Path ext = dir.resolve(name + ".ext");
        Files.writeString(ext, "subjectAltName = DNS:" + host + "\nbasicConstraints = CA:FALSE\nextendedKeyUsage = serverAuth\n"
                + (ocspUrl == null ? "" : "authorityInfoAccess = OCSP;URI:" + ocspUrl + "\n"));
        run("openssl", "req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(),
                "-subj", "/CN=" + host, "-out", csr.toString());
        run("openssl", "x509", "-req", "-in", csr.toString(), "-CA", ca().toString(), "-CAkey", caKey().toString(),
                "-set_serial", "0x" + serialHex, "-days", "30", "-extfile", ext.toString(), "-out", cert.toString());
        Path chain = dir.resolve(name + "-chain.pem");
        Files.writeString(chain, Files.readString(cert) + Files.readString(ca()));
        return new Leaf(name, serialHex, cert, chain, key);
    }

    /** An index.txt as {@code openssl ca} keeps it: each serial valid ('V') or revoked ('R'). */
    public Path index(String name, String... statusAndSerial) throws IOException {
        StringBuilder b = new StringBuilder();
        for (String s : statusAndSerial) {
            String[] p = s.split(":");
            b.append(p[0]).append('\t').append("351231000000Z").append('\t')
                    .append(p[0].equals("R") ? "240101000000Z" : "").append('\t').append(p[1].toUpperCase()).append('\t')
                    .append("unknown\t/CN=serial-").append(p[1]).append("\n");
        }
        Path index = dir.resolve(name);
        Files.writeString(index, b.toString());
        return index;
    }

    /** Starts {@code openssl ocsp} on an ephemeral port; its responses are valid {@code minutes}. Returns the port. */
    public int responder(Path index, int minutes) throws IOException {
        Process p = new ProcessBuilder("openssl", "ocsp", "-index", index.toString(), "-port", "0", "-rsigner", ca().toString(),
                "-rkey", caKey().toString(), "-CA", ca().toString(), "-nmin", Integer.toString(minutes), "-ignore_err")
                .redirectErrorStream(true).start();
        processes.add(p);
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.US_ASCII));
        for (String line; (line = out.readLine()) != null; ) {
            Matcher m = ACCEPT.matcher(line);
            if (m.find()) {
                Thread.ofVirtual().start(() -> drain(out));
                return Integer.parseInt(m.group(1));
            }
        }
        throw new IOException("openssl ocsp did not start");
    }

    private static void drain(BufferedReader out) {
        try {
            while (out.readLine() != null) {
                // openssl logs each request
            }
        } catch (IOException ignored) {
            // gone
        }
    }

    /** A DER response about {@code leaf} made offline from {@code index}, valid {@code days}. */
    public Path response(Path leafCert, Path index, int days, String name) throws IOException, InterruptedException {
        Path req = dir.resolve(name + ".req");
        Path der = dir.resolve(name + ".der");
        run("openssl", "ocsp", "-issuer", ca().toString(), "-cert", leafCert.toString(), "-no_nonce", "-reqout", req.toString());
        run("openssl", "ocsp", "-index", index.toString(), "-rsigner", ca().toString(), "-rkey", caKey().toString(),
                "-CA", ca().toString(), "-reqin", req.toString(), "-respout", der.toString(), "-ndays", Integer.toString(days));
        return der;
    }

    static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
            try {
                p.waitFor(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
