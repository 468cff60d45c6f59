package org.madoguchi.daemon.readers;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;

import org.madoguchi.driver.face.CardFaceReader;
import org.madoguchi.driver.face.FaceMatcher;

/**
 * What face mode needs: the face matcher and, when 照合番号B is not typed, the card-face reader
 * that reads it (the simulator's OCR stand-in). Without a card-face reader, face mode asks for
 * 照合番号B ({@code card_code_entry}, {@code submitCardCode}).
 *
 * @param cardFaceReader where 照合番号B comes from; empty: typed by staff
 * @param matcher        the face engine behind the SPI
 * @param name           what {@code /health} and the start-up log call it ({@code builtin}, {@code simulated}, …)
 * @param usable         whether face mode may be offered to a card placed now (false once the engine
 *                       failed to load)
 */
public record FaceEngine(Optional<CardFaceReader> cardFaceReader, FaceMatcher matcher, String name,
        BooleanSupplier usable) {
    public FaceEngine {
        Objects.requireNonNull(cardFaceReader);
        Objects.requireNonNull(matcher);
        Objects.requireNonNull(name);
        Objects.requireNonNull(usable);
    }

    public FaceEngine(Optional<CardFaceReader> cardFaceReader, FaceMatcher matcher, String name) {
        this(cardFaceReader, matcher, name, () -> true);
    }

    /** Whether face mode may be offered now. */
    public boolean offered() {
        return usable.getAsBoolean();
    }

    /** Whether face mode asks for 照合番号B. */
    public boolean typedCode() {
        return cardFaceReader.isEmpty();
    }
}
