package io.portico.server.tls;

import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.PKIXRevocationChecker;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A DER OCSP response (RFC 6960 4.2.1) read far enough to decide whether it may be stapled: its
 * status, and per certificate the status, thisUpdate and nextUpdate. The signature is checked by
 * the JDK's own OCSP code ({@link PKIXRevocationChecker} with the response handed in). Immutable.
 *
 * @param status the responseStatus: 0 successful, 1 malformedRequest, 2 internalError, 3 tryLater,
 *               5 sigRequired, 6 unauthorized
 */
record OcspResponse(byte[] der, int status, List<Single> singles) {
    static final int SUCCESSFUL = 0;
    static final int TRY_LATER = 3;
    static final int UNAUTHORIZED = 6;
    /** How far in the future a thisUpdate may be (the responder's clock runs ahead). */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);
    private static final String BASIC = "2b0601050507300101"; // id-pkix-ocsp-basic 1.3.6.1.5.5.7.48.1.1

    enum CertStatus { GOOD, REVOKED, UNKNOWN }

    /** One SingleResponse. An empty nextUpdate means the responder always has newer information. */
    record Single(OcspId id, CertStatus status, Instant thisUpdate, Optional<Instant> nextUpdate) {
    }

    OcspResponse {
        singles = List.copyOf(singles);
    }

    /**
     * Reads a response.
     *
     * @throws IllegalArgumentException when it is not a DER OCSP response (or not a basic one)
     */
    static OcspResponse parse(byte[] der) {
        Der top = Der.parse(der).expect(Der.SEQUENCE);
        List<Der> fields = top.children();
        int status = fields.getFirst().expect(Der.ENUMERATED).integer().intValue();
        if (status != SUCCESSFUL) {
            return new OcspResponse(der, status, List.of());
        }
        if (fields.size() < 2 || !fields.get(1).isContext(0)) {
            throw new IllegalArgumentException("a successful OCSP response without responseBytes");
        }
        Der bytes = fields.get(1).child(0).expect(Der.SEQUENCE);
        String type = java.util.HexFormat.of().formatHex(bytes.child(0).expect(Der.OID).value());
        if (!type.equals(BASIC)) {
            throw new IllegalArgumentException("not a basic OCSP response (type " + type + ")");
        }
        Der basic = Der.parse(bytes.child(1).expect(Der.OCTET_STRING).value()).expect(Der.SEQUENCE);
        Der data = basic.child(0).expect(Der.SEQUENCE);
        List<Single> singles = new ArrayList<>();
        for (Der field : data.children()) {
            if (field.tag() == Der.SEQUENCE) { // responses; version [0], responderID [1]/[2], producedAt are not
                for (Der single : field.children()) {
                    single(single.expect(Der.SEQUENCE)).ifPresent(singles::add);
                }
            }
        }
        return new OcspResponse(der, status, singles);
    }

    private static Optional<Single> single(Der s) {
        List<Der> c = s.children();
        Optional<OcspId> id = OcspId.from(c.get(0));
        if (id.isEmpty()) {
            return Optional.empty();
        }
        Der status = c.get(1);
        CertStatus cs = status.isContext(0) ? CertStatus.GOOD : status.isContext(1) ? CertStatus.REVOKED : CertStatus.UNKNOWN;
        Instant thisUpdate = c.get(2).time();
        Optional<Instant> nextUpdate = Optional.empty();
        for (int i = 3; i < c.size(); i++) {
            if (c.get(i).isContext(0)) {
                nextUpdate = Optional.of(c.get(i).child(0).time());
            }
        }
        return Optional.of(new Single(id.get(), cs, thisUpdate, nextUpdate));
    }

    /** The DER of a response that carries only an error status (tryLater, unauthorized). */
    static byte[] error(int status) {
        return Der.encode(Der.SEQUENCE, Der.encode(Der.ENUMERATED, new byte[] {(byte) status}));
    }

    Optional<Single> single(OcspId id) {
        return singles.stream().filter(s -> s.id().equals(id)).findFirst();
    }

    /**
     * Why this response must not be stapled for {@code leaf} at {@code now}, or empty when it may:
     * successful, about this certificate, good, current (thisUpdate not ahead by more than
     * {@link #CLOCK_SKEW}, nextUpdate not reached) and signed by the issuer or its delegated responder.
     */
    Optional<String> unusable(X509Certificate leaf, X509Certificate issuer, Instant now) {
        if (status != SUCCESSFUL) {
            return Optional.of("the responder answered with status " + statusName(status));
        }
        OcspId id = OcspId.of(leaf, issuer);
        Optional<Single> single = single(id);
        if (single.isEmpty()) {
            return Optional.of("the response is not about this certificate (" + id + ")");
        }
        Single s = single.get();
        if (s.status() != CertStatus.GOOD) {
            return Optional.of("the certificate's status is " + s.status().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (s.thisUpdate().isAfter(now.plus(CLOCK_SKEW))) {
            return Optional.of("the response is not valid yet (thisUpdate " + s.thisUpdate() + ")");
        }
        if (s.nextUpdate().isPresent() && !now.isBefore(s.nextUpdate().get())) {
            return Optional.of("the response expired at " + s.nextUpdate().get());
        }
        return signatureProblem(leaf, issuer, now);
    }

    /** The JDK's check of the signature and the signer's authority, the response handed in (no network). */
    private Optional<String> signatureProblem(X509Certificate leaf, X509Certificate issuer, Instant now) {
        try {
            CertPathValidator validator = CertPathValidator.getInstance("PKIX");
            PKIXRevocationChecker checker = (PKIXRevocationChecker) validator.getRevocationChecker();
            checker.setOptions(EnumSet.of(PKIXRevocationChecker.Option.ONLY_END_ENTITY,
                    PKIXRevocationChecker.Option.NO_FALLBACK));
            checker.setOcspResponses(Map.of(leaf, der));
            PKIXParameters p = new PKIXParameters(Set.of(new TrustAnchor(issuer, null)));
            p.setRevocationEnabled(false);
            p.addCertPathChecker(checker);
            p.setDate(Date.from(now));
            validator.validate(CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf)), p);
            return Optional.empty();
        } catch (CertPathValidatorException e) {
            return Optional.of("the response does not verify: " + e.getMessage());
        } catch (GeneralSecurityException e) {
            return Optional.of("the response cannot be checked: " + e.getMessage());
        }
    }

    static String statusName(int status) {
        return switch (status) {
            case 0 -> "successful";
            case 1 -> "malformedRequest";
            case 2 -> "internalError";
            case 3 -> "tryLater";
            case 5 -> "sigRequired";
            case 6 -> "unauthorized";
            default -> "unknown (" + status + ")";
        };
    }
}
