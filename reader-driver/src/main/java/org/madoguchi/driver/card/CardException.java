package org.madoguchi.driver.card;

/**
 * The card answered, but not as a My Number card should: an unexpected status word or a malformed
 * answer. The status word, when there is one, is for logs; callers act on the exception type.
 */
public class CardException extends Exception {
    private final int sw;

    public CardException(String message, int sw) {
        super(message + (sw >= 0 ? String.format(" (SW %04X)", sw) : ""));
        this.sw = sw;
    }

    /** The status word that caused this, or -1 for a malformed answer. */
    public int sw() {
        return sw;
    }
}
