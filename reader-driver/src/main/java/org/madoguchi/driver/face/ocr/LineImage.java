package org.madoguchi.driver.face.ocr;

import java.util.Arrays;

/**
 * Turns a sampled text band into what Tesseract reads well: uneven light and glare divided out
 * (each pixel over the local background, a max filter then a box blur), contrast stretched so the ink
 * is black, a white margin around. Three ways of doing it: {@link #PLAIN}; for a field the plain
 * images do not settle, {@link #SHARPENED} (an unsharp mask first, for out-of-focus photographs) and
 * {@link #SHARPENED_LOCAL} (the contrast also stretched locally, for ink that a highlight has washed
 * out; it also lifts background texture, so it comes last). Two more, read only when a field would
 * otherwise be refused: {@link #DEBLURRED} and {@link #DEBLURRED_MORE}, wider and stronger unsharp
 * masks for heavy blur (about 0.1 em) and for glare that has thinned the strokes.
 */
final class LineImage {
    static final int MARGIN = 12;
    static final int PLAIN = 0;
    static final int SHARPENED = 1;
    static final int SHARPENED_LOCAL = 2;
    static final int DEBLURRED = 3;
    static final int DEBLURRED_MORE = 4;

    final byte[] pixels;
    final int width;
    final int height;

    private LineImage(byte[] pixels, int width, int height) {
        this.pixels = pixels;
        this.width = width;
        this.height = height;
    }

    /** {@link #PLAIN}; null when the band holds no ink worth reading. */
    static LineImage prepare(GreyImage band, int radius) {
        return prepare(band, radius, PLAIN);
    }

    /**
     * {@code radius}: about 0.6 em in the band's pixels. {@link #SHARPENED}: an unsharp mask (σ 0.06 em,
     * amount 1.5) first; {@link #SHARPENED_LOCAL}: that, and each pixel's ink measured against the
     * strongest ink within about 1.2 em (but at least 35 % of the band's strongest), so a line half
     * under a highlight comes out black throughout; {@link #DEBLURRED}: an unsharp mask of σ 0.1 em,
     * amount 2.5; {@link #DEBLURRED_MORE}: σ 0.14 em, amount 3. Null when the band holds no ink worth
     * reading.
     */
    static LineImage prepare(GreyImage band, int radius, int way) {
        int w = band.width;
        int h = band.height;
        // radius is 0.6 em, so radius / 10 is 0.06 em
        float[] grey = switch (way) {
            case PLAIN -> band.v;
            case DEBLURRED -> unsharp(band.v, w, h, radius / 6.0, 2.5f);
            case DEBLURRED_MORE -> unsharp(band.v, w, h, radius * 0.14 / 0.6, 3f);
            default -> unsharp(band.v, w, h, radius / 10.0, 1.5f);
        };
        float[] bg = maxFilter(grey, w, h, radius);
        float[] blurred = boxBlur(bg, w, h, radius);
        Arrays.fill(bg, 0f);
        float[] ink = new float[w * h];
        for (int i = 0; i < ink.length; i++) {
            ink[i] = Math.max(0f, 1f - grey[i] / Math.max(8f, blurred[i]));
        }
        Arrays.fill(blurred, 0f);
        if (grey != band.v) {
            Arrays.fill(grey, 0f);
        }
        float[] sorted = ink.clone();
        Arrays.sort(sorted);
        float strong = sorted[(int) (sorted.length * 0.985)];
        Arrays.fill(sorted, 0f);
        if (strong < 0.12f) {
            Arrays.fill(ink, 0f);
            return null;
        }
        float[] local = null;
        if (way == SHARPENED_LOCAL) {
            float[] m = maxFilter(ink, w, h, 2 * radius);
            local = boxBlur(m, w, h, 2 * radius);
            Arrays.fill(m, 0f);
        }
        int ow = w + 2 * MARGIN;
        int oh = h + 2 * MARGIN;
        byte[] out = new byte[ow * oh];
        Arrays.fill(out, (byte) 255);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float scale = local == null ? strong : Math.min(strong, Math.max(0.35f * strong, local[y * w + x]));
                // faint ink (the card's fine background lines) goes white
                float k = Math.max(0f, ink[y * w + x] / scale - 0.2f) / 0.8f;
                int v = 255 - Math.min(255, Math.round(k * 255f));
                out[(y + MARGIN) * ow + x + MARGIN] = (byte) v;
            }
        }
        Arrays.fill(ink, 0f);
        if (local != null) {
            Arrays.fill(local, 0f);
        }
        return new LineImage(out, ow, oh);
    }

    void wipe() {
        Arrays.fill(pixels, (byte) 0);
    }

    /** {@code v + amount × (v − Gaussian blur of v)}, clamped to 0–255. */
    private static float[] unsharp(float[] v, int w, int h, double sigma, float amount) {
        int r = (int) Math.ceil(3 * sigma);
        float[] k = new float[2 * r + 1];
        float sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = (float) Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        float[] tmp = new float[w * h];
        float[] out = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float s = 0;
                for (int j = -r; j <= r; j++) {
                    s += k[j + r] * v[y * w + Math.max(0, Math.min(w - 1, x + j))];
                }
                tmp[y * w + x] = s;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float s = 0;
                for (int j = -r; j <= r; j++) {
                    s += k[j + r] * tmp[Math.max(0, Math.min(h - 1, y + j)) * w + x];
                }
                int i = y * w + x;
                out[i] = Math.max(0f, Math.min(255f, v[i] + amount * (v[i] - s)));
            }
        }
        Arrays.fill(tmp, 0f);
        return out;
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
