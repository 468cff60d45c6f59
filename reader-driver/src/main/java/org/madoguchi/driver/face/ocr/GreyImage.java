package org.madoguchi.driver.face.ocr;

import java.util.Arrays;

/** Luminance 0–255 as floats, row-major. Wiped by the reader when it is done. */
final class GreyImage {
    final int width;
    final int height;
    final float[] v;

    GreyImage(int width, int height) {
        this(width, height, new float[width * height]);
    }

    GreyImage(int width, int height, float[] v) {
        this.width = width;
        this.height = height;
        this.v = v;
    }

    float at(int x, int y) {
        return v[y * width + x];
    }

    /** Bilinear sample; outside the image: {@code outside}. */
    float sample(double x, double y, float outside) {
        if (!(x >= 0 && y >= 0 && x <= width - 1 && y <= height - 1)) {
            return outside;
        }
        int x0 = Math.min((int) x, width - 2 < 0 ? 0 : width - 2);
        int y0 = Math.min((int) y, height - 2 < 0 ? 0 : height - 2);
        double fx = x - x0;
        double fy = y - y0;
        int i = y0 * width + x0;
        int dx = width > 1 ? 1 : 0;
        int dy = height > 1 ? width : 0;
        double top = v[i] * (1 - fx) + v[i + dx] * fx;
        double bottom = v[i + dy] * (1 - fx) + v[i + dy + dx] * fx;
        return (float) (top * (1 - fy) + bottom * fy);
    }

    /** Box-averaged copy, {@code factor} times smaller on each side. */
    GreyImage shrink(int factor) {
        int w = Math.max(1, width / factor);
        int h = Math.max(1, height / factor);
        GreyImage out = new GreyImage(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float s = 0;
                for (int j = 0; j < factor; j++) {
                    int row = (y * factor + j) * width + x * factor;
                    for (int i = 0; i < factor; i++) {
                        s += v[row + i];
                    }
                }
                out.v[y * w + x] = s / (factor * factor);
            }
        }
        return out;
    }

    void wipe() {
        Arrays.fill(v, 0f);
    }
}
