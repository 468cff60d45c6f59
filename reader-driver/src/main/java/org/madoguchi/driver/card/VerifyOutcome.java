package org.madoguchi.driver.card;

import java.util.Optional;

import org.madoguchi.driver.pcsc.PcscError;

/** What one VERIFY of a PIN or 照合番号 did. Never retried by any layer. */
public sealed interface VerifyOutcome {
    /** {@code 90 00}: the key is unlocked for this DF until power-down or leaving the DF. */
    record Verified() implements VerifyOutcome {
    }

    /** {@code 63 Cx}, x &gt; 0: wrong, {@code triesLeft} tries remain. */
    record Wrong(int triesLeft) implements VerifyOutcome {
    }

    /** {@code 63 C0}: wrong, and this attempt blocked the key. */
    record NowBlocked() implements VerifyOutcome {
    }

    /** {@code 69 84} / {@code 69 83}: the key was already blocked; the digits were not checked. */
    record AlreadyBlocked() implements VerifyOutcome {
    }

    /**
     * The link dropped during VERIFY: the card may or may not have counted the attempt.
     * {@code after} is the counter read again when that was still possible.
     */
    record OutcomeUnknown(PcscError cause, Optional<PinStatus> after) implements VerifyOutcome {
    }
}
