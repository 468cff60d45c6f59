package org.madoguchi.daemon.readers;

import java.util.Objects;

import org.madoguchi.driver.face.CardFaceReader;
import org.madoguchi.driver.face.FaceMatcher;

/**
 * What face mode needs: the card-face reader (OCR of 照合番号B) and the face matcher. Only the
 * simulator provides them today; in production face mode is not offered until a native engine
 * exists.
 */
public record FaceEngine(CardFaceReader cardFaceReader, FaceMatcher matcher) {
    public FaceEngine {
        Objects.requireNonNull(cardFaceReader);
        Objects.requireNonNull(matcher);
    }
}
