package org.madoguchi.daemon.session;

import java.time.Duration;
import java.util.List;

/**
 * The configurable parts of the fallback policy.
 *
 * @param faceMaxAttempts face mismatches before falling back to PIN or 目視確認 ({@code face.maxAttempts})
 * @param faceThreshold   the largest distance at which a face matches ({@code face.threshold})
 * @param pinMaxTries     tries a fresh auth PIN has (3)
 * @param consentItems    what a verified patient is asked to consent to ({@code consent.items}); empty: no consent step
 * @param consentTimeout  how long the consent step may take ({@code consent.timeout})
 * @param faceLiveness    whether a face must also be found live ({@code face.liveness}); when off, an
 *                        engine's {@code not_checked} is accepted
 * @param cardLift        how long a card lifted off the reader to show its front to the camera may stay
 *                        away before the session ends {@code card_removed} ({@code face.cardLift}); zero:
 *                        lifting the card ends the session at once
 */
public record SessionPolicy(int faceMaxAttempts, double faceThreshold, int pinMaxTries, List<ConsentItem> consentItems,
        Duration consentTimeout, boolean faceLiveness, Duration cardLift) {
    public static final Duration DEFAULT_CONSENT_TIMEOUT = Duration.ofMinutes(2);
    public static final Duration DEFAULT_CARD_LIFT = Duration.ofSeconds(30);

    public SessionPolicy {
        if (faceMaxAttempts < 1 || pinMaxTries < 1 || !(faceThreshold > 0 && Double.isFinite(faceThreshold))) {
            throw new IllegalArgumentException("bad session policy");
        }
        consentItems = List.copyOf(consentItems);
        if (consentItems.stream().distinct().count() != consentItems.size()) {
            throw new IllegalArgumentException("consent items repeat");
        }
        if (consentTimeout.isNegative() || consentTimeout.isZero()) {
            throw new IllegalArgumentException("bad consent timeout");
        }
        if (cardLift.isNegative()) {
            throw new IllegalArgumentException("bad card lift");
        }
    }

    public SessionPolicy(int faceMaxAttempts, double faceThreshold, int pinMaxTries, List<ConsentItem> consentItems,
            Duration consentTimeout, boolean faceLiveness) {
        this(faceMaxAttempts, faceThreshold, pinMaxTries, consentItems, consentTimeout, faceLiveness, DEFAULT_CARD_LIFT);
    }

    /** Liveness on. */
    public SessionPolicy(int faceMaxAttempts, double faceThreshold, int pinMaxTries, List<ConsentItem> consentItems,
            Duration consentTimeout) {
        this(faceMaxAttempts, faceThreshold, pinMaxTries, consentItems, consentTimeout, true);
    }

    /** No consent step, liveness on. */
    public SessionPolicy(int faceMaxAttempts, double faceThreshold, int pinMaxTries) {
        this(faceMaxAttempts, faceThreshold, pinMaxTries, List.of(), DEFAULT_CONSENT_TIMEOUT, true);
    }

    public SessionPolicy withFaceLiveness(boolean on) {
        return new SessionPolicy(faceMaxAttempts, faceThreshold, pinMaxTries, consentItems, consentTimeout, on, cardLift);
    }

    public boolean consentOn() {
        return !consentItems.isEmpty();
    }

    public SessionPolicy withConsent(List<ConsentItem> items, Duration timeout) {
        return new SessionPolicy(faceMaxAttempts, faceThreshold, pinMaxTries, items, timeout, faceLiveness, cardLift);
    }

    public SessionPolicy withCardLift(Duration d) {
        return new SessionPolicy(faceMaxAttempts, faceThreshold, pinMaxTries, consentItems, consentTimeout, faceLiveness, d);
    }
}
