package org.madoguchi.driver.pcsc;

import java.util.Objects;
import java.util.Optional;

/**
 * What a back-end knows of one reader at one moment.
 *
 * @param name        the PC/SC reader name, e.g. {@code Virtual PCD 00 00}
 * @param cardPresent whether a card is in (or on) the reader
 * @param atrHex      the card's ATR as upper-case hex without spaces, empty when no card or unknown
 * @param cardEvents  a counter of card insertions and removals on this reader, where the back-end
 *                    reports one (PC/SC's event count; the simulator's insertions), else 0. It tells
 *                    a card swapped for another with the same ATR between two looks.
 */
public record ReaderState(String name, boolean cardPresent, String atrHex, int cardEvents) {
    public ReaderState {
        Objects.requireNonNull(name, "name");
        atrHex = atrHex == null ? "" : atrHex;
    }

    /** A state from a back-end that does not count card events. */
    public ReaderState(String name, boolean cardPresent, String atrHex) {
        this(name, cardPresent, atrHex, 0);
    }

    public static ReaderState empty(String name) {
        return new ReaderState(name, false, "");
    }

    public Optional<String> atr() {
        return atrHex.isEmpty() ? Optional.empty() : Optional.of(atrHex);
    }
}
