package org.madoguchi.driver.pki;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A tiny test PKI for the driver's own tests (the simulator has the full one). */
final class TestPki {
    static final KeyPair ROOT_KEY = rsa();
    static final KeyPair OTHER_ROOT_KEY = rsa();
    static final KeyPair CARD_KEY = rsa();
    static final X500Name ROOT_DN = new X500Name(
            "C=JP,O=JPKI-TEST,OU=JPKI for user authentication,OU=Test Agency");

    private TestPki() {
    }

    static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static X509Certificate root(KeyPair key) throws Exception {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ROOT_DN, BigInteger.ONE,
                Date.from(Instant.parse("2020-01-01T00:00:00Z")), Date.from(Instant.parse("2040-01-01T00:00:00Z")),
                ROOT_DN, key.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withRSA").build(key.getPrivate())));
    }

    static X509Certificate leaf(KeyPair issuer, Instant notBefore, Instant notAfter, int keyUsage) throws Exception {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ROOT_DN, new BigInteger("0133C349", 16),
                Date.from(notBefore), Date.from(notAfter),
                new X500Name("C=JP,CN=997794E9AGCIEG13221003A"), CARD_KEY.getPublic());
        b.addExtension(Extension.keyUsage, true, new KeyUsage(keyUsage));
        return new JcaX509CertificateConverter().getCertificate(
                b.build(new JcaContentSignerBuilder("SHA256withRSA").build(issuer.getPrivate())));
    }
}
