package org.madoguchi.driver.face.ocr;

/**
 * Samples parts of the card, in card millimetres, out of the camera image through the projective map
 * given by the card's four corners (bilinear; the card is flat, so a homography is exact).
 */
final class Rectifier {
    private final GreyImage image;
    private final Homography h;

    private Rectifier(GreyImage image, Homography h) {
        this.image = image;
        this.h = h;
    }

    /** {@code corners}: top-left, top-right, bottom-right, bottom-left of the card, in image pixels. */
    static Rectifier of(GreyImage image, double[] corners) {
        double[] mm = {0, 0, FrontLayout.WIDTH_MM, 0, FrontLayout.WIDTH_MM, FrontLayout.HEIGHT_MM, 0, FrontLayout.HEIGHT_MM};
        return Homography.between(mm, corners).map(h -> new Rectifier(image, h)).orElse(null);
    }

    /** The region {@code (x, y, w, h)} mm at {@code pxPerMm}. */
    GreyImage sample(double x, double y, double w, double hMm, double pxPerMm) {
        int ow = Math.max(1, (int) Math.round(w * pxPerMm));
        int oh = Math.max(1, (int) Math.round(hMm * pxPerMm));
        GreyImage out = new GreyImage(ow, oh);
        double[] p = new double[2];
        for (int j = 0; j < oh; j++) {
            double v = y + (j + 0.5) / pxPerMm;
            for (int i = 0; i < ow; i++) {
                double u = x + (i + 0.5) / pxPerMm;
                h.map(u, v, p);
                out.v[j * ow + i] = image.sample(p[0] - 0.5, p[1] - 0.5, 255f);
            }
        }
        return out;
    }

    /** The {@code q}-quantile grey of a region, sampled at 2 px/mm. */
    double percentile(double x, double y, double w, double hMm, double q) {
        GreyImage g = sample(x, y, w, hMm, 2);
        float[] v = g.v.clone();
        java.util.Arrays.sort(v);
        double out = v[(int) Math.min(v.length - 1, q * v.length)];
        java.util.Arrays.fill(v, 0f);
        g.wipe();
        return out;
    }
}
