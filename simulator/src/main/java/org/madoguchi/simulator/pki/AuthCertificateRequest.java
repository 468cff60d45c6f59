package org.madoguchi.simulator.pki;

import java.math.BigInteger;
import java.security.PublicKey;
import java.time.Instant;
import java.util.Objects;

/**
 * What a simulated card's 利用者証明用電子証明書 (EF 000A) says (docs/card.md §12): no personal data.
 *
 * @param subjectId the opaque 23-character CN
 * @param serial    the certificate serial number (positive)
 * @param notBefore start of validity
 * @param notAfter  end of validity (the 5th birthday after issuance for ordinary profiles)
 * @param key       the card's auth public key
 */
public record AuthCertificateRequest(String subjectId, BigInteger serial, Instant notBefore, Instant notAfter,
        PublicKey key) {
    public AuthCertificateRequest {
        Objects.requireNonNull(subjectId);
        Objects.requireNonNull(serial);
        Objects.requireNonNull(notBefore);
        Objects.requireNonNull(notAfter);
        Objects.requireNonNull(key);
        if (serial.signum() <= 0) {
            throw new IllegalArgumentException("serial must be positive");
        }
    }
}
