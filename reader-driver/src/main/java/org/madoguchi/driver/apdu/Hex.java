package org.madoguchi.driver.apdu;

import java.util.HexFormat;

/** Hex helpers for APDUs: upper case, optionally spaced, parsing tolerant of spaces. */
public final class Hex {
    private static final HexFormat PLAIN = HexFormat.of().withUpperCase();
    private static final HexFormat SPACED = HexFormat.ofDelimiter(" ").withUpperCase();

    private Hex() {
    }

    /** {@code 00A4040C}. */
    public static String of(byte[] bytes) {
        return PLAIN.formatHex(bytes);
    }

    /** {@code 00 A4 04 0C}. */
    public static String spaced(byte[] bytes) {
        return SPACED.formatHex(bytes);
    }

    /** Parses hex with or without spaces; throws {@link IllegalArgumentException} on anything else. */
    public static byte[] parse(String hex) {
        String compact = hex.replaceAll("\\s+", "");
        if (compact.length() % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits");
        }
        return PLAIN.parseHex(compact);
    }
}
