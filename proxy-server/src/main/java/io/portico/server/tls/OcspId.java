package io.portico.server.tls;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * An OCSP CertID (RFC 6960 4.1.1) with SHA-1, as the JDK and most responders use it: which
 * certificate a request asks about and a response answers for. Immutable; the hashes are hex so
 * that it is a map key.
 */
record OcspId(String issuerNameHash, String issuerKeyHash, BigInteger serial) {
    private static final HexFormat HEX = HexFormat.of();
    /** id-sha1 (1.3.14.3.2.26) as an AlgorithmIdentifier with NULL parameters. */
    private static final byte[] SHA1_ALGORITHM = Der.encode(Der.SEQUENCE,
            Der.encode(Der.OID, new byte[] {0x2b, 0x0e, 0x03, 0x02, 0x1a}), Der.encode(Der.NULL));
    private static final String SHA1_OID = "2b0e03021a";

    /** The CertID of {@code leaf}, issued by {@code issuer}. */
    static OcspId of(X509Certificate leaf, X509Certificate issuer) {
        byte[] spki = issuer.getPublicKey().getEncoded();
        byte[] bits = Der.parse(spki).child(1).expect(Der.BIT_STRING).value();
        byte[] key = java.util.Arrays.copyOfRange(bits, 1, bits.length); // less the unused-bits octet
        return new OcspId(HEX.formatHex(sha1(leaf.getIssuerX500Principal().getEncoded())), HEX.formatHex(sha1(key)),
                leaf.getSerialNumber());
    }

    /** A CertID as a request or response has it; empty when it is not SHA-1 (not one this can match). */
    static Optional<OcspId> from(Der certId) {
        List<Der> c = certId.expect(Der.SEQUENCE).children();
        if (c.size() < 4) {
            throw new IllegalArgumentException("a CertID has 4 fields, not " + c.size());
        }
        String algorithm = HEX.formatHex(c.get(0).child(0).expect(Der.OID).value());
        if (!algorithm.equals(SHA1_OID)) {
            return Optional.empty();
        }
        return Optional.of(new OcspId(HEX.formatHex(c.get(1).expect(Der.OCTET_STRING).value()),
                HEX.formatHex(c.get(2).expect(Der.OCTET_STRING).value()), c.get(3).expect(Der.INTEGER).integer()));
    }

    byte[] encoded() {
        return Der.encode(Der.SEQUENCE, SHA1_ALGORITHM, Der.encode(Der.OCTET_STRING, HEX.parseHex(issuerNameHash)),
                Der.encode(Der.OCTET_STRING, HEX.parseHex(issuerKeyHash)), Der.encode(Der.INTEGER, serial.toByteArray()));
    }

    /** An OCSPRequest for this certificate alone: unsigned, without a nonce (so responses can be cached). */
    byte[] request() {
        byte[] one = Der.encode(Der.SEQUENCE, encoded());
        return Der.encode(Der.SEQUENCE, Der.encode(Der.SEQUENCE, Der.encode(Der.SEQUENCE, one)));
    }

    /** The SHA-1 CertIDs an OCSPRequest asks about. */
    static List<OcspId> inRequest(byte[] der) {
        Der tbs = Der.parse(der).expect(Der.SEQUENCE).child(0).expect(Der.SEQUENCE);
        List<OcspId> out = new ArrayList<>();
        for (Der field : tbs.children()) {
            if (field.tag() == Der.SEQUENCE) { // requestList; version [0] and requestorName [1] are tagged
                for (Der request : field.children()) {
                    from(request.expect(Der.SEQUENCE).child(0)).ifPresent(out::add);
                }
                return out;
            }
        }
        throw new IllegalArgumentException("an OCSP request without a request list");
    }

    /** Serial and issuer, for logs. */
    @Override
    public String toString() {
        return "serial " + serial.toString(16) + " (issuer key " + issuerKeyHash.substring(0, 8) + ")";
    }

    private static byte[] sha1(byte[] b) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(b);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
