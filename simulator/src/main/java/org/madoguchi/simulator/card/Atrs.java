package org.madoguchi.simulator.card;

import org.madoguchi.driver.apdu.Hex;

/**
 * Answers to reset used by the profiles. Contactless cards reach PC/SC as a pseudo-ATR (PC/SC
 * part 3): {@code 3B 8n 80 01}, the historical bytes, then TCK, the XOR of T0 through the last
 * historical byte (docs/card.md §10). Type B historical bytes are 4 bytes of ATQB application data,
 * 3 bytes of protocol info and the MBLI. The same ATRs are used in-process and over vpcd.
 */
public final class Atrs {
    /** A My Number card on a contactless reader, as pcsc-tools lists it ("My Number Card / JPKI"). */
    public static final byte[] MY_NUMBER_CARD = Hex.parse("3B 88 80 01 00 00 05 E0 B3 81 A1 00 7F");
    /** A 住基カード on a contactless reader ("JUKICARD" in pcsc-tools). */
    public static final byte[] JUKI_CARD = Hex.parse("3B 88 80 01 00 00 14 E0 B3 81 91 00 5E");
    /**
     * A phone presenting an ISO 14443-4 Type A application with no historical bytes, as PC/SC
     * readers show smartphone tokens.
     */
    public static final byte[] PHONE = Hex.parse("3B 80 80 01 01");
    /**
     * Some other Type B card (a driver's licence, a residence card): same shape as the My Number
     * card's pseudo-ATR, different application data. The reason not to identify cards by ATR.
     */
    public static final byte[] OTHER_TYPE_B = contactlessTypeB(Hex.parse("00 00 00 00"), Hex.parse("B3 81 C1"), 0x00);

    private Atrs() {
    }

    /** {@code 3B 88 80 01 <appData 4> <protocolInfo 3> <mbli> TCK}. */
    public static byte[] contactlessTypeB(byte[] appData, byte[] protocolInfo, int mbli) {
        if (appData.length != 4 || protocolInfo.length != 3) {
            throw new IllegalArgumentException("Type B needs 4 bytes of application data and 3 of protocol info");
        }
        byte[] atr = new byte[13];
        atr[0] = 0x3B;
        atr[1] = (byte) 0x88;
        atr[2] = (byte) 0x80;
        atr[3] = 0x01;
        System.arraycopy(appData, 0, atr, 4, 4);
        System.arraycopy(protocolInfo, 0, atr, 8, 3);
        atr[11] = (byte) mbli;
        atr[12] = tck(atr, 12);
        return atr;
    }

    /** The XOR of bytes 1 (T0) to {@code end - 1}. */
    public static byte tck(byte[] atr, int end) {
        byte x = 0;
        for (int i = 1; i < end; i++) {
            x ^= atr[i];
        }
        return x;
    }

    /** Whether the last byte is a correct TCK (the XOR of T0 through TCK is zero). */
    public static boolean tckValid(byte[] atr) {
        return atr.length > 2 && tck(atr, atr.length) == 0;
    }
}
