package org.madoguchi.driver.pcsc;

/** What happens to the card when a connection ends. */
public enum Disposition {
    /** Leave the card as it is (the security state may survive: see docs/card.md §9.3). */
    LEAVE,
    /** Warm reset. */
    RESET,
    /** Power the card down: clears every verified state. Not every back-end can do this. */
    UNPOWER
}
