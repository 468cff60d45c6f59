package org.madoguchi.driver.card;

import org.madoguchi.driver.apdu.ResponseApdu;

/** Turns the status words of VERIFY (docs/card.md §§6, 7) into typed results. */
final class CardStatus {
    static final int OK = 0x9000;
    static final int FILE_NOT_FOUND = 0x6A82;
    static final int WRONG_P1P2 = 0x6A86;
    static final int NOT_ALLOWED_FOR_STRUCTURE = 0x6981;
    static final int SECURITY_NOT_SATISFIED = 0x6982;
    static final int AUTH_METHOD_BLOCKED = 0x6983;
    static final int KEY_LOCKED = 0x6984;
    static final int END_OF_FILE_WARNING = 0x6282;
    static final int OFFSET_OUTSIDE = 0x6B00;
    static final int INS_NOT_SUPPORTED = 0x6D00;
    static final int CLA_NOT_SUPPORTED = 0x6E00;
    static final int UNLIMITED_WRONG = 0x6300;

    private CardStatus() {
    }

    static boolean blocked(int sw) {
        return sw == KEY_LOCKED || sw == AUTH_METHOD_BLOCKED;
    }

    static PinStatus pinStatus(ResponseApdu r, String what) throws CardException {
        int sw = r.sw();
        if (sw == OK) {
            return new PinStatus.AlreadyVerified();
        }
        if (sw == UNLIMITED_WRONG) {
            return new PinStatus.Unlimited();
        }
        if (r.sw1() == 0x63 && (r.sw2() & 0xF0) == 0xC0) {
            int left = r.sw2() & 0x0F;
            return left == 0 ? new PinStatus.Blocked() : new PinStatus.Remaining(left);
        }
        if (blocked(sw)) {
            return new PinStatus.Blocked();
        }
        throw new CardException(what + " gave an unexpected status", sw);
    }

    static VerifyOutcome verifyOutcome(ResponseApdu r, String what) throws CardException {
        int sw = r.sw();
        if (sw == OK) {
            return new VerifyOutcome.Verified();
        }
        if (sw == UNLIMITED_WRONG) {
            return new VerifyOutcome.Wrong(-1);
        }
        if (r.sw1() == 0x63 && (r.sw2() & 0xF0) == 0xC0) {
            int left = r.sw2() & 0x0F;
            return left == 0 ? new VerifyOutcome.NowBlocked() : new VerifyOutcome.Wrong(left);
        }
        if (blocked(sw)) {
            return new VerifyOutcome.AlreadyBlocked();
        }
        throw new CardException(what + " gave an unexpected status", sw);
    }
}
