package org.madoguchi.daemon.session;

import java.util.Objects;
import java.util.Optional;

/**
 * What the worker learned from a freshly placed card, before the patient chooses anything.
 *
 * @param kind                what the card is
 * @param pin                 the auth PIN's state; empty for cards that were not asked (not JPKI, …)
 * @param certificate         the auth certificate with its report; empty when not (yet) read
 * @param certificateAfterPin the certificate can only be read after the PIN (the Android token)
 * @param faceAvailable       face mode can work here: a matcher and a card-face reader exist and the
 *                            card has a photo
 * @param afterUnknownVerify  this card went away during a VERIFY not long ago, so the PIN counter read
 *                            now may be one lower than the patient expects: say why
 */
public record CardFacts(CardKind kind, Optional<PinCounter> pin, Optional<CertificateInfo> certificate,
        boolean certificateAfterPin, boolean faceAvailable, boolean afterUnknownVerify) {

    public CardFacts(CardKind kind, Optional<PinCounter> pin, Optional<CertificateInfo> certificate,
            boolean certificateAfterPin, boolean faceAvailable) {
        this(kind, pin, certificate, certificateAfterPin, faceAvailable, false);
    }

    /** The same facts, for a card whose last VERIFY (in an earlier presence) has an unknown outcome. */
    public CardFacts withUnknownVerifyBefore() {
        return new CardFacts(kind, pin, certificate, certificateAfterPin, faceAvailable, true);
    }

    public CardFacts {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(pin);
        Objects.requireNonNull(certificate);
    }

    /** A card that was identified but not read further. */
    public static CardFacts only(CardKind kind) {
        return new CardFacts(kind, Optional.empty(), Optional.empty(), false, false);
    }
}
