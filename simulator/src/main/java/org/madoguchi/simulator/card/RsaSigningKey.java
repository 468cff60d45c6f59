package org.madoguchi.simulator.card;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;

import javax.crypto.Cipher;

/**
 * An RSA key that signs like the card: PKCS#1 v1.5 type-1 padding over the input as given, raw
 * RSA with the private key (no hashing, no DigestInfo wrapping; the caller sends a DigestInfo).
 */
public final class RsaSigningKey implements SigningKey {
    private final KeyPair pair;
    private final int modulusBytes;

    public RsaSigningKey(KeyPair pair) {
        this.pair = Objects.requireNonNull(pair);
        this.modulusBytes = (((RSAPublicKey) pair.getPublic()).getModulus().bitLength() + 7) / 8;
    }

    /**
     * A key shared by every simulated card in this JVM, generated (RSA-2048) on first use. A
     * stand-in until the test PKI gives each profile its own key and a certificate that matches it.
     */
    public static SigningKey placeholder() {
        return PLACEHOLDER;
    }

    private static final SigningKey PLACEHOLDER = new SigningKey() {
        @Override
        public int maxInputLength() {
            return 256 - 11;
        }

        @Override
        public byte[] sign(byte[] input) {
            return Lazy.INSTANCE.sign(input);
        }

        @Override
        public PublicKey publicKey() {
            return Lazy.INSTANCE.publicKey();
        }

        @Override
        public String toString() {
            return "RsaSigningKey[placeholder, 2048 bits]";
        }
    };

    @Override
    public int maxInputLength() {
        return modulusBytes - 11;
    }

    @Override
    public byte[] sign(byte[] input) {
        if (input.length > maxInputLength()) {
            throw new IllegalArgumentException("input too long for the key: " + input.length);
        }
        try {
            // SunJCE: encrypting with a private key uses block type 1, i.e. a PKCS#1 v1.5 signature.
            Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
            rsa.init(Cipher.ENCRYPT_MODE, pair.getPrivate());
            return rsa.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA signing failed", e);
        }
    }

    @Override
    public PublicKey publicKey() {
        return pair.getPublic();
    }

    /** A fresh RSA-2048 key pair with exponent 65537. */
    public static RsaSigningKey generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return new RsaSigningKey(g.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("RSA key generation failed", e);
        }
    }

    @Override
    public String toString() {
        return "RsaSigningKey[" + modulusBytes * 8 + " bits]";
    }

    /** Defers the shared key's generation (about a second) until something signs. */
    private static final class Lazy {
        static final RsaSigningKey INSTANCE = generate();
    }
}
