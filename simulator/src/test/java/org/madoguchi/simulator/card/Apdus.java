package org.madoguchi.simulator.card;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;

import org.madoguchi.driver.apdu.Hex;

/** Test helpers: send hex, check status words. */
public final class Apdus {
    public static final String SELECT_JPKI = "00 A4 04 0C 0A D3 92 F0 00 26 01 00 00 00 01";

    private Apdus() {
    }

    public static byte[] send(VirtualCard card, String hex) {
        return card.process(Hex.parse(hex));
    }

    public static String sw(byte[] response) {
        return Hex.spaced(Arrays.copyOfRange(response, response.length - 2, response.length));
    }

    public static byte[] data(byte[] response) {
        return Arrays.copyOf(response, response.length - 2);
    }

    /** Sends and asserts the whole response (data and SW) as hex. */
    public static void expect(VirtualCard card, String command, String response) {
        assertEquals(Hex.spaced(Hex.parse(response)), Hex.spaced(send(card, command)), command);
    }

    /** Sends and asserts the status word only; returns the data. */
    public static byte[] expectSw(VirtualCard card, String command, String sw) {
        byte[] r = send(card, command);
        assertEquals(sw, sw(r), command);
        return data(r);
    }
}
