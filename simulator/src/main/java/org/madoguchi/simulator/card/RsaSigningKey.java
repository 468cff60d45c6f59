package org.madoguchi.simulator.card;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Objects;

import javax.crypto.Cipher;

/**
 * An RSA key that signs like the card: PKCS#1 v1.5 type-1 padding over the input as given, raw RSA
 * with the private key (no hashing, no DigestInfo wrapping; the caller sends a DigestInfo); and
 * RSASSA-PSS over a given hash (EMSA-PSS encoding of RFC 8017 §9.1.1, then the private-key
 * operation) for the card's PSS schemes.
 */
public final class RsaSigningKey implements SigningKey {
    private static final int HASH_LENGTH = 32;
    private final KeyPair pair;
    private final int modulusBytes;
    private final SecureRandom random = new SecureRandom();

    public RsaSigningKey(KeyPair pair) {
        this.pair = Objects.requireNonNull(pair);
        this.modulusBytes = (((RSAPublicKey) pair.getPublic()).getModulus().bitLength() + 7) / 8;
    }

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
    public byte[] signPss(byte[] mHash) {
        if (mHash.length != HASH_LENGTH) {
            throw new IllegalArgumentException("PSS needs a 32-byte hash");
        }
        RSAPrivateCrtKey k = (RSAPrivateCrtKey) pair.getPrivate();
        int emBits = k.getModulus().bitLength() - 1;
        int emLen = (emBits + 7) / 8;
        byte[] salt = new byte[HASH_LENGTH];
        random.nextBytes(salt);
        MessageDigest sha = sha256();
        sha.update(new byte[8]);
        sha.update(mHash);
        byte[] h = sha.digest(salt);
        byte[] db = new byte[emLen - HASH_LENGTH - 1];
        db[db.length - HASH_LENGTH - 1] = 0x01;
        System.arraycopy(salt, 0, db, db.length - HASH_LENGTH, HASH_LENGTH);
        byte[] mask = mgf1(h, db.length);
        for (int i = 0; i < db.length; i++) {
            db[i] ^= mask[i];
        }
        db[0] &= (byte) (0xFF >>> (8 * emLen - emBits));
        byte[] em = new byte[emLen];
        System.arraycopy(db, 0, em, 0, db.length);
        System.arraycopy(h, 0, em, db.length, HASH_LENGTH);
        em[emLen - 1] = (byte) 0xBC;
        return privateOperation(k, new BigInteger(1, em));
    }

    /** m^d mod n by the Chinese remainder theorem, as {@code modulusBytes} big-endian bytes. */
    private byte[] privateOperation(RSAPrivateCrtKey k, BigInteger m) {
        BigInteger m1 = m.modPow(k.getPrimeExponentP(), k.getPrimeP());
        BigInteger m2 = m.modPow(k.getPrimeExponentQ(), k.getPrimeQ());
        BigInteger h = k.getCrtCoefficient().multiply(m1.subtract(m2)).mod(k.getPrimeP());
        BigInteger s = m2.add(h.multiply(k.getPrimeQ()));
        byte[] b = s.toByteArray();
        byte[] out = new byte[modulusBytes];
        int n = Math.min(b.length, modulusBytes);
        System.arraycopy(b, b.length - n, out, modulusBytes - n, n);
        return out;
    }

    private static byte[] mgf1(byte[] seed, int length) {
        byte[] out = new byte[length];
        MessageDigest sha = sha256();
        for (int counter = 0, filled = 0; filled < length; counter++) {
            sha.update(seed);
            sha.update(new byte[] {(byte) (counter >>> 24), (byte) (counter >>> 16), (byte) (counter >>> 8),
                (byte) counter});
            byte[] block = sha.digest();
            int n = Math.min(block.length, length - filled);
            System.arraycopy(block, 0, out, filled, n);
            filled += n;
        }
        return out;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public PublicKey publicKey() {
        return pair.getPublic();
    }

    @Override
    public String toString() {
        return "RsaSigningKey[" + modulusBytes * 8 + " bits]";
    }
}
