package org.madoguchi.driver.face.engine;

/**
 * dlib's face chip: the 150×150 image, with padding 0.25, that dlib's ResNet descriptor was trained
 * on ({@code get_face_chip_details} + {@code extract_image_chip}). A similarity transform (scale,
 * rotation, translation) is fitted by least squares from dlib's mean 68-point face (eyebrows and
 * lower lip left out, as dlib does) to the detected landmarks; chip pixels are then sampled from the
 * image bilinearly, averaging n×n sub-samples when the chip shrinks the face by a factor n ≥ 2 (in
 * place of dlib's image pyramid). Outside the image is black.
 */
final class FaceChip {
    static final int SIZE = 150;
    static final double PADDING = 0.25;
    private static final int MAX_SUBSAMPLES = 8;

    /**
     * dlib's mean face shape for landmarks 17–67 on the unit square ({@code mean_face_shape_x/y}
     * in dlib's {@code image_transforms/interpolation.h}, Boost Software License): the template of
     * its face-chip convention.
     */
    private static final double[] MEAN_X = {
        0.000213256, 0.0752622, 0.18113, 0.29077, 0.393397, 0.586856, 0.689483, 0.799124, 0.904991, 0.98004,
        0.490127, 0.490127, 0.490127, 0.490127, 0.36688, 0.426036, 0.490127, 0.554217, 0.613373, 0.121737,
        0.187122, 0.265825, 0.334606, 0.260918, 0.182743, 0.645647, 0.714428, 0.793132, 0.858516, 0.79751,
        0.719335, 0.254149, 0.340985, 0.428858, 0.490127, 0.551395, 0.639268, 0.726104, 0.642159, 0.556721,
        0.490127, 0.423532, 0.338094, 0.290379, 0.428096, 0.490127, 0.552157, 0.689874, 0.553364, 0.490127,
        0.42689};
    private static final double[] MEAN_Y = {
        0.106454, 0.038915, 0.0187482, 0.0344891, 0.0773906, 0.0773906, 0.0344891, 0.0187482, 0.038915,
        0.106454, 0.203352, 0.307009, 0.409805, 0.515625, 0.587326, 0.609345, 0.628106, 0.609345, 0.587326,
        0.216423, 0.178758, 0.179852, 0.231733, 0.245099, 0.244077, 0.231733, 0.179852, 0.178758, 0.216423,
        0.244077, 0.245099, 0.780233, 0.745405, 0.727388, 0.742578, 0.727388, 0.745405, 0.780233, 0.864805,
        0.902192, 0.909281, 0.902192, 0.864805, 0.784792, 0.778746, 0.785343, 0.778746, 0.784792, 0.824182,
        0.831803, 0.824182};

    /** Chip pixel (x, y) → image point (a·x − b·y + tx, b·x + a·y + ty). */
    record Similarity(double a, double b, double tx, double ty) {
        double scale() {
            return Math.hypot(a, b);
        }

        double imageX(double x, double y) {
            return a * x - b * y + tx;
        }

        double imageY(double x, double y) {
            return b * x + a * y + ty;
        }
    }

    private FaceChip() {
    }

    private static boolean used(int i) {
        return i >= 27 && !(i >= 55 && i <= 59) && !(i >= 65 && i <= 67);
    }

    /** Least-squares similarity from the template (in chip pixels) to the landmarks (in image pixels). */
    static Similarity fit(Landmarks68 lm) {
        int n = 0;
        double fx = 0;
        double fy = 0;
        double tx = 0;
        double ty = 0;
        for (int i = 17; i < Landmarks68.COUNT; i++) {
            if (used(i)) {
                fx += templateX(i);
                fy += templateY(i);
                tx += lm.point(i).x();
                ty += lm.point(i).y();
                n++;
            }
        }
        fx /= n;
        fy /= n;
        tx /= n;
        ty /= n;
        double dot = 0;
        double cross = 0;
        double norm = 0;
        for (int i = 17; i < Landmarks68.COUNT; i++) {
            if (used(i)) {
                double ux = templateX(i) - fx;
                double uy = templateY(i) - fy;
                double vx = lm.point(i).x() - tx;
                double vy = lm.point(i).y() - ty;
                dot += ux * vx + uy * vy;
                cross += ux * vy - uy * vx;
                norm += ux * ux + uy * uy;
            }
        }
        double a = dot / norm;
        double b = cross / norm;
        return new Similarity(a, b, tx - (a * fx - b * fy), ty - (b * fx + a * fy));
    }

    private static double templateX(int i) {
        return (PADDING + MEAN_X[i - 17]) / (2 * PADDING + 1) * SIZE;
    }

    private static double templateY(int i) {
        return (PADDING + MEAN_Y[i - 17]) / (2 * PADDING + 1) * SIZE;
    }

    /** The chip as the recognition net's input: 3×150×150, channel means subtracted, divided by 255. */
    static Tensor extract(FaceImage image, Similarity t, float[] mean) {
        image.ensureOpen();
        int sub = (int) Math.max(1, Math.min(MAX_SUBSAMPLES, Math.round(t.scale())));
        Tensor out = new Tensor(3, SIZE, SIZE);
        int plane = SIZE * SIZE;
        double[] rgb = new double[3];
        double[] sum = new double[3];
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                sum[0] = 0;
                sum[1] = 0;
                sum[2] = 0;
                for (int sy = 0; sy < sub; sy++) {
                    double cy = y + (sy + 0.5) / sub - 0.5;
                    for (int sx = 0; sx < sub; sx++) {
                        double cx = x + (sx + 0.5) / sub - 0.5;
                        bilinear(image, t.imageX(cx, cy), t.imageY(cx, cy), rgb);
                        sum[0] += rgb[0];
                        sum[1] += rgb[1];
                        sum[2] += rgb[2];
                    }
                }
                for (int c = 0; c < 3; c++) {
                    float v = (float) (sum[c] / (sub * sub));
                    out.data[c * plane + y * SIZE + x] = (v - mean[c]) / 255f;
                }
            }
        }
        return out;
    }

    /** Bilinear sample at (x, y); pixels outside the image count as black. */
    private static void bilinear(FaceImage img, double x, double y, double[] rgb) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        for (int c = 0; c < 3; c++) {
            double top = at(img, x0, y0, c) * (1 - fx) + at(img, x0 + 1, y0, c) * fx;
            double bottom = at(img, x0, y0 + 1, c) * (1 - fx) + at(img, x0 + 1, y0 + 1, c) * fx;
            rgb[c] = top * (1 - fy) + bottom * fy;
        }
    }

    private static int at(FaceImage img, int x, int y, int c) {
        return x < 0 || y < 0 || x >= img.width() || y >= img.height() ? 0 : img.sample(x, y, c);
    }
}
