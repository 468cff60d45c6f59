package org.madoguchi.driver.card;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** DER DigestInfo for the card's {@code 80 2A} (docs/card.md §9.1): the card pads, we hash. */
public final class DigestInfos {
    private static final byte[] SHA256_PREFIX = {
        0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, (byte) 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00,
        0x04, 0x20};

    private DigestInfos() {
    }

    /** SHA-256 of {@code message}, wrapped in a DigestInfo: 51 bytes. */
    public static byte[] sha256(byte[] message) {
        byte[] hash;
        try {
            hash = MessageDigest.getInstance("SHA-256").digest(message);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JRE", e);
        }
        byte[] out = new byte[SHA256_PREFIX.length + hash.length];
        System.arraycopy(SHA256_PREFIX, 0, out, 0, SHA256_PREFIX.length);
        System.arraycopy(hash, 0, out, SHA256_PREFIX.length, hash.length);
        return out;
    }
}
