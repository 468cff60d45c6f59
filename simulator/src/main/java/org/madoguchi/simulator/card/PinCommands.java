package org.madoguchi.simulator.card;

import java.util.Arrays;
import java.util.Optional;

import org.madoguchi.simulator.card.CardState.VerifyOutcome;

/**
 * VERIFY and CHANGE REFERENCE DATA (docs/card.md §6). Called with the card's lock held. VERIFY
 * data is zeroed after use and never logged.
 */
final class PinCommands {
    private final CardSpec spec;
    private final CardState state;
    private final CardSession session;
    private final Faults faults;
    /** Takes the card out of the field (power off) for a dropped link. */
    private final Runnable leaveField;

    PinCommands(CardSpec spec, CardState state, CardSession session, Faults faults, Runnable leaveField) {
        this.spec = spec;
        this.state = state;
        this.session = session;
        this.faults = faults;
        this.leaveField = leaveField;
    }

    /**
     * {@code 00 20 00 80} (case 1) reports the counter without spending a try; with data it checks
     * the value: {@code 90 00}, {@code 63 Cx} ({@code 63 C0} blocks the key), then {@code 69 84}.
     */
    byte[] verify(CommandApdu c) {
        if (c.p1() != 0x00 || c.p2() != 0x80) {
            return StatusWords.sw(StatusWords.INCORRECT_P1P2);
        }
        if (c.hasLe()) {
            return StatusWords.sw(StatusWords.WRONG_LENGTH); // e.g. 00 20 00 80 00 (docs/card.md §6.1)
        }
        Optional<ElementaryFile.Pin> pin = session.currentPin();
        if (pin.isEmpty()) {
            return StatusWords.sw(session.currentEf == null ? StatusWords.NO_CURRENT_EF : StatusWords.INCOMPATIBLE_FILE);
        }
        String id = pin.get().credentialId();
        int fid = pin.get().fid();
        if (!c.hasData()) {
            if (spec.behaviour().queryOkWhenVerified() && session.verified(fid)) {
                return StatusWords.sw(StatusWords.OK);
            }
            int left = state.triesLeft(id);
            return StatusWords.sw(left == 0 ? spec.behaviour().blockedQuerySw() : StatusWords.triesLeft(left));
        }
        byte[] presented = c.data();
        try {
            FaultSettings.VerifyDrop drop = faults.takeVerifyDrop();
            if (drop == FaultSettings.VerifyDrop.BEFORE_COUNT) {
                dropLink("before the try was counted");
            }
            VerifyOutcome outcome = state.verify(id, presented);
            if (drop == FaultSettings.VerifyDrop.AFTER_COUNT) {
                dropLink("after the try was counted");
            }
            if (outcome instanceof VerifyOutcome.Verified) {
                session.markVerified(fid);
                return StatusWords.sw(StatusWords.OK);
            }
            if (outcome instanceof VerifyOutcome.Wrong wrong) {
                session.unverify(fid);
                return StatusWords.sw(StatusWords.triesLeft(wrong.triesLeft()));
            }
            return StatusWords.sw(StatusWords.KEY_LOCKED);
        } finally {
            Arrays.fill(presented, (byte) 0);
        }
    }

    private void dropLink(String when) {
        leaveField.run();
        throw new LinkDroppedException("the card left the field during VERIFY, " + when);
    }

    /** {@code 00 24 01 80 Lc <new>} after a successful VERIFY of the current PIN EF (docs/card.md §6.3). */
    byte[] changeReferenceData(CommandApdu c) {
        if (c.p1() != 0x01 || c.p2() != 0x80) {
            return StatusWords.sw(StatusWords.INCORRECT_P1P2);
        }
        if (!c.hasData() || c.hasLe()) {
            return StatusWords.sw(StatusWords.WRONG_LENGTH);
        }
        Optional<ElementaryFile.Pin> pin = session.currentPin();
        if (pin.isEmpty()) {
            return StatusWords.sw(session.currentEf == null ? StatusWords.NO_CURRENT_EF : StatusWords.INCOMPATIBLE_FILE);
        }
        String id = pin.get().credentialId();
        byte[] value = c.data();
        try {
            if (state.blocked(id)) {
                return StatusWords.sw(StatusWords.KEY_LOCKED);
            }
            if (!pin.get().format().changeable()) {
                return StatusWords.sw(StatusWords.CONDITIONS_NOT_SATISFIED);
            }
            if (!session.verified(pin.get().fid())) {
                return StatusWords.sw(StatusWords.SECURITY_NOT_SATISFIED);
            }
            if (!pin.get().format().accepts(value)) {
                return StatusWords.sw(StatusWords.WRONG_DATA);
            }
            state.changeSecret(id, value);
            return StatusWords.sw(StatusWords.OK);
        } finally {
            Arrays.fill(value, (byte) 0);
        }
    }
}
