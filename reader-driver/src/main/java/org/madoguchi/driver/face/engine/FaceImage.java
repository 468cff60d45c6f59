package org.madoguchi.driver.face.engine;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.util.Arrays;

/**
 * A decoded image as 8-bit RGB, row by row. Made by {@link FaceEngine#decode(byte[])} or
 * {@link FaceEngine#image(BufferedImage)}, which bound its size. It holds a person's face: close it
 * (which overwrites the pixels) as soon as the call that needed it is done, and never log it.
 */
public final class FaceImage implements AutoCloseable {
    private final int width;
    private final int height;
    private final byte[] rgb;
    private volatile boolean closed;

    FaceImage(int width, int height, byte[] rgb) {
        if (width <= 0 || height <= 0 || rgb.length != Math.multiplyExact(Math.multiplyExact(width, height), 3)) {
            throw new IllegalArgumentException("pixel data does not fit the image size");
        }
        this.width = width;
        this.height = height;
        this.rgb = rgb;
    }

    /** Copies any {@link BufferedImage} into RGB; a one-band (grey) image is copied as grey, without colour conversion. */
    static FaceImage copyOf(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[Math.multiplyExact(Math.multiplyExact(w, h), 3)];
        Raster raster = image.getRaster();
        int bands = raster.getNumBands();
        boolean bytes = raster.getDataBuffer().getDataType() == DataBuffer.TYPE_BYTE;
        if (bands == 1 && !(image.getColorModel() instanceof IndexColorModel)
                && raster.getSampleModel().getSampleSize(0) <= 16) {
            int[] row = new int[w];
            int max = (1 << raster.getSampleModel().getSampleSize(0)) - 1;
            for (int y = 0; y < h; y++) {
                raster.getSamples(0, y, w, 1, 0, row);
                for (int x = 0; x < w; x++) {
                    byte g = (byte) (max == 255 ? row[x] : Math.round(row[x] * 255.0 / max));
                    int o = (y * w + x) * 3;
                    out[o] = g;
                    out[o + 1] = g;
                    out[o + 2] = g;
                }
            }
            Arrays.fill(row, 0);
        } else if (bands == 3 && bytes && image.getType() == BufferedImage.TYPE_3BYTE_BGR) {
            int[] px = new int[w * 3];
            for (int y = 0; y < h; y++) {
                raster.getPixels(0, y, w, 1, px); // band order of the raster is R, G, B
                for (int i = 0; i < w * 3; i++) {
                    out[y * w * 3 + i] = (byte) px[i];
                }
            }
            Arrays.fill(px, 0);
        } else {
            int[] row = new int[w];
            for (int y = 0; y < h; y++) {
                image.getRGB(0, y, w, 1, row, 0, w);
                for (int x = 0; x < w; x++) {
                    int o = (y * w + x) * 3;
                    out[o] = (byte) (row[x] >> 16);
                    out[o + 1] = (byte) (row[x] >> 8);
                    out[o + 2] = (byte) row[x];
                }
            }
            Arrays.fill(row, 0);
        }
        return new FaceImage(w, h, out);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    /** Channel {@code c} (0 = R, 1 = G, 2 = B) of pixel (x, y), 0–255. */
    int sample(int x, int y, int c) {
        return rgb[(y * width + x) * 3 + c] & 0xff;
    }

    byte[] rgb() {
        ensureOpen();
        return rgb;
    }

    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("image already closed");
        }
    }

    /** Overwrites the pixels. */
    @Override
    public void close() {
        closed = true;
        Arrays.fill(rgb, (byte) 0);
    }

    @Override
    public String toString() {
        return "FaceImage[" + width + "x" + height + "]"; // never the pixels
    }
}
