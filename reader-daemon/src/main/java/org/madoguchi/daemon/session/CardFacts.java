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
 * @param cardCode            face mode needs 照合番号B typed ({@code submitCardCode}): present, with the
 *                            card's tries left for it ({@link PinCounter#UNKNOWN} when not read); empty
 *                            when the code is had without asking (the simulator's OCR)
 * @param cardFrontCamera     with {@code cardCode}: the card-front reader (OCR) is on, so the kiosk may
 *                            send a photograph of the card front ({@code cardFrontCapture}) instead
 * @param afterUnknownVerify  this card went away during a VERIFY not long ago, so the PIN counter read
 *                            now may be one lower than the patient expects: say why
 */
public record CardFacts(CardKind kind, Optional<PinCounter> pin, Optional<CertificateInfo> certificate,
        boolean certificateAfterPin, boolean faceAvailable, Optional<Integer> cardCode, boolean afterUnknownVerify,
        boolean cardFrontCamera) {

    public CardFacts(CardKind kind, Optional<PinCounter> pin, Optional<CertificateInfo> certificate,
            boolean certificateAfterPin, boolean faceAvailable) {
        this(kind, pin, certificate, certificateAfterPin, faceAvailable, Optional.empty(), false, false);
    }

    public CardFacts(CardKind kind, Optional<PinCounter> pin, Optional<CertificateInfo> certificate,
            boolean certificateAfterPin, boolean faceAvailable, Optional<Integer> cardCode, boolean afterUnknownVerify) {
        this(kind, pin, certificate, certificateAfterPin, faceAvailable, cardCode, afterUnknownVerify, false);
    }

    /** The same facts, for a card whose last VERIFY (in an earlier presence) has an unknown outcome. */
    public CardFacts withUnknownVerifyBefore() {
        return new CardFacts(kind, pin, certificate, certificateAfterPin, faceAvailable, cardCode, true,
                cardFrontCamera);
    }

    /** The same facts, for face mode with 照合番号B typed; {@code triesLeft} of its counter (or UNKNOWN). */
    public CardFacts withCardCodeTyped(int triesLeft) {
        return withCardCode(triesLeft, false);
    }

    /**
     * The same facts, for face mode asking for 照合番号B: {@code triesLeft} of its counter (or UNKNOWN);
     * {@code camera}: a photograph of the card front may supply it ({@code cardFrontCapture}).
     */
    public CardFacts withCardCode(int triesLeft, boolean camera) {
        return new CardFacts(kind, pin, certificate, certificateAfterPin, faceAvailable, Optional.of(triesLeft),
                afterUnknownVerify, camera);
    }

    public CardFacts {
        Objects.requireNonNull(kind);
        Objects.requireNonNull(pin);
        Objects.requireNonNull(certificate);
        Objects.requireNonNull(cardCode);
    }

    /** A card that was identified but not read further. */
    public static CardFacts only(CardKind kind) {
        return new CardFacts(kind, Optional.empty(), Optional.empty(), false, false);
    }
}
