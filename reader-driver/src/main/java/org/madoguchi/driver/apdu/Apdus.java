package org.madoguchi.driver.apdu;

/** Facts about a command APDU's shape (ISO 7816-4 short and extended cases). */
public final class Apdus {
    public static final int INS_VERIFY = 0x20;
    public static final int INS_CHANGE_REFERENCE_DATA = 0x24;
    /** JICSAP CHANGE KEY ({@code 80 32}) also carries a PIN. */
    public static final int INS_CHANGE_KEY = 0x32;

    private Apdus() {
    }

    /** Whether the command is a short APDU of case 2 or 4 (its last byte is Le). */
    public static boolean hasShortLe(byte[] command) {
        if (command.length == 5) {
            return true; // case 2 short: CLA INS P1 P2 Le
        }
        if (command.length > 5 && command[4] != 0) {
            int lc = command[4] & 0xFF;
            return command.length == 5 + lc + 1; // case 4 short
        }
        return false;
    }

    /** Whether the command's data field is a secret (a PIN or a new PIN) that must never be shown. */
    public static boolean carriesSecret(byte[] command) {
        if (command.length < 2) {
            return false;
        }
        int ins = command[1] & 0xFF;
        return ins == INS_VERIFY || ins == INS_CHANGE_REFERENCE_DATA || ins == INS_CHANGE_KEY;
    }

    /** The command as spaced hex, with the data of VERIFY / CHANGE REFERENCE DATA shown as {@code XX}. */
    public static String masked(byte[] command) {
        if (!carriesSecret(command) || command.length <= 5) {
            return Hex.spaced(command);
        }
        StringBuilder sb = new StringBuilder(Hex.spaced(java.util.Arrays.copyOf(command, 5)));
        for (int i = 5; i < command.length; i++) {
            sb.append(" XX");
        }
        return sb.toString();
    }
}
