package org.madoguchi.driver.card;

import java.util.Arrays;

/**
 * Where things are on a card generation: application identifiers and file identifiers. Flows take
 * a layout instead of hard-coding bytes, so a later generation (the 2026 card, ECDSA P-384, two
 * APs) can be added as another constant without touching them. Facts: docs/card.md §§1–3.
 */
public record CardLayout(
        String name,
        byte[] jpkiAid,
        byte[] faceAid,
        int tokenInfoFid,
        int certPresenceFid,
        int authCertFid,
        int authCaCertFid,
        int authPinFid,
        int authKeyFid,
        int facePinBFid,
        int faceFileFid,
        int authPinMaxTries,
        int signatureLength) {

    /** The RSA-2048 card issued since 2016 (docs/card.md §§1–2). */
    public static final CardLayout RSA_2016 = new CardLayout(
            "2016-RSA",
            new byte[] {(byte) 0xD3, (byte) 0x92, (byte) 0xF0, 0x00, 0x26, 0x01, 0x00, 0x00, 0x00, 0x01},
            new byte[] {(byte) 0xD3, (byte) 0x92, 0x10, 0x00, 0x31, 0x00, 0x01, 0x01, 0x04, 0x02},
            0x0006, 0x0008, 0x000A, 0x000B, 0x0018, 0x0017, 0x0012, 0x0002, 3, 256);

    public CardLayout {
        jpkiAid = jpkiAid.clone();
        faceAid = faceAid.clone();
    }

    @Override
    public byte[] jpkiAid() {
        return jpkiAid.clone();
    }

    @Override
    public byte[] faceAid() {
        return faceAid.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CardLayout l && l.name.equals(name) && Arrays.equals(l.jpkiAid, jpkiAid)
                && Arrays.equals(l.faceAid, faceAid);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "CardLayout[" + name + "]";
    }
}
