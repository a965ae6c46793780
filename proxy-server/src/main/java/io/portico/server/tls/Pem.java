package io.portico.server.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Certificates and private keys as users have them (RFC 7468 PEM): certificate chains, and keys
 * in PKCS#8 ({@code PRIVATE KEY}), PKCS#1 RSA ({@code RSA PRIVATE KEY}) and SEC1 EC ({@code EC
 * PRIVATE KEY}) — what openssl, certbot and cert-manager write. PKCS#1 and SEC1 keys are wrapped
 * into PKCS#8 for the JDK's KeyFactory. Stateless; a problem is an {@link IllegalArgumentException}
 * whose message a config error can show as it is.
 */
public final class Pem {
    private static final byte[] RSA_ENCRYPTION = {0x06, 0x09, 0x2A, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xF7, 0x0D, 0x01,
        0x01, 0x01};
    private static final byte[] EC_PUBLIC_KEY = {0x06, 0x07, 0x2A, (byte) 0x86, 0x48, (byte) 0xCE, 0x3D, 0x02, 0x01};
    private static final byte[] NULL = {0x05, 0x00};
    private static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

    private Pem() {
    }

    /** One {@code -----BEGIN label-----} block, its base64 body decoded. */
    record Block(String label, byte[] der) {
    }

    static List<Block> blocks(String text) {
        List<Block> out = new ArrayList<>();
        int i = 0;
        while (true) {
            int begin = text.indexOf("-----BEGIN ", i);
            if (begin < 0) {
                return out;
            }
            int labelEnd = text.indexOf("-----", begin + 11);
            if (labelEnd < 0) {
                throw new IllegalArgumentException("a BEGIN line without its closing dashes");
            }
            String label = text.substring(begin + 11, labelEnd);
            String end = "-----END " + label + "-----";
            int stop = text.indexOf(end, labelEnd + 5);
            if (stop < 0) {
                throw new IllegalArgumentException("no \"" + end + "\"");
            }
            String body = text.substring(labelEnd + 5, stop);
            if (body.indexOf(':') >= 0) {
                throw new IllegalArgumentException(label + " has headers (Proc-Type: an encrypted key?): "
                        + "give the key without a passphrase");
            }
            try {
                out.add(new Block(label, Base64.getMimeDecoder().decode(body)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(label + " is not valid base64");
            }
            i = stop + end.length();
        }
    }

    /** Every CERTIFICATE block of {@code file}'s text, in order (the leaf first in a chain file); problems name the file. */
    public static List<X509Certificate> certificates(String text, java.nio.file.Path file) {
        try {
            return certificates(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        }
    }

    /** Every CERTIFICATE block, in order: the leaf first in a chain file. */
    public static List<X509Certificate> certificates(String text) {
        List<X509Certificate> out = new ArrayList<>();
        CertificateFactory factory;
        try {
            factory = CertificateFactory.getInstance("X.509");
        } catch (CertificateException e) {
            throw new IllegalStateException("the JDK has no X.509 certificate factory", e);
        }
        for (Block b : blocks(text)) {
            if (b.label().equals("CERTIFICATE")) {
                try {
                    out.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(b.der())));
                } catch (CertificateException e) {
                    throw new IllegalArgumentException("certificate " + (out.size() + 1) + " cannot be read: " + e.getMessage());
                }
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no PEM CERTIFICATE in it");
        }
        return out;
    }

    /** The one private key in {@code text}: PKCS#8, PKCS#1 RSA or SEC1 EC. */
    public static PrivateKey privateKey(String text) {
        List<Block> keys = blocks(text).stream().filter(b -> b.label().endsWith("PRIVATE KEY")).toList();
        if (keys.size() != 1) {
            throw new IllegalArgumentException(keys.isEmpty() ? "no PEM private key in it" : "more than one private key in it");
        }
        Block k = keys.getFirst();
        return switch (k.label()) {
            case "PRIVATE KEY" -> pkcs8(k.der());
            case "RSA PRIVATE KEY" -> decode("RSA", pkcs8(RSA_ENCRYPTION, NULL, k.der()));
            case "EC PRIVATE KEY" -> decode("EC", pkcs8(EC_PUBLIC_KEY, Der.curveOf(k.der()), k.der()));
            case "ENCRYPTED PRIVATE KEY" -> throw new IllegalArgumentException(
                    "the key is encrypted: give it without a passphrase (openssl pkey -in KEY -out PLAIN)");
            default -> throw new IllegalArgumentException("unsupported key type \"" + k.label() + "\"");
        };
    }

    private static PrivateKey pkcs8(byte[] der) {
        IllegalArgumentException last = null;
        for (String algorithm : new String[] {"RSA", "EC", "RSASSA-PSS", "Ed25519"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = new IllegalArgumentException("the PKCS#8 key is not RSA or EC (or is malformed)");
            }
        }
        throw last;
    }

    private static PrivateKey decode(String algorithm, byte[] pkcs8) {
        try {
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the " + algorithm + " key is malformed: " + e.getMessage());
        }
    }

    /** PKCS#8 PrivateKeyInfo: version 0, AlgorithmIdentifier (oid, params), the key as an OCTET STRING. */
    private static byte[] pkcs8(byte[] oid, byte[] params, byte[] key) {
        byte[] algorithm = Der.sequence(Der.concat(oid, params));
        return Der.sequence(Der.concat(VERSION_0, algorithm, Der.tlv(0x04, key)));
    }

    /** The smallest DER this needs: writing a TLV, and reading the curve out of a SEC1 key. */
    static final class Der {
        private Der() {
        }

        static byte[] sequence(byte[] content) {
            return tlv(0x30, content);
        }

        static byte[] tlv(int tag, byte[] content) {
            ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 6);
            out.write(tag);
            int n = content.length;
            if (n < 0x80) {
                out.write(n);
            } else {
                int bytes = n > 0xFFFFFF ? 4 : n > 0xFFFF ? 3 : n > 0xFF ? 2 : 1;
                out.write(0x80 | bytes);
                for (int i = bytes - 1; i >= 0; i--) {
                    out.write(n >>> (8 * i));
                }
            }
            out.writeBytes(content);
            return out.toByteArray();
        }

        static byte[] concat(byte[]... parts) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            for (byte[] p : parts) {
                out.writeBytes(p);
            }
            return out.toByteArray();
        }

        /**
         * The named-curve OID (as a whole TLV) in the {@code [0]} parameters of a SEC1
         * ECPrivateKey (RFC 5915: SEQUENCE { version, privateKey OCTET STRING, [0] parameters, [1] publicKey }).
         */
        static byte[] curveOf(byte[] sec1) {
            int[] pos = {0};
            int seqEnd = enter(sec1, pos, 0x30);
            skip(sec1, pos); // version
            skip(sec1, pos); // privateKey
            while (pos[0] < seqEnd) {
                int tag = sec1[pos[0]] & 0xFF;
                if (tag == 0xA0) {
                    int end = enter(sec1, pos, 0xA0);
                    int start = pos[0];
                    if ((sec1[start] & 0xFF) != 0x06) {
                        break;
                    }
                    return java.util.Arrays.copyOfRange(sec1, start, end);
                }
                skip(sec1, pos);
            }
            throw new IllegalArgumentException("the EC key names no curve (SEC1 without parameters)");
        }

        /** Steps into the TLV at pos (checking its tag); returns where its content ends. */
        private static int enter(byte[] d, int[] pos, int tag) {
            if (pos[0] >= d.length || (d[pos[0]] & 0xFF) != tag) {
                throw new IllegalArgumentException("malformed EC key");
            }
            pos[0]++;
            int len = length(d, pos);
            return pos[0] + len;
        }

        private static void skip(byte[] d, int[] pos) {
            pos[0]++;
            int len = length(d, pos);
            pos[0] += len;
        }

        private static int length(byte[] d, int[] pos) {
            if (pos[0] >= d.length) {
                throw new IllegalArgumentException("malformed EC key");
            }
            int first = d[pos[0]++] & 0xFF;
            if (first < 0x80) {
                return first;
            }
            int bytes = first & 0x7F;
            if (bytes == 0 || bytes > 3) {
                throw new IllegalArgumentException("malformed EC key");
            }
            int len = 0;
            for (int i = 0; i < bytes; i++) {
                len = len << 8 | (d[pos[0]++] & 0xFF);
            }
            return len;
        }
    }

    static String text(byte[] file) {
        return new String(file, StandardCharsets.US_ASCII);
    }
}
