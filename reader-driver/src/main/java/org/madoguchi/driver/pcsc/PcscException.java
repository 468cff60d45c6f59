package org.madoguchi.driver.pcsc;

import java.util.Objects;

/** A PC/SC operation failed; {@link #error()} says how, in the closed set of {@link PcscError}. */
public class PcscException extends Exception {
    private final PcscError error;

    public PcscException(PcscError error, String message) {
        super(message);
        this.error = Objects.requireNonNull(error);
    }

    public PcscException(PcscError error, String message, Throwable cause) {
        super(message, cause);
        this.error = Objects.requireNonNull(error);
    }

    public PcscError error() {
        return error;
    }
}
