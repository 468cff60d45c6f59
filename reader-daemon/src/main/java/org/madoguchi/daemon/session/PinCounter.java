package org.madoguchi.daemon.session;

/**
 * The auth PIN's counter as the patient and staff see it; made from the driver's
 * {@link org.madoguchi.driver.card.PinStatus} (the card's own answer) and the token flags.
 *
 * @param retriesLeft tries left before the PIN blocks; {@link #UNKNOWN} when the card cannot say
 * @param max         tries a fresh PIN has (3 for the 利用者証明用 PIN)
 * @param blocked     no tries left: only the municipal window can reset it
 * @param usable      a PIN may be offered (false when blocked, and on cards without a usable PIN)
 */
public record PinCounter(int retriesLeft, int max, boolean blocked, boolean usable) {
    public static final int UNKNOWN = -1;

    public PinCounter {
        if (retriesLeft < UNKNOWN || max < 1) {
            throw new IllegalArgumentException("bad PIN counter");
        }
        if (blocked && usable) {
            throw new IllegalArgumentException("a blocked PIN is not usable");
        }
    }

    public static PinCounter remaining(int triesLeft, int max) {
        return triesLeft == 0 ? blocked(max) : new PinCounter(triesLeft, max, false, true);
    }

    public static PinCounter blocked(int max) {
        return new PinCounter(0, max, true, false);
    }

    /** A card whose PIN cannot be used at all (顔認証マイナンバーカード). */
    public static PinCounter unusable(int max) {
        return new PinCounter(UNKNOWN, max, false, false);
    }

    /** After a wrong PIN: the tries the card says are left (at least 1), or {@link #UNKNOWN}. */
    public static PinCounter afterWrongPin(int triesLeft, int max) {
        return triesLeft == UNKNOWN ? new PinCounter(UNKNOWN, max, false, true) : remaining(triesLeft, max);
    }

    /** One try left: the next wrong PIN blocks it. */
    public boolean lastTry() {
        return usable && retriesLeft == 1;
    }
}
