package org.madoguchi.driver.face.ocr;

import java.util.Optional;

/**
 * A plane projective map, from four point pairs (solved by Gaussian elimination). The card-front reader
 * flattens the card with it; the simulator uses the same one to photograph a card front in perspective.
 */
public final class Homography {
    private final double[] h; // row-major 3x3, h[8] = 1

    private Homography(double[] h) {
        this.h = h;
    }

    /**
     * The map taking {@code src[i]} to {@code dst[i]}, points as {x0,y0,x1,y1,...} (four points); empty when
     * the points are degenerate (three on a line).
     */
    public static Optional<Homography> between(double[] src, double[] dst) {
        double[][] a = new double[8][9];
        for (int i = 0; i < 4; i++) {
            double x = src[2 * i];
            double y = src[2 * i + 1];
            double u = dst[2 * i];
            double v = dst[2 * i + 1];
            a[2 * i] = new double[] {x, y, 1, 0, 0, 0, -u * x, -u * y, u};
            a[2 * i + 1] = new double[] {0, 0, 0, x, y, 1, -v * x, -v * y, v};
        }
        for (int c = 0; c < 8; c++) {
            int p = c;
            for (int r = c + 1; r < 8; r++) {
                if (Math.abs(a[r][c]) > Math.abs(a[p][c])) {
                    p = r;
                }
            }
            double[] t = a[c];
            a[c] = a[p];
            a[p] = t;
            if (Math.abs(a[c][c]) < 1e-12) {
                return Optional.empty();
            }
            for (int r = 0; r < 8; r++) {
                if (r != c) {
                    double f = a[r][c] / a[c][c];
                    for (int k = c; k < 9; k++) {
                        a[r][k] -= f * a[c][k];
                    }
                }
            }
        }
        double[] h = new double[9];
        for (int i = 0; i < 8; i++) {
            h[i] = a[i][8] / a[i][i];
        }
        h[8] = 1;
        return Optional.of(new Homography(h));
    }

    /** Writes the image of (x, y) into {@code out[0..1]}. */
    public void map(double x, double y, double[] out) {
        double w = h[6] * x + h[7] * y + h[8];
        out[0] = (h[0] * x + h[1] * y + h[2]) / w;
        out[1] = (h[3] * x + h[4] * y + h[5]) / w;
    }
}
