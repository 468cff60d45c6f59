package org.madoguchi.simulator.card;

import java.io.ByteArrayOutputStream;

/** Builds BER-TLV objects as the card stores them: 1- or 2-byte tags, short or long-form lengths. */
public final class Tlv {
    private Tlv() {
    }

    /** Tag, the shortest length encoding ({@code LL}, {@code 81 LL} or {@code 82 LL LL}), value. */
    public static byte[] of(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        writeTag(out, tag);
        int n = value.length;
        if (n < 0x80) {
            out.write(n);
        } else if (n <= 0xFF) {
            out.write(0x81);
            out.write(n);
        } else {
            writeLong(out, n);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }

    /** Tag, then always {@code 82 LL LL}, then value (the card-face file's {@code FF 20 82 LL LL}). */
    public static byte[] longForm(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
        writeTag(out, tag);
        writeLong(out, value.length);
        out.writeBytes(value);
        return out.toByteArray();
    }

    private static void writeTag(ByteArrayOutputStream out, int tag) {
        if (tag > 0xFF) {
            out.write(tag >> 8);
        }
        out.write(tag & 0xFF);
    }

    private static void writeLong(ByteArrayOutputStream out, int n) {
        if (n > 0xFFFF) {
            throw new IllegalArgumentException("value too long: " + n);
        }
        out.write(0x82);
        out.write(n >> 8);
        out.write(n & 0xFF);
    }

    /** The byte arrays one after another. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
