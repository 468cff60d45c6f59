package org.madoguchi.daemon.readers;

import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.madoguchi.driver.face.CardFaceReader;
import org.madoguchi.driver.face.FaceMatcher;
import org.madoguchi.driver.face.ocr.CardFrontReader;

/**
 * What face mode needs: the face matcher and, when 照合番号B is not asked for, the card-face reader
 * that reads it (the simulator's OCR stand-in). Without a card-face reader, face mode asks for
 * 照合番号B ({@code card_code_entry}): typed by staff ({@code submitCardCode}), or read by the
 * card-front OCR off a photograph the kiosk sends ({@code cardFrontCapture}) when {@code cardFront} is there.
 *
 * @param cardFaceReader where 照合番号B comes from without asking; empty: asked for
 * @param cardFrontSource the card-front OCR for {@code cardFrontCapture} as it is now (it may open after
 *                       start); empty: staff type 照合番号B
 * @param matcher        the face engine behind the SPI
 * @param name           what {@code /health} and the start-up log call it ({@code builtin}, {@code simulated}, …)
 * @param usable         whether face mode may be offered to a card placed now (false once the engine
 *                       failed to load)
 */
public record FaceEngine(Optional<CardFaceReader> cardFaceReader, Supplier<Optional<CardFrontReader>> cardFrontSource,
        FaceMatcher matcher, String name, BooleanSupplier usable) {
    public FaceEngine {
        Objects.requireNonNull(cardFaceReader);
        Objects.requireNonNull(cardFrontSource);
        Objects.requireNonNull(matcher);
        Objects.requireNonNull(name);
        Objects.requireNonNull(usable);
    }

    public FaceEngine(Optional<CardFaceReader> cardFaceReader, FaceMatcher matcher, String name,
            BooleanSupplier usable) {
        this(cardFaceReader, Optional::empty, matcher, name, usable);
    }

    public FaceEngine(Optional<CardFaceReader> cardFaceReader, FaceMatcher matcher, String name) {
        this(cardFaceReader, Optional::empty, matcher, name, () -> true);
    }

    /** Whether face mode may be offered now. */
    public boolean offered() {
        return usable.getAsBoolean();
    }

    /** The card-front OCR, if it is open now. */
    public Optional<CardFrontReader> cardFront() {
        return cardFrontSource.get();
    }

    /** Whether 照合番号B may be read off a photograph of the card front ({@code cardFrontCapture}). */
    public boolean camera() {
        return typedCode() && cardFront().isPresent();
    }

    /** Whether face mode asks for 照合番号B (typed, or off the card front). */
    public boolean typedCode() {
        return cardFaceReader.isEmpty();
    }
}
