package org.madoguchi.simulator.card;

/**
 * A software smart card: what a reader (in-process or vpcd) needs to play a card. Implementations
 * are thread-safe, but a reader sends one APDU at a time.
 */
public interface VirtualCard {

    /** The answer to reset the reader reports for this card. */
    byte[] atr();

    /** Cold start: the card enters the field or is powered up. Session state starts afresh. */
    void powerOn();

    /** The card leaves the field or is powered down: every security status is lost. */
    void powerOff();

    /**
     * Warm reset ({@code SCARD_RESET_CARD}, vpcd control {@code 0x02}). By default a power cycle;
     * a card may keep some state, as real My Number cards keep the verified status (docs/card.md §9.3).
     */
    default void warmReset() {
        powerOff();
        powerOn();
    }

    /**
     * Answers one command APDU with response data followed by SW1 SW2. Malformed commands are
     * answered with a status word, never an exception.
     *
     * @throws IllegalStateException when the card is not powered
     */
    byte[] process(byte[] commandApdu);
}
