package org.madoguchi.driver.pcsc;

import java.util.function.BooleanSupplier;

/**
 * A response shorter than a status word usually means the card left during the APDU, but the PC/SC
 * service may not have noticed yet (pcscd polls a reader every 400 ms). Both back-ends look again for
 * a little longer than that before they call it a transport error rather than a removal.
 */
public final class TornAnswers {
    /** How long to look for the removal after a torn answer. */
    public static final long GRACE_MS = 600;
    private static final long POLL_MS = 50;

    private TornAnswers() {
    }

    /** Whether {@code cardGone} becomes true within {@link #GRACE_MS}. */
    public static boolean cardLeft(BooleanSupplier cardGone) {
        long deadline = System.nanoTime() + GRACE_MS * 1_000_000;
        while (!cardGone.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }
}
