package org.madoguchi.simulator.card;

import java.time.Duration;
import java.util.Objects;

/**
 * Faults a simulated card can be told to show (docs/simulator.md, "Fault injection"). Immutable; a card's
 * {@link Faults} holds the current settings.
 *
 * @param verifyDrop       the link drops during the next VERIFY with data, before or after the
 *                         retry counter changed (one-shot: cleared when it fires)
 * @param getResponse      responses with data are announced as {@code 61 xx} and delivered by GET
 *                         RESPONSE ({@code 00 C0 00 00 xx})
 * @param wrongLength      a command whose Le differs from the length of the data the card has is
 *                         answered {@code 6C xx} (resend with Le = xx)
 * @param failAfterPowerUp the first command after each power-up is answered {@code 6F 00} and not executed
 * @param apduDelay        added before every command
 * @param signDelay        added before COMPUTE DIGITAL SIGNATURE ({@code 80 2A}), on top of the APDU
 *                         delay: a real card takes hundreds of milliseconds to sign
 */
public record FaultSettings(VerifyDrop verifyDrop, boolean getResponse, boolean wrongLength, boolean failAfterPowerUp,
        Duration apduDelay, Duration signDelay) {

    /** When, during a VERIFY, the link drops. */
    public enum VerifyDrop {
        NONE,
        /** Before the card counts the try: the counter is unchanged. */
        BEFORE_COUNT,
        /** After the card counted (or reset) the counter. */
        AFTER_COUNT
    }

    /** A card without faults. */
    public static final FaultSettings NONE = new FaultSettings(VerifyDrop.NONE, false, false, false, Duration.ZERO,
            Duration.ZERO);

    public FaultSettings {
        Objects.requireNonNull(verifyDrop);
        if (apduDelay.isNegative() || signDelay.isNegative()) {
            throw new IllegalArgumentException("delays cannot be negative");
        }
    }

    /** These settings with one more fault on. */
    public FaultSettings with(org.madoguchi.driver.spi.Simulation.CardFault fault) {
        return switch (fault) {
            case DROP_VERIFY_BEFORE -> withVerifyDrop(VerifyDrop.BEFORE_COUNT);
            case DROP_VERIFY_AFTER -> withVerifyDrop(VerifyDrop.AFTER_COUNT);
            case GET_RESPONSE -> withGetResponse(true);
            case WRONG_LE -> withWrongLength(true);
            case FAIL_AFTER_POWER_UP -> withFailAfterPowerUp(true);
        };
    }

    public FaultSettings withVerifyDrop(VerifyDrop drop) {
        return new FaultSettings(drop, getResponse, wrongLength, failAfterPowerUp, apduDelay, signDelay);
    }

    public FaultSettings withGetResponse(boolean on) {
        return new FaultSettings(verifyDrop, on, wrongLength, failAfterPowerUp, apduDelay, signDelay);
    }

    public FaultSettings withWrongLength(boolean on) {
        return new FaultSettings(verifyDrop, getResponse, on, failAfterPowerUp, apduDelay, signDelay);
    }

    public FaultSettings withFailAfterPowerUp(boolean on) {
        return new FaultSettings(verifyDrop, getResponse, wrongLength, on, apduDelay, signDelay);
    }

    public FaultSettings withApduDelay(Duration delay) {
        return new FaultSettings(verifyDrop, getResponse, wrongLength, failAfterPowerUp, delay, signDelay);
    }

    public FaultSettings withSignDelay(Duration delay) {
        return new FaultSettings(verifyDrop, getResponse, wrongLength, failAfterPowerUp, apduDelay, delay);
    }
}
