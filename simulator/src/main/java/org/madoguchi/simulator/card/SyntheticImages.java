package org.madoguchi.simulator.card;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import org.madoguchi.simulator.pki.DeterministicBytes;

/**
 * Stand-in images for the card-face file (docs/card.md §3.1), generated, never taken from a card: 1-bit
 * PNGs where the card has rendered text (氏名, 住所, security code) and a greyscale JPEG 2000 file
 * for the face photo. The PNGs decode; the JPEG 2000 file has a real box structure and codestream
 * markers, but its entropy-coded data is filler, so it need not decode.
 */
public final class SyntheticImages {
    /** The JP2 signature box: {@code 00 00 00 0C 6A 50 20 20 0D 0A 87 0A}. */
    public static final byte[] JP2_SIGNATURE = {0, 0, 0, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, (byte) 0x87, 0x0A};
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};

    private SyntheticImages() {
    }

    /**
     * A 1-bit greyscale PNG of {@code width × height}: a glyph-like block per character of
     * {@code text}, so different texts give different images. Not legible, and not meant to be.
     */
    public static byte[] textPng(String text, int width, int height) {
        int rowBytes = (width + 7) / 8;
        byte[] raw = new byte[height * (rowBytes + 1)];
        for (int y = 0; y < height; y++) {
            int row = y * (rowBytes + 1);
            raw[row] = 0; // filter: none
            for (int i = 0; i < rowBytes; i++) {
                raw[row + 1 + i] = (byte) 0xFF; // white (1 = white in greyscale)
            }
        }
        int cell = Math.max(6, Math.min(height - 2, 16));
        int[] codePoints = text.codePoints().toArray();
        for (int c = 0; c < codePoints.length; c++) {
            byte[] glyph = DeterministicBytes.of("glyph/" + codePoints[c], cell * cell / 8 + 1);
            int x0 = 1 + c * cell;
            for (int gy = 0; gy < cell - 2 && gy + 1 < height; gy++) {
                for (int gx = 0; gx < cell - 2 && x0 + gx < width; gx++) {
                    int bit = gy * cell + gx;
                    if ((glyph[bit / 8 % glyph.length] >> (bit % 8) & 1) != 0) {
                        int x = x0 + gx;
                        int idx = (gy + 1) * (rowBytes + 1) + 1 + x / 8;
                        raw[idx] &= (byte) ~(0x80 >> (x % 8)); // black
                    }
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(PNG_SIGNATURE);
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height);
        ihdr.put((byte) 1).put((byte) 0).put((byte) 0).put((byte) 0).put((byte) 0); // depth 1, greyscale
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", deflate(raw));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(t);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    private static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1024];
        while (!d.finished()) {
            out.write(buf, 0, d.deflate(buf));
        }
        d.end();
        return out.toByteArray();
    }

    /**
     * A greyscale JPEG 2000 (JP2) file of about {@code size} bytes: signature box, {@code ftyp}
     * ({@code jp2 }), {@code jp2h} with {@code ihdr} (1 component, 8 bits) and {@code colr}
     * (enumerated greyscale, 17), and a {@code jp2c} codestream with SOC, SIZ, COD (5 levels, 5/3
     * reversible), QCD, one tile-part (SOT, SOD, filler without {@code FF} bytes) and EOC.
     */
    public static byte[] greyscaleJp2(String seed, int width, int height, int size) {
        ByteArrayOutputStream cs = new ByteArrayOutputStream();
        cs.writeBytes(new byte[] {(byte) 0xFF, 0x4F}); // SOC
        ByteBuffer siz = ByteBuffer.allocate(2 + 41).putShort((short) 0xFF51).putShort((short) 41);
        siz.putShort((short) 0).putInt(width).putInt(height).putInt(0).putInt(0).putInt(width).putInt(height)
                .putInt(0).putInt(0).putShort((short) 1).put((byte) 7).put((byte) 1).put((byte) 1);
        cs.writeBytes(siz.array());
        cs.writeBytes(new byte[] {(byte) 0xFF, 0x52, 0, 12, 0, 0, 0, 1, 0, 5, 4, 4, 0, 1}); // COD
        byte[] qcd = new byte[2 + 19];
        qcd[0] = (byte) 0xFF;
        qcd[1] = 0x5C;
        qcd[3] = 19;
        qcd[4] = 0x40; // 2 guard bits, no quantisation
        for (int i = 0; i < 16; i++) {
            qcd[5 + i] = (byte) ((8 + (i == 0 ? 0 : (i - 1) / 3 + 1)) << 3);
        }
        cs.writeBytes(qcd);
        int headerSoFar = 12 + 20 + 8 + 22 + 15 + 8 + cs.size();
        int body = Math.max(64, size - headerSoFar - 12 - 2 - 2);
        byte[] data = DeterministicBytes.of("jp2/" + seed, body);
        for (int i = 0; i < data.length; i++) {
            if (data[i] == (byte) 0xFF) {
                data[i] = (byte) 0xFE; // no marker-like bytes inside the tile data
            }
        }
        ByteBuffer sot = ByteBuffer.allocate(12).putShort((short) 0xFF90).putShort((short) 10).putShort((short) 0)
                .putInt(12 + 2 + data.length).put((byte) 0).put((byte) 1);
        cs.writeBytes(sot.array());
        cs.writeBytes(new byte[] {(byte) 0xFF, (byte) 0x93}); // SOD
        cs.writeBytes(data);
        cs.writeBytes(new byte[] {(byte) 0xFF, (byte) 0xD9}); // EOC

        ByteArrayOutputStream jp2 = new ByteArrayOutputStream();
        jp2.writeBytes(JP2_SIGNATURE);
        jp2.writeBytes(box("ftyp", Tlv.concat(ascii("jp2 "), new byte[4], ascii("jp2 "))));
        byte[] ihdr = box("ihdr", ByteBuffer.allocate(14).putInt(height).putInt(width).putShort((short) 1)
                .put((byte) 7).put((byte) 7).put((byte) 0).put((byte) 0).array());
        byte[] colr = box("colr", ByteBuffer.allocate(7).put((byte) 1).put((byte) 0).put((byte) 0).putInt(17).array());
        jp2.writeBytes(box("jp2h", Tlv.concat(ihdr, colr)));
        jp2.writeBytes(box("jp2c", cs.toByteArray()));
        return jp2.toByteArray();
    }

    private static byte[] box(String type, byte[] content) {
        return Tlv.concat(ByteBuffer.allocate(4).putInt(8 + content.length).array(), ascii(type), content);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
