package org.madoguchi.simulator.card;

import java.util.Arrays;
import java.util.Optional;

/**
 * A command APDU as the card sees it, in any of the ISO 7816-3 cases, short or extended.
 *
 * @param cla      class byte
 * @param ins      instruction byte
 * @param p1       parameter 1
 * @param p2       parameter 2
 * @param data     command data (empty when there is no Lc); owned by this record
 * @param ne       expected response length (Le decoded: {@code 00} means 256, or 65536 extended);
 *                 0 when there is no Le
 * @param extended whether the extended length encoding was used
 */
public record CommandApdu(int cla, int ins, int p1, int p2, byte[] data, int ne, boolean extended) {

    /** Parses raw bytes; empty when they do not form a well-encoded APDU (the card says {@code 67 00}). */
    public static Optional<CommandApdu> parse(byte[] raw) {
        if (raw == null || raw.length < 4) {
            return Optional.empty();
        }
        int n = raw.length;
        if (n == 4) {
            return Optional.of(of(raw, 0, 0, 0, false));
        }
        int b4 = raw[4] & 0xFF;
        if (n == 5) {
            return Optional.of(of(raw, 0, 0, b4 == 0 ? 256 : b4, false));
        }
        if (b4 != 0) {
            if (n == 5 + b4) {
                return Optional.of(of(raw, 5, b4, 0, false));
            }
            if (n == 6 + b4) {
                int le = raw[n - 1] & 0xFF;
                return Optional.of(of(raw, 5, b4, le == 0 ? 256 : le, false));
            }
            return Optional.empty();
        }
        // Extended length: a zero byte, then two-byte lengths.
        int x = ((raw[5] & 0xFF) << 8) | (n > 6 ? raw[6] & 0xFF : 0);
        if (n == 7) {
            return Optional.of(of(raw, 0, 0, x == 0 ? 65536 : x, true));
        }
        if (x == 0) {
            return Optional.empty();
        }
        if (n == 7 + x) {
            return Optional.of(of(raw, 7, x, 0, true));
        }
        if (n == 9 + x) {
            int le = ((raw[n - 2] & 0xFF) << 8) | (raw[n - 1] & 0xFF);
            return Optional.of(of(raw, 7, x, le == 0 ? 65536 : le, true));
        }
        return Optional.empty();
    }

    private static CommandApdu of(byte[] raw, int dataOffset, int lc, int ne, boolean extended) {
        return new CommandApdu(raw[0] & 0xFF, raw[1] & 0xFF, raw[2] & 0xFF, raw[3] & 0xFF,
                Arrays.copyOfRange(raw, dataOffset, dataOffset + lc), ne, extended);
    }

    public CommandApdu {
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    public int lc() {
        return data.length;
    }

    public boolean hasData() {
        return data.length > 0;
    }

    public boolean hasLe() {
        return ne > 0;
    }

    /** Header and lengths only: safe to log, never the data (which may be a PIN). */
    @Override
    public String toString() {
        return String.format("CommandApdu[%02X %02X %02X %02X, Lc=%d, Ne=%d%s]", cla, ins, p1, p2, data.length, ne,
                extended ? ", extended" : "");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommandApdu c && c.cla == cla && c.ins == ins && c.p1 == p1 && c.p2 == p2
                && c.ne == ne && c.extended == extended && Arrays.equals(c.data, data);
    }

    @Override
    public int hashCode() {
        return ((cla * 31 + ins) * 31 + p1) * 31 + p2 + Arrays.hashCode(data);
    }
}
