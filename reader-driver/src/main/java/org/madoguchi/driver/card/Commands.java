package org.madoguchi.driver.card;

/** Command APDUs of the My Number card (docs/card.md §§1, 6, 8, 9). */
public final class Commands {
    private Commands() {
    }

    /** {@code 00 A4 04 0C Lc <AID>}: select an application by its full AID, no FCI. */
    public static byte[] selectDf(byte[] aid) {
        byte[] c = new byte[5 + aid.length];
        c[1] = (byte) 0xA4;
        c[2] = 0x04;
        c[3] = 0x0C;
        c[4] = (byte) aid.length;
        System.arraycopy(aid, 0, c, 5, aid.length);
        return c;
    }

    /** {@code 00 A4 02 0C 02 <FID>}: select an EF under the current DF, no FCI. */
    public static byte[] selectEf(int fid) {
        return new byte[] {0x00, (byte) 0xA4, 0x02, 0x0C, 0x02, (byte) (fid >> 8), (byte) fid};
    }

    /** {@code 00 B0 P1 P2 Le}: read {@code length} (1–256) bytes at a 15-bit offset. */
    public static byte[] readBinary(int offset, int length) {
        if (offset < 0 || offset > 0x7FFF) {
            throw new IllegalArgumentException("offset out of range: " + offset);
        }
        if (length < 1 || length > 256) {
            throw new IllegalArgumentException("length out of range: " + length);
        }
        return new byte[] {0x00, (byte) 0xB0, (byte) (offset >> 8), (byte) offset, (byte) (length & 0xFF)};
    }

    /**
     * {@code 00 B0 80|SFI 00 Le}: select the EF by its short identifier (the low five bits of the
     * FID) and read from offset 0 in one APDU.
     */
    public static byte[] readBinarySfi(int fid, int length) {
        if (fid < 1 || fid > 0x1E) {
            throw new IllegalArgumentException("no short identifier for FID " + fid);
        }
        if (length < 1 || length > 256) {
            throw new IllegalArgumentException("length out of range: " + length);
        }
        return new byte[] {0x00, (byte) 0xB0, (byte) (0x80 | fid), 0x00, (byte) (length & 0xFF)};
    }

    /** {@code 80 2A 00 80 Lc <DigestInfo> 00}: sign with the selected key, PKCS#1 v1.5 over the data as given. */
    public static byte[] computeSignature(byte[] digestInfo) {
        if (digestInfo.length < 1 || digestInfo.length > 245) {
            throw new IllegalArgumentException("signing input must be 1-245 bytes");
        }
        byte[] c = new byte[5 + digestInfo.length + 1];
        c[0] = (byte) 0x80;
        c[1] = 0x2A;
        c[3] = (byte) 0x80;
        c[4] = (byte) digestInfo.length;
        System.arraycopy(digestInfo, 0, c, 5, digestInfo.length);
        return c;
    }

    /** {@code 00 20 00 80}: the case-1 VERIFY that reads the retry counter without spending a try. */
    public static byte[] pinStatus() {
        return new byte[] {0x00, 0x20, 0x00, (byte) 0x80};
    }
}
