package org.madoguchi.driver.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.asn1.x509.KeyUsage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateVerifierTest {
    private static final Instant FROM = Instant.parse("2025-10-27T00:00:00Z");
    private static final Instant TO = Instant.parse("2030-02-17T14:59:59Z");
    private static final Instant MID = Instant.parse("2027-06-01T00:00:00Z");

    private static byte[] leaf(int usage) throws Exception {
        return TestPki.leaf(TestPki.ROOT_KEY, FROM, TO, usage).getEncoded();
    }

    @Test
    void validCertificateChainsToItsRootAndReportsItsFields() throws Exception {
        CertificateVerifier v = new CertificateVerifier(List.of(TestPki.root(TestPki.ROOT_KEY)));
        CertificateReport r = v.report(leaf(KeyUsage.digitalSignature), MID);
        assertEquals(ChainVerdict.VALID, r.chain());
        assertEquals(Renewal.NONE, r.renewal());
        assertEquals("0133C349", r.serialNumber());
        assertEquals("C=JP,CN=997794E9AGCIEG13221003A", r.subject());
        assertTrue(r.issuer().contains("O=JPKI-TEST"));
        assertEquals(FROM, r.notBefore());
        assertEquals(TO, r.notAfter());
    }

    @Test
    void issuerIsFoundBySignatureAmongRootsThatShareOneName() throws Exception {
        // Two generations, one DN: only the right key's root verifies.
        CertificateVerifier v = new CertificateVerifier(
                List.of(TestPki.root(TestPki.OTHER_ROOT_KEY), TestPki.root(TestPki.ROOT_KEY)));
        assertEquals(ChainVerdict.VALID, v.report(leaf(KeyUsage.digitalSignature), MID).chain());
        CertificateVerifier wrong = new CertificateVerifier(List.of(TestPki.root(TestPki.OTHER_ROOT_KEY)));
        assertEquals(ChainVerdict.UNTRUSTED, wrong.report(leaf(KeyUsage.digitalSignature), MID).chain());
    }

    @Test
    void validityAndKeyUsageAreChecked() throws Exception {
        CertificateVerifier v = new CertificateVerifier(List.of(TestPki.root(TestPki.ROOT_KEY)));
        assertEquals(ChainVerdict.EXPIRED, v.report(leaf(KeyUsage.digitalSignature), TO.plusSeconds(1)).chain());
        assertEquals(ChainVerdict.NOT_YET_VALID, v.report(leaf(KeyUsage.digitalSignature), FROM.minusSeconds(1)).chain());
        assertEquals(ChainVerdict.UNTRUSTED, v.report(leaf(KeyUsage.keyEncipherment), MID).chain());
        assertEquals(ChainVerdict.UNCHECKED, new CertificateVerifier(List.of()).report(leaf(KeyUsage.digitalSignature), MID).chain());
        assertEquals(ChainVerdict.MALFORMED, v.report(new byte[] {0x30, 0x03, 1, 2, 3}, MID).chain());
    }

    @Test
    void renewalWindowIsThreeMonthsEitherSideOfExpiry() {
        assertEquals(Renewal.NONE, CertificateVerifier.renewal(TO, Instant.parse("2029-11-17T00:00:00Z")));
        assertEquals(Renewal.DUE, CertificateVerifier.renewal(TO, Instant.parse("2029-11-18T00:00:00Z")));
        assertEquals(Renewal.DUE, CertificateVerifier.renewal(TO, TO));
        assertEquals(Renewal.GRACE, CertificateVerifier.renewal(TO, TO.plusSeconds(1)));
        assertEquals(Renewal.GRACE, CertificateVerifier.renewal(TO, Instant.parse("2030-05-17T00:00:00Z")));
        assertEquals(Renewal.LAPSED, CertificateVerifier.renewal(TO, Instant.parse("2030-05-18T00:00:00Z")));
    }

    @Test
    void signatureOverTheChallengeIsVerifiedWithTheCertificatesKey() throws Exception {
        byte[] challenge = "challenge-32-bytes-long-exactly!".getBytes();
        Signature s = Signature.getInstance("SHA256withRSA");
        s.initSign(TestPki.CARD_KEY.getPrivate());
        s.update(challenge);
        byte[] sig = s.sign();
        byte[] cert = leaf(KeyUsage.digitalSignature);
        assertTrue(CertificateVerifier.verifySignature(cert, challenge, sig));
        sig[10] ^= 1;
        assertFalse(CertificateVerifier.verifySignature(cert, challenge, sig));
        assertFalse(CertificateVerifier.verifySignature(new byte[] {1}, challenge, sig));
    }

    @Test
    void trustAnchorsLoadFromPemFiles(@TempDir Path dir) throws Exception {
        X509Certificate root = TestPki.root(TestPki.ROOT_KEY);
        Path pem = dir.resolve("root.pem");
        Files.writeString(pem, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(root.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        CertificateVerifier v = CertificateVerifier.fromFiles(List.of(pem));
        assertEquals(1, v.anchorCount());
        assertEquals(ChainVerdict.VALID, v.report(leaf(KeyUsage.digitalSignature), MID).chain());
    }
}
