package org.madoguchi.simulator.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.OtherName;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.PolicyQualifierId;
import org.bouncycastle.asn1.x509.PolicyQualifierInfo;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The simulator's test PKI, made with BouncyCastle: a {@code JPKI-TEST} root for user
 * authentication and one for digital signature (issuer DNs shaped as docs/card.md §12, with
 * {@code O=JPKI-TEST} and an OU that says they are not J-LIS), and per-card certificates with the
 * same profile. Everything is deterministic: the keys come from {@link DeterministicRsa}, the roots
 * have fixed validity dates and PKCS#1 v1.5 signatures are deterministic, so the root PEM files are
 * byte-identical wherever and whenever they are exported.
 *
 * <p>Trust these roots only in development and CI; production must reject {@code O=JPKI-TEST}.
 */
public final class TestPki {
    /** Subject and issuer of the user-authentication test root. */
    public static final String AUTH_ROOT_DN =
            "C=JP, O=JPKI-TEST, OU=JPKI for user authentication, OU=madoguchi simulator test CA (not J-LIS)";
    /** Subject and issuer of the digital-signature test root. */
    public static final String SIGN_ROOT_DN =
            "C=JP, O=JPKI-TEST, OU=JPKI for digital signature, OU=madoguchi simulator test CA (not J-LIS)";
    /** File names written by {@link #exportRoots(Path)}. */
    public static final String AUTH_ROOT_FILE = "jpki-test-auth-root.pem";
    public static final String SIGN_ROOT_FILE = "jpki-test-sign-root.pem";

    /** 利用者証明用 policy (OID name from a jsrsasign addon; its presence in real certs is unconfirmed). */
    static final ASN1ObjectIdentifier AUTH_POLICY = new ASN1ObjectIdentifier("1.2.392.200149.8.5.1.3.30");
    /** The signature-certificate policy test cards carry ({@code …8.5.1.0.20}; production uses {@code …1.1.20}). */
    static final ASN1ObjectIdentifier SIGN_TEST_POLICY = new ASN1ObjectIdentifier("1.2.392.200149.8.5.1.0.20");
    /** subjectAltName otherName OIDs of the basic 4 information (docs/card.md §12). */
    static final ASN1ObjectIdentifier SAN_NAME = new ASN1ObjectIdentifier("1.2.392.200149.8.5.5.1");
    static final ASN1ObjectIdentifier SAN_NAME_FLAGS = new ASN1ObjectIdentifier("1.2.392.200149.8.5.5.2");
    static final ASN1ObjectIdentifier SAN_SEX = new ASN1ObjectIdentifier("1.2.392.200149.8.5.5.3");
    static final ASN1ObjectIdentifier SAN_BIRTH = new ASN1ObjectIdentifier("1.2.392.200149.8.5.5.4");
    static final ASN1ObjectIdentifier SAN_ADDRESS = new ASN1ObjectIdentifier("1.2.392.200149.8.5.5.5");
    static final ASN1ObjectIdentifier SAN_ADDRESS_FLAGS = new ASN1ObjectIdentifier("1.2.392.200149.8.5.5.6");

    private static final String ISSUER_ALT_NAME = "C=JP, O=JPKI-TEST 公的個人認証サービス (試験用)";
    private static final Instant ROOT_NOT_BEFORE = Instant.parse("2023-07-16T00:00:00Z");
    private static final Instant ROOT_NOT_AFTER = Instant.parse("2043-07-15T14:59:59Z");

    private static final class Holder {
        static final TestPki INSTANCE = new TestPki();
    }

    private final KeyPair authRootKey;
    private final KeyPair signRootKey;
    private final byte[] authRoot;
    private final byte[] signRoot;

    private TestPki() {
        authRootKey = DeterministicRsa.keyPair("root/auth");
        signRootKey = DeterministicRsa.keyPair("root/sign");
        authRoot = root(AUTH_ROOT_DN, BigInteger.valueOf(0x7E570001L), authRootKey);
        signRoot = root(SIGN_ROOT_DN, BigInteger.valueOf(0x7E570002L), signRootKey);
    }

    /** The test PKI (its two root keys are derived on first use). */
    public static TestPki get() {
        return Holder.INSTANCE;
    }

    /** The user-authentication root, DER; also what EF 000B of every simulated card holds. */
    public byte[] authRootDer() {
        return authRoot.clone();
    }

    /** The digital-signature root, DER; also what EF 0002 of every simulated card holds. */
    public byte[] signRootDer() {
        return signRoot.clone();
    }

    public X509Certificate authRoot() {
        return parse(authRoot);
    }

    public X509Certificate signRoot() {
        return parse(signRoot);
    }

    /** Both roots as PEM text, auth first. */
    public String rootsPem() {
        return Pem.certificate(authRoot) + Pem.certificate(signRoot);
    }

    /**
     * Writes {@value #AUTH_ROOT_FILE} and {@value #SIGN_ROOT_FILE} into {@code dir} (created if
     * needed) and returns their paths. Point the daemon's {@code trustAnchors} at the auth root.
     */
    public List<Path> exportRoots(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path auth = write(dir.resolve(AUTH_ROOT_FILE), Pem.certificate(authRoot));
        Path sign = write(dir.resolve(SIGN_ROOT_FILE), Pem.certificate(signRoot));
        return List.of(auth, sign);
    }

    private static Path write(Path target, String text) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), ".export-", ".tmp");
        Files.writeString(tmp, text, StandardCharsets.US_ASCII);
        return Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** A 利用者証明用電子証明書 signed by the auth root, DER. */
    public byte[] issueAuth(AuthCertificateRequest r) {
        try {
            X509v3CertificateBuilder b = leaf(AUTH_ROOT_DN, authRootKey.getPublic(), r.serial(), r.notBefore(),
                    r.notAfter(), "C=JP, CN=" + r.subjectId(), r.key());
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.certificatePolicies, false,
                    new CertificatePolicies(new PolicyInformation(AUTH_POLICY)));
            return sign(b, authRootKey.getPrivate());
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("auth certificate issuance failed", e);
        }
    }

    /** A 署名用電子証明書 signed by the sign root, DER. */
    public byte[] issueSign(SignCertificateRequest r) {
        try {
            X509v3CertificateBuilder b = leaf(SIGN_ROOT_DN, signRootKey.getPublic(), r.serial(), r.notBefore(),
                    r.notAfter(), "C=JP, L=" + r.prefecture() + ", L=" + r.city() + ", CN=" + r.subjectId(), r.key());
            b.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation));
            PolicyQualifierInfo cps = new PolicyQualifierInfo(PolicyQualifierId.id_qt_cps,
                    new DERIA5String("http://jpki-test.invalid/cps.html"));
            b.addExtension(Extension.certificatePolicies, true, new CertificatePolicies(
                    new PolicyInformation(SIGN_TEST_POLICY, new DERSequence(cps))));
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                otherName(SAN_NAME, r.name()),
                otherName(SAN_NAME_FLAGS, SignCertificateRequest.noSubstitutes(r.name())),
                otherName(SAN_SEX, r.sex()),
                otherName(SAN_BIRTH, r.birth()),
                otherName(SAN_ADDRESS, r.address()),
                otherName(SAN_ADDRESS_FLAGS, SignCertificateRequest.noSubstitutes(r.address())),
            }));
            X500Name crl = new X500Name("C=JP, O=JPKI-TEST, OU=JPKI for digital signature, "
                    + "OU=CRL Distribution Points, OU=" + r.prefecture() + ", CN=" + r.city() + " CRLDP");
            b.addExtension(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                new DistributionPoint(new DistributionPointName(new GeneralNames(new GeneralName(crl))), null, null)}));
            return sign(b, signRootKey.getPrivate());
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("sign certificate issuance failed", e);
        }
    }

    private static GeneralName otherName(ASN1ObjectIdentifier oid, String value) {
        return new GeneralName(GeneralName.otherName, new OtherName(oid, new DERUTF8String(value)));
    }

    private static X509v3CertificateBuilder leaf(String issuer, PublicKey issuerKey, BigInteger serial,
            Instant notBefore, Instant notAfter, String subject, PublicKey key)
            throws CertIOException, GeneralSecurityException {
        JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(new X500Name(issuer), serial,
                Date.from(notBefore), Date.from(notAfter), new X500Name(subject), key);
        b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerKey));
        b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key));
        b.addExtension(Extension.issuerAlternativeName, false,
                new GeneralNames(new GeneralName(new X500Name(ISSUER_ALT_NAME))));
        return b;
    }

    private static byte[] root(String dn, BigInteger serial, KeyPair key) {
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X500Name name = new X500Name(dn);
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial, Date.from(ROOT_NOT_BEFORE),
                    Date.from(ROOT_NOT_AFTER), name, key.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(key.getPublic()));
            return sign(b, key.getPrivate());
        } catch (CertIOException | GeneralSecurityException e) {
            throw new IllegalStateException("root issuance failed", e);
        }
    }

    /** sha256WithRSAEncryption through the JDK's own provider (no BouncyCastle provider registration). */
    private static byte[] sign(X509v3CertificateBuilder b, PrivateKey key) throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withRSA").build(key);
            return b.build(signer).getEncoded();
        } catch (OperatorCreationException | IOException e) {
            throw new GeneralSecurityException("certificate signing failed", e);
        }
    }

    static X509Certificate parse(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalStateException("not a certificate", e);
        }
    }
}
