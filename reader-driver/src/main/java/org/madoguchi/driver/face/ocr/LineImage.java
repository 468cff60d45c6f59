package org.madoguchi.driver.face.ocr;

import java.util.Arrays;

/**
 * Turns a sampled text band into what Tesseract reads well: uneven light and glare divided out
 * (each pixel over the local background, a max filter then a box blur), contrast stretched so the ink
 * is black, a white margin around.
 */
final class LineImage {
    static final int MARGIN = 12;

    final byte[] pixels;
    final int width;
    final int height;

    private LineImage(byte[] pixels, int width, int height) {
        this.pixels = pixels;
        this.width = width;
        this.height = height;
    }

    /** Null when the band holds no ink worth reading. */
    static LineImage prepare(GreyImage band, int radius) {
        int w = band.width;
        int h = band.height;
        float[] bg = maxFilter(band.v, w, h, radius);
        float[] blurred = boxBlur(bg, w, h, radius);
        Arrays.fill(bg, 0f);
        float[] ink = new float[w * h];
        for (int i = 0; i < ink.length; i++) {
            ink[i] = Math.max(0f, 1f - band.v[i] / Math.max(8f, blurred[i]));
        }
        Arrays.fill(blurred, 0f);
        float[] sorted = ink.clone();
        Arrays.sort(sorted);
        float strong = sorted[(int) (sorted.length * 0.985)];
        Arrays.fill(sorted, 0f);
        if (strong < 0.12f) {
            Arrays.fill(ink, 0f);
            return null;
        }
        int ow = w + 2 * MARGIN;
        int oh = h + 2 * MARGIN;
        byte[] out = new byte[ow * oh];
        Arrays.fill(out, (byte) 255);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                // faint ink (the card's fine background lines) goes white
                float k = Math.max(0f, ink[y * w + x] / strong - 0.2f) / 0.8f;
                int v = 255 - Math.min(255, Math.round(k * 255f));
                out[(y + MARGIN) * ow + x + MARGIN] = (byte) v;
            }
        }
        Arrays.fill(ink, 0f);
        return new LineImage(out, ow, oh);
    }

    void wipe() {
        Arrays.fill(pixels, (byte) 0);
    }

    private static float[] maxFilter(float[] v, int w, int h, int r) {
        float[] tmp = new float[w * h];
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float m = 0;
                for (int k = Math.max(0, x - r); k <= Math.min(w - 1, x + r); k++) {
                    m = Math.max(m, v[y * w + k]);
                }
                tmp[y * w + x] = m;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float m = 0;
                for (int k = Math.max(0, y - r); k <= Math.min(h - 1, y + r); k++) {
                    m = Math.max(m, tmp[k * w + x]);
                }
                out[y * w + x] = m;
            }
        }
        Arrays.fill(tmp, 0f);
        return out;
    }

    private static float[] boxBlur(float[] v, int w, int h, int r) {
        float[] tmp = new float[w * h];
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float s = 0;
                int n = 0;
                for (int k = Math.max(0, x - r); k <= Math.min(w - 1, x + r); k++, n++) {
                    s += v[y * w + k];
                }
                tmp[y * w + x] = s / n;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float s = 0;
                int n = 0;
                for (int k = Math.max(0, y - r); k <= Math.min(h - 1, y + r); k++, n++) {
                    s += tmp[k * w + x];
                }
                out[y * w + x] = s / n;
            }
        }
        Arrays.fill(tmp, 0f);
        return out;
    }
}
