package org.madoguchi.driver.pcsc.jdk;

import javax.smartcardio.CardException;

import org.madoguchi.driver.pcsc.PcscError;
import org.madoguchi.driver.pcsc.PcscException;
import org.madoguchi.driver.pcsc.PcscStatus;

/** Maps what javax.smartcardio throws to the closed {@link PcscError} set. */
final class JdkErrors {
    private JdkErrors() {
    }

    /**
     * The JDK wraps the native error in a {@code sun.security.smartcardio.PCSCException} whose
     * message is the {@code SCARD_*} name; look through the cause chain for it.
     */
    static PcscException map(String operation, CardException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            var status = PcscStatus.mentionedIn(t.getMessage());
            if (status.isPresent()) {
                return new PcscException(status.get().error(), operation + ": " + status.get().name(), e);
            }
        }
        return new PcscException(PcscError.TRANSPORT, operation + ": " + e.getMessage(), e);
    }

    /** The JDK throws IllegalStateException after the card or connection went away. */
    static PcscException gone(String operation, RuntimeException e, boolean cardPresent) {
        PcscError error = cardPresent ? PcscError.TRANSPORT : PcscError.CARD_REMOVED;
        return new PcscException(error, operation + ": " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    }
}
