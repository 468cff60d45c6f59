package org.madoguchi.driver.spi;

/** A simulation command could not be carried out: unknown reader, unknown profile, no card. */
public class SimulationException extends Exception {
    public enum Reason {
        UNKNOWN_READER,
        UNKNOWN_PROFILE,
        NO_CARD
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
