package org.madoguchi.driver.face.ocr;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.madoguchi.driver.face.ocr.CardFrontReading.Refusal;

/**
 * Decodes a camera image (JPEG or PNG) into luminance, after checking its size from the header and
 * before decoding a pixel: at most {@link #MAX_PIXELS} pixels and {@link #MAX_BYTES} bytes.
 */
final class ImageInput {
    static final long MAX_PIXELS = 4096L * 4096L;
    static final int MAX_SIDE = 8192;
    static final int MIN_WIDTH = 320;
    static final int MIN_HEIGHT = 240;
    static final int MAX_BYTES = 32 << 20;

    /** The decoded image, or the refusal. */
    record Decoded(GreyImage image, Refusal refusal) {
    }

    private ImageInput() {
    }

    static Decoded decode(byte[] bytes) {
        if (bytes == null || bytes.length < 8) {
            return new Decoded(null, Refusal.NOT_AN_IMAGE);
        }
        if (bytes.length > MAX_BYTES) {
            return new Decoded(null, Refusal.IMAGE_TOO_LARGE);
        }
        boolean jpeg = (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == 0xD8;
        boolean png = (bytes[0] & 0xFF) == 0x89 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G';
        if (!jpeg && !png) {
            return new Decoded(null, Refusal.NOT_AN_IMAGE);
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(jpeg ? "jpeg" : "png");
            if (in == null || !readers.hasNext()) {
                return new Decoded(null, Refusal.NOT_AN_IMAGE);
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w > MAX_SIDE || h > MAX_SIDE || (long) w * h > MAX_PIXELS) {
                    return new Decoded(null, Refusal.IMAGE_TOO_LARGE);
                }
                if (w < MIN_WIDTH || h < MIN_HEIGHT) {
                    return new Decoded(null, Refusal.IMAGE_TOO_SMALL);
                }
                BufferedImage img = reader.read(0);
                return new Decoded(luminance(img), null);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return new Decoded(null, Refusal.NOT_AN_IMAGE);
        }
    }

    static GreyImage luminance(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        GreyImage g = new GreyImage(w, h);
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int p = row[x];
                g.v[y * w + x] = 0.299f * ((p >> 16) & 255) + 0.587f * ((p >> 8) & 255) + 0.114f * (p & 255);
            }
        }
        java.util.Arrays.fill(row, 0);
        java.awt.image.DataBuffer db = img.getRaster().getDataBuffer();
        if (db instanceof java.awt.image.DataBufferByte b) {
            java.util.Arrays.fill(b.getData(), (byte) 0);
        } else if (db instanceof java.awt.image.DataBufferInt i) {
            java.util.Arrays.fill(i.getData(), 0);
        }
        img.flush();
        return g;
    }
}
