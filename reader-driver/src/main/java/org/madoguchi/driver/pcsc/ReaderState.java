package org.madoguchi.driver.pcsc;

import java.util.Objects;
import java.util.Optional;

/**
 * What a back-end knows of one reader at one moment.
 *
 * @param name        the PC/SC reader name, e.g. {@code Virtual PCD 00 00}
 * @param cardPresent whether a card is in (or on) the reader
 * @param atrHex      the card's ATR as upper-case hex without spaces, empty when no card or unknown
 */
public record ReaderState(String name, boolean cardPresent, String atrHex) {
    public ReaderState {
        Objects.requireNonNull(name, "name");
        atrHex = atrHex == null ? "" : atrHex;
    }

    public static ReaderState empty(String name) {
        return new ReaderState(name, false, "");
    }

    public Optional<String> atr() {
        return atrHex.isEmpty() ? Optional.empty() : Optional.of(atrHex);
    }
}
