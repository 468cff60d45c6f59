package org.madoguchi.driver.card;

/** The result of VERIFY → sign inside one exclusive transaction. */
public sealed interface SignOutcome {
    /**
     * @param signature   the card's PKCS#1 v1.5 signature (256 bytes for RSA-2048)
     * @param digestInfo  what the card signed: the SHA-256 DigestInfo of the challenge
     */
    record Signed(byte[] signature, byte[] digestInfo) implements SignOutcome {
        public Signed {
            signature = signature.clone();
            digestInfo = digestInfo.clone();
        }
    }

    /** The PIN was not accepted; nothing was signed. */
    record PinRejected(VerifyOutcome outcome) implements SignOutcome {
    }
}
