package org.madoguchi.simulator.card;

/** What a credential's value must look like; checked when a new value is set (CHANGE REFERENCE DATA). */
public enum PinFormat {
    /** 4 ASCII digits: the auth PIN, the 券面事項入力補助 PIN (docs/card.md §5). */
    DIGITS_4,
    /** 6–16 ASCII upper-case letters and digits: the signature password. */
    ALNUM_6_TO_16,
    /** Printed on the card (照合番号A/B, the birth-date key) or set at issuance: cannot be changed. */
    FIXED;

    public boolean changeable() {
        return this != FIXED;
    }

    public boolean accepts(byte[] value) {
        return switch (this) {
            case DIGITS_4 -> value.length == 4 && all(value, false);
            case ALNUM_6_TO_16 -> value.length >= 6 && value.length <= 16 && all(value, true);
            case FIXED -> false;
        };
    }

    private static boolean all(byte[] value, boolean letters) {
        for (byte b : value) {
            boolean ok = (b >= '0' && b <= '9') || (letters && b >= 'A' && b <= 'Z');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
