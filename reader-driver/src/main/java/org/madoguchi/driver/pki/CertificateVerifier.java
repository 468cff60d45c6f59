package org.madoguchi.driver.pki;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;

import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/**
 * Checks an auth certificate against configured trust anchors (the J-LIS 利用者証明用 roots in
 * production; the simulator's test roots in development), its validity, the renewal window, and
 * a signature over a challenge. The issuer is found by signature, not by name: every generation of
 * J-LIS root shares one DN (docs/card.md §12).
 */
public final class CertificateVerifier {
    private static final int RENEWAL_MONTHS = 3;

    private final List<X509Certificate> anchors;

    public CertificateVerifier(List<X509Certificate> anchors) {
        this.anchors = List.copyOf(anchors);
    }

    /** Reads every certificate in the given PEM (or DER) files. */
    public static CertificateVerifier fromFiles(List<Path> files) throws IOException, CertificateException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> certs = new ArrayList<>();
        for (Path p : files) {
            try (InputStream in = Files.newInputStream(p)) {
                for (var c : cf.generateCertificates(in)) {
                    certs.add((X509Certificate) c);
                }
            }
        }
        return new CertificateVerifier(certs);
    }

    public int anchorCount() {
        return anchors.size();
    }

    /** The report for a DER certificate at the moment {@code now}. */
    public CertificateReport report(byte[] der, Instant now) {
        X509CertificateHolder cert;
        try {
            cert = new X509CertificateHolder(der);
        } catch (IOException | RuntimeException e) {
            return new CertificateReport("", "", "", Instant.EPOCH, Instant.EPOCH, ChainVerdict.MALFORMED, Renewal.NONE);
        }
        Instant notBefore = cert.getNotBefore().toInstant();
        Instant notAfter = cert.getNotAfter().toInstant();
        return new CertificateReport(
                HexFormat.of().withUpperCase().formatHex(cert.getSerialNumber().toByteArray()).replaceFirst("^00(?=.)", ""),
                cert.getIssuer().toString(),
                cert.getSubject().toString(),
                notBefore,
                notAfter,
                chain(cert, now),
                renewal(notAfter, now));
    }

    private ChainVerdict chain(X509CertificateHolder cert, Instant now) {
        if (anchors.isEmpty()) {
            return ChainVerdict.UNCHECKED;
        }
        KeyUsage usage = KeyUsage.fromExtensions(cert.getExtensions());
        if (usage != null && !usage.hasUsages(KeyUsage.digitalSignature)) {
            return ChainVerdict.UNTRUSTED;
        }
        boolean signedByAnchor = false;
        for (X509Certificate anchor : anchors) {
            try {
                ContentVerifierProvider verifier = new JcaContentVerifierProviderBuilder().build(anchor.getPublicKey());
                if (cert.isSignatureValid(verifier)) {
                    signedByAnchor = true;
                    break;
                }
            } catch (OperatorCreationException | org.bouncycastle.cert.CertException | RuntimeException e) {
                // not this anchor
            }
        }
        if (!signedByAnchor) {
            return ChainVerdict.UNTRUSTED;
        }
        if (now.isBefore(cert.getNotBefore().toInstant())) {
            return ChainVerdict.NOT_YET_VALID;
        }
        if (!cert.isValidOn(Date.from(now))) {
            return ChainVerdict.EXPIRED;
        }
        return ChainVerdict.VALID;
    }

    static Renewal renewal(Instant notAfter, Instant now) {
        ZonedDateTime expiry = notAfter.atZone(ZoneOffset.UTC);
        Instant opens = expiry.minusMonths(RENEWAL_MONTHS).toInstant();
        Instant closes = expiry.plusMonths(RENEWAL_MONTHS).toInstant();
        if (now.isBefore(opens)) {
            return Renewal.NONE;
        }
        if (!now.isAfter(notAfter)) {
            return Renewal.DUE;
        }
        return now.isAfter(closes) ? Renewal.LAPSED : Renewal.GRACE;
    }

    /**
     * Whether {@code signature} is a valid SHA256withRSA (PKCS#1 v1.5) signature over
     * {@code message} by the certificate's key: what the card makes in {@code 80 2A 00 80} over the
     * SHA-256 DigestInfo of the message.
     */
    public static boolean verifySignature(byte[] certificateDer, byte[] message, byte[] signature) {
        try {
            PublicKey key = new JcaX509CertificateConverter()
                    .getCertificate(new X509CertificateHolder(certificateDer)).getPublicKey();
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
