package org.madoguchi.driver.spi;

/** A simulation command could not be carried out: unknown reader, unknown profile, no card, a
 * photo that cannot be used. */
public class SimulationException extends Exception {
    public enum Reason {
        UNKNOWN_READER,
        UNKNOWN_PROFILE,
        NO_CARD,
        /** The command's data cannot be used (e.g. a photo that is not a JPEG or PNG, or too large). */
        BAD_PHOTO
    }

    private final Reason reason;

    public SimulationException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
