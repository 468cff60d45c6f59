package org.madoguchi.simulator.card;

import java.util.Arrays;

/** Status words the simulated My Number card answers with (docs/card.md §7) and response builders. */
public final class StatusWords {
    public static final int OK = 0x9000;
    public static final int WRONG_LENGTH = 0x6700;
    public static final int CHANNEL_NOT_SUPPORTED = 0x6881;
    public static final int SM_NOT_SUPPORTED = 0x6882;
    public static final int INCOMPATIBLE_FILE = 0x6981;
    public static final int SECURITY_NOT_SATISFIED = 0x6982;
    public static final int KEY_LOCKED = 0x6984;
    public static final int CONDITIONS_NOT_SATISFIED = 0x6985;
    public static final int NO_CURRENT_EF = 0x6986;
    public static final int SM_DATA_MISSING = 0x69FC;
    public static final int WRONG_DATA = 0x6A80;
    public static final int FILE_NOT_FOUND = 0x6A82;
    public static final int RECORD_NOT_FOUND = 0x6A83;
    public static final int INCORRECT_P1P2 = 0x6A86;
    public static final int DATA_NOT_FOUND = 0x6A88;
    public static final int OFFSET_OUTSIDE_EF = 0x6B00;
    public static final int INS_NOT_SUPPORTED = 0x6D00;
    public static final int CLA_NOT_SUPPORTED = 0x6E00;
    public static final int NO_PRECISE_DIAGNOSIS = 0x6F00;
    /** {@code 61 xx}: xx more bytes wait for GET RESPONSE. */
    public static final int BYTES_REMAINING = 0x6100;
    /** {@code 6C xx}: wrong Le; resend with Le = xx. */
    public static final int WRONG_LE = 0x6C00;
    /** {@code 63 C0}: the last try failed, the key is now blocked (or a query on a blocked key). */
    public static final int TRIES_EXHAUSTED = 0x63C0;

    private StatusWords() {
    }

    /** {@code 63 Cx}: x tries left (capped at 15, all a nibble can say). */
    public static int triesLeft(int tries) {
        return 0x63C0 | Math.min(Math.max(tries, 0), 0xF);
    }

    /** A response that is only a status word. */
    public static byte[] sw(int sw) {
        return new byte[] {(byte) (sw >> 8), (byte) sw};
    }

    /** Response data followed by the status word. */
    public static byte[] withData(byte[] data, int offset, int length, int sw) {
        byte[] r = Arrays.copyOfRange(data, offset, offset + length + 2);
        r[length] = (byte) (sw >> 8);
        r[length + 1] = (byte) sw;
        return r;
    }

    public static byte[] withData(byte[] data, int sw) {
        return withData(data, 0, data.length, sw);
    }
}
