package org.madoguchi.driver.card;

import java.util.Arrays;

/**
 * Digits that unlock a key: the 4-digit auth PIN or the 14-digit 照合番号B. Validated on creation
 * (so a wrong shape never reaches the card), held as ASCII bytes, zeroed by {@link #close()}.
 * {@link #toString()} never shows the digits.
 */
public final class Secret implements AutoCloseable {
    private final byte[] ascii;
    private boolean closed;

    private Secret(byte[] ascii) {
        this.ascii = ascii;
    }

    /** The 利用者証明用 PIN: exactly 4 ASCII digits. The caller still zeroes its own array. */
    public static Secret authPin(char[] digits) throws InvalidPinFormatException {
        return digits(digits, 4, "4 ASCII digits");
    }

    /** 照合番号B: exactly 14 ASCII digits (和暦 YYMMDD + expiry year YYYY + security code). */
    public static Secret verificationCodeB(char[] digits) throws InvalidPinFormatException {
        return digits(digits, 14, "14 ASCII digits");
    }

    private static Secret digits(char[] digits, int length, String expected) throws InvalidPinFormatException {
        if (digits == null || digits.length != length) {
            throw new InvalidPinFormatException(expected);
        }
        byte[] ascii = new byte[length];
        for (int i = 0; i < length; i++) {
            char c = digits[i];
            if (c < '0' || c > '9') {
                Arrays.fill(ascii, (byte) 0);
                throw new InvalidPinFormatException(expected);
            }
            ascii[i] = (byte) c;
        }
        return new Secret(ascii);
    }

    int length() {
        return ascii.length;
    }

    /** {@code 00 20 00 80 Lc <digits>}; the caller zeroes the returned command after sending it. */
    byte[] verifyCommand() {
        if (closed) {
            throw new IllegalStateException("secret already used and zeroed");
        }
        byte[] c = new byte[5 + ascii.length];
        c[1] = 0x20;
        c[3] = (byte) 0x80;
        c[4] = (byte) ascii.length;
        System.arraycopy(ascii, 0, c, 5, ascii.length);
        return c;
    }

    /** Zeroes the digits. */
    @Override
    public void close() {
        Arrays.fill(ascii, (byte) 0);
        closed = true;
    }

    @Override
    public String toString() {
        return "Secret[" + ascii.length + " digits]";
    }
}
