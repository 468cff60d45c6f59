package org.madoguchi.simulator.pki;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Collection;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.madoguchi.driver.card.CardLayout;
import org.madoguchi.driver.card.MyNumberCard;
import org.madoguchi.driver.card.Secret;
import org.madoguchi.driver.card.SignOutcome;
import org.madoguchi.driver.pki.CertificateReport;
import org.madoguchi.driver.pki.CertificateVerifier;
import org.madoguchi.driver.pki.ChainVerdict;
import org.madoguchi.driver.pki.Renewal;
import org.madoguchi.simulator.card.MyNumberCardSim;
import org.madoguchi.simulator.card.Profiles;

/** The test PKI: deterministic roots, exported PEM, and each profile's certificates as docs/card.md §12 has them. */
class TestPkiTest {
    /**
     * SHA-256 of the auth root's DER. The roots must be the same bytes in every JVM and on every
     * machine, or a daemon configured with yesterday's export would reject today's cards.
     */
    private static final String AUTH_ROOT_SHA256 = "2fce1236d89fa04f663afb133e7ef41bb6d93c7e522b0b39ed29560156aa3a49";

    @Test
    void rootsAreDeterministic() throws Exception {
        assertEquals(AUTH_ROOT_SHA256, sha256(TestPki.get().authRootDer()));
        assertEquals(DeterministicRsa.derive("root/sign").getPublic(), TestPki.get().signRoot().getPublicKey());
        assertNotEquals(TestPki.get().authRoot().getPublicKey(), TestPki.get().signRoot().getPublicKey());
    }

    @Test
    void rootsAreSelfSignedTestCas() throws Exception {
        for (X509Certificate root : List.of(TestPki.get().authRoot(), TestPki.get().signRoot())) {
            root.verify(root.getPublicKey());
            assertTrue(root.getBasicConstraints() >= 0, "a CA");
            assertTrue(root.getSubjectX500Principal().getName().contains("O=JPKI-TEST"));
            assertTrue(root.getSubjectX500Principal().getName().contains("not J-LIS"));
            assertEquals("SHA256withRSA", root.getSigAlgName());
        }
        assertTrue(TestPki.get().authRoot().getSubjectX500Principal().getName()
                .contains("OU=JPKI for user authentication"));
    }

    @Test
    void exportedRootsParseAndMatch(@TempDir Path dir) throws Exception {
        List<Path> files = TestPki.get().exportRoots(dir.resolve("roots"));
        assertEquals(List.of(dir.resolve("roots/jpki-test-auth-root.pem"), dir.resolve("roots/jpki-test-sign-root.pem")),
                files);
        String pem = Files.readString(files.get(0), StandardCharsets.US_ASCII);
        assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----\n") && pem.endsWith("-----END CERTIFICATE-----\n"));
        assertEquals(1, CertificateVerifier.fromFiles(List.of(files.get(0))).anchorCount());
        assertEquals(TestPki.get().rootsPem(), Files.readString(files.get(0)) + Files.readString(files.get(1)));
    }

    @Test
    void defaultAuthCertificateChainsToTheExportedRoot(@TempDir Path dir) throws Exception {
        Path authRoot = TestPki.get().exportRoots(dir).get(0);
        CertificateVerifier verifier = CertificateVerifier.fromFiles(List.of(authRoot));
        MyNumberCard card = driver("default");
        CertificateReport report = verifier.report(card.readAuthCertificate(), Instant.now());
        assertEquals(ChainVerdict.VALID, report.chain());
        assertEquals(Renewal.NONE, report.renewal());
        assertTrue(report.subject().matches("C=JP,CN=[0-9A-Z]{23}"), report.subject());
        assertArrayEquals(TestPki.get().authRootDer(), card.readAuthCaCertificate(), "EF 000B holds the root");
        // The sign root does not vouch for auth certificates.
        Path signRoot = dir.resolve(TestPki.SIGN_ROOT_FILE);
        assertEquals(ChainVerdict.UNTRUSTED, CertificateVerifier.fromFiles(List.of(signRoot))
                .report(card.readAuthCertificate(), Instant.now()).chain());
    }

    @Test
    void authCertificateProfile() throws Exception {
        X509Certificate c = parse(driver("default").readAuthCertificate());
        assertTrue(c.getCriticalExtensionOIDs().contains("2.5.29.15"), "KeyUsage critical");
        boolean[] ku = c.getKeyUsage();
        assertTrue(ku[0], "digitalSignature");
        assertFalse(ku[1], "no nonRepudiation on the auth certificate");
        assertEquals("SHA256withRSA", c.getSigAlgName());
        assertEquals(2048, ((java.security.interfaces.RSAPublicKey) c.getPublicKey()).getModulus().bitLength());
        assertEquals(java.util.Set.of(), c.getSubjectAlternativeNames() == null ? java.util.Set.of()
                : java.util.Set.copyOf(c.getSubjectAlternativeNames()), "no personal data");
        // Valid to the 5th birthday (1 April) after issuance, 23:59:59 in Japan.
        var notAfter = c.getNotAfter().toInstant().atZone(ZoneId.of("Asia/Tokyo"));
        assertEquals(4, notAfter.getMonthValue());
        assertEquals(1, notAfter.getDayOfMonth());
        assertEquals(23, notAfter.getHour());
        var notBefore = c.getNotBefore().toInstant().atZone(ZoneId.of("Asia/Tokyo"));
        assertEquals(notBefore.getYear() + 4, notAfter.getYear(), "issued 10 January, 5th birthday 4 years on");
    }

    @Test
    void signCertificateCarriesFakeBasicInformation() throws Exception {
        MyNumberCardSim card = Profiles.create("default");
        card.powerOn();
        byte[] der = org.madoguchi.simulator.card.CardReads.signCertificate(card, "ABC123");
        X509Certificate c = parse(der);
        boolean[] ku = c.getKeyUsage();
        assertTrue(ku[0] && ku[1], "digitalSignature and nonRepudiation");
        assertTrue(c.getCriticalExtensionOIDs().contains("2.5.29.32"), "certificatePolicies critical");
        assertTrue(c.getSubjectX500Principal().getName().contains("L=Mihon-shi"));
        Map<String, String> san = new TreeMap<>();
        Collection<List<?>> names = c.getSubjectAlternativeNames();
        org.bouncycastle.asn1.x509.GeneralNames gn = org.bouncycastle.asn1.x509.GeneralNames.getInstance(
                org.bouncycastle.asn1.ASN1OctetString.getInstance(c.getExtensionValue("2.5.29.17")).getOctets());
        for (var g : gn.getNames()) {
            var other = org.bouncycastle.asn1.x509.OtherName.getInstance(g.getName());
            san.put(other.getTypeID().getId(), ((org.bouncycastle.asn1.ASN1String) other.getValue()).getString());
        }
        assertEquals(6, names.size());
        assertEquals("見本　太郎", san.get("1.2.392.200149.8.5.5.1"));
        assertEquals("00000", san.get("1.2.392.200149.8.5.5.2"));
        assertEquals("1", san.get("1.2.392.200149.8.5.5.3"));
        assertEquals("319850401", san.get("1.2.392.200149.8.5.5.4"), "昭和 (3) + 1985-04-01");
        assertTrue(san.get("1.2.392.200149.8.5.5.5").startsWith("見本県"));
        CertificateVerifier signRoot = new CertificateVerifier(List.of(TestPki.get().signRoot()));
        assertEquals(ChainVerdict.VALID, signRoot.report(der, Instant.now()).chain());
    }

    @Test
    void expiredAndRenewalDueProfiles() throws Exception {
        CertificateVerifier verifier = new CertificateVerifier(List.of(TestPki.get().authRoot()));
        CertificateReport expired = verifier.report(driver("expired-cert").readAuthCertificate(), Instant.now());
        assertEquals(ChainVerdict.EXPIRED, expired.chain());
        assertEquals(Renewal.LAPSED, expired.renewal());
        CertificateReport due = verifier.report(driver("renewal-due").readAuthCertificate(), Instant.now());
        assertEquals(ChainVerdict.VALID, due.chain());
        assertEquals(Renewal.DUE, due.renewal());
        for (String p : List.of("under15", "pin-blocked", "face-only", "iphone")) {
            assertEquals(ChainVerdict.VALID, verifier.report(driver(p).readAuthCertificate(), Instant.now()).chain(), p);
        }
    }

    @Test
    void theSignatureVerifiesWithTheCertificatesKey() throws Exception {
        MyNumberCard card = driver("default");
        byte[] challenge = "reception 2026-11-23 #42".getBytes(StandardCharsets.UTF_8);
        char[] pin = "1234".toCharArray();
        SignOutcome outcome;
        try (Secret secret = Secret.authPin(pin)) {
            outcome = card.signChallenge(secret, challenge);
        }
        SignOutcome.Signed signed = (SignOutcome.Signed) outcome;
        byte[] cert = card.readAuthCertificate();
        assertTrue(CertificateVerifier.verifySignature(cert, challenge, signed.signature()));
        assertFalse(CertificateVerifier.verifySignature(cert, "another".getBytes(StandardCharsets.UTF_8),
                signed.signature()));
        // Another card's certificate does not verify it: each card has its own key.
        assertFalse(CertificateVerifier.verifySignature(driver("pin-last-try").readAuthCertificate(), challenge,
                signed.signature()));
    }

    private static MyNumberCard driver(String profile) throws Exception {
        MyNumberCardSim sim = Profiles.create(profile);
        sim.powerOn();
        return new MyNumberCard(sim::process, CardLayout.RSA_2016);
    }

    static X509Certificate parse(byte[] der) throws Exception {
        return (X509Certificate) java.security.cert.CertificateFactory.getInstance("X.509")
                .generateCertificate(new java.io.ByteArrayInputStream(der));
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
