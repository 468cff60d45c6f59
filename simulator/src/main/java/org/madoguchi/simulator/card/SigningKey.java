package org.madoguchi.simulator.card;

import java.security.PublicKey;

/**
 * A private key inside the card, as COMPUTE DIGITAL SIGNATURE ({@code 80 2A}) uses it
 * (docs/card.md §9).
 */
public interface SigningKey {

    /** The largest input {@link #sign} accepts; longer input is answered {@code 67 00}. */
    int maxInputLength();

    /** PKCS#1 v1.5 type-1 padding over {@code input} as given (a DER DigestInfo), then the private-key operation. */
    byte[] sign(byte[] input);

    /** RSASSA-PSS (SHA-256, MGF1-SHA-256, 32-byte salt) over a 32-byte SHA-256 hash. */
    byte[] signPss(byte[] sha256Hash);

    /** The matching public key, the one in the card's certificate. */
    PublicKey publicKey();
}
