package org.madoguchi.simulator.card;

import java.security.PublicKey;

/**
 * A private key inside the card, as COMPUTE DIGITAL SIGNATURE ({@code 80 2A 00 80}) uses it: the
 * card pads the input it is given (a DER DigestInfo) and signs it (domain.md §7.1).
 */
public interface SigningKey {

    /** The largest input the key accepts; longer input is answered {@code 67 00}. */
    int maxInputLength();

    /** The signature over {@code input} (for RSA-2048 PKCS#1 v1.5: 256 bytes). */
    byte[] sign(byte[] input);

    /** The matching public key, so tests (and later the test PKI) can check signatures. */
    PublicKey publicKey();
}
