package org.madoguchi.simulator.card;

import static org.madoguchi.simulator.card.Apdus.expectSw;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.madoguchi.driver.apdu.Hex;

/** Test helpers that read whole files from a powered simulated card with raw APDUs. */
public final class CardReads {
    private CardReads() {
    }

    /** VERIFY the sign password, then read EF 0001 (DER) of the JPKI AP. */
    public static byte[] signCertificate(VirtualCard card, String password) {
        expectSw(card, Apdus.SELECT_JPKI, "90 00");
        expectSw(card, "00 A4 02 0C 02 00 1B", "90 00");
        byte[] p = password.getBytes(StandardCharsets.US_ASCII);
        expectSw(card, String.format("00 20 00 80 %02X %s", p.length, Hex.spaced(p)), "90 00");
        return derFile(card, 0x0001);
    }

    /** Selects the EF and reads the DER object at its start (4-byte header, then ≤256-byte chunks). */
    public static byte[] derFile(VirtualCard card, int fid) {
        return MyNumberCardSimTest.readDer(card, fid);
    }

    /** Reads a whole transparent EF (until {@code 6B 00} or a short chunk) after selecting it. */
    public static byte[] wholeFile(VirtualCard card, int fid) {
        expectSw(card, String.format("00 A4 02 0C 02 %02X %02X", fid >> 8, fid & 0xFF), "90 00");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            byte[] r = Apdus.send(card, String.format("00 B0 %02X %02X 00", out.size() >> 8, out.size() & 0xFF));
            if (Apdus.sw(r).equals("6B 00")) {
                return out.toByteArray();
            }
            if (!Apdus.sw(r).equals("90 00")) {
                throw new AssertionError("READ BINARY answered " + Apdus.sw(r));
            }
            byte[] d = Apdus.data(r);
            out.writeBytes(d);
            if (d.length < 256) {
                return out.toByteArray();
            }
        }
    }
}
