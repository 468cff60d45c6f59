package org.madoguchi.driver.card;

/** The auth PIN's counter, read without spending a try (docs/card.md §6.1). */
public sealed interface PinStatus {
    /** Tries left before the PIN blocks (1–15). */
    record Remaining(int triesLeft) implements PinStatus {
    }

    /** The PIN is blocked ({@code 63 C0}, {@code 69 83}, {@code 69 84}): only the municipal window can reset it. */
    record Blocked() implements PinStatus {
    }

    /** Already verified in this card session ({@code 90 00}); the counter is full. */
    record AlreadyVerified() implements PinStatus {
    }

    /** The key reports no retry limit ({@code 63 00}). */
    record Unlimited() implements PinStatus {
    }

    /** Whether a PIN may be offered at all. */
    default boolean usable() {
        return !(this instanceof Blocked);
    }

    /** Tries left for display; -1 when the card does not say (verified or unlimited). */
    default int triesLeftOrUnknown() {
        if (this instanceof Remaining r) {
            return r.triesLeft();
        }
        return this instanceof Blocked ? 0 : -1;
    }
}
