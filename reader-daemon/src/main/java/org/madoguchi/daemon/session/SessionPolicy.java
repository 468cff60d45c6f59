package org.madoguchi.daemon.session;

/**
 * The configurable parts of the fallback policy.
 *
 * @param faceMaxAttempts face mismatches before falling back to PIN or 目視確認 ({@code face.maxAttempts})
 * @param faceThreshold   the score at or above which a face matches ({@code face.threshold})
 * @param pinMaxTries     tries a fresh auth PIN has (3)
 */
public record SessionPolicy(int faceMaxAttempts, double faceThreshold, int pinMaxTries) {
    public SessionPolicy {
        if (faceMaxAttempts < 1 || pinMaxTries < 1 || !(faceThreshold > 0 && faceThreshold <= 1)) {
            throw new IllegalArgumentException("bad session policy");
        }
    }
}
