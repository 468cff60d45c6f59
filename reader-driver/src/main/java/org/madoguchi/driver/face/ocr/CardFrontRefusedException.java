package org.madoguchi.driver.face.ocr;

import java.util.Objects;

import org.madoguchi.driver.face.FaceUnavailableException;

/** The card front was photographed but gave no reading; {@link #reason()} says why. */
public final class CardFrontRefusedException extends FaceUnavailableException {
    private final CardFrontReading.Refusal reason;

    public CardFrontRefusedException(CardFrontReading.Refusal reason) {
        super(Objects.requireNonNull(reason).message());
        this.reason = reason;
    }

    public CardFrontReading.Refusal reason() {
        return reason;
    }
}
