package org.madoguchi.simulator.cardfront;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

import org.madoguchi.driver.face.ocr.Homography;

/** The pixel work behind {@link CardPhotographer}: planes of R, G, B as floats in 0–255. */
final class Scene {
    private Scene() {
    }

    /** A dark tray or desk: a base colour, a slow gradient and a fine texture. */
    static float[][] background(int w, int h, SplittableRandom r) {
        float[][] rgb = new float[3][w * h];
        double base = 35 + 70 * r.nextDouble();
        double[] tint = {0.8 + 0.4 * r.nextDouble(), 0.8 + 0.4 * r.nextDouble(), 0.8 + 0.4 * r.nextDouble()};
        double gx = (r.nextDouble() - 0.5) * 40 / w;
        double gy = (r.nextDouble() - 0.5) * 40 / h;
        double freq = 0.02 + 0.05 * r.nextDouble();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double v = base + gx * x + gy * y + 6 * Math.sin(x * freq + 3 * Math.sin(y * 0.013));
                for (int c = 0; c < 3; c++) {
                    rgb[c][y * w + x] = (float) Math.max(0, Math.min(255, v * tint[c]));
                }
            }
        }
        return rgb;
    }

    /** Draws {@code card} (ARGB) into the frame so that its corners land on {@code corners} (TL, TR, BR, BL). */
    static void place(float[][] rgb, int w, int h, BufferedImage card, double[] corners) {
        int cw = card.getWidth();
        int ch = card.getHeight();
        int[] px = card.getRGB(0, 0, cw, ch, null, 0, cw);
        Homography back = Homography.between(corners, new double[] {0, 0, cw, 0, cw, ch, 0, ch})
                .orElseThrow(() -> new IllegalArgumentException("degenerate quadrilateral"));
        double minX = Double.MAX_VALUE;
        double maxX = -Double.MAX_VALUE;
        double minY = Double.MAX_VALUE;
        double maxY = -Double.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            minX = Math.min(minX, corners[2 * i]);
            maxX = Math.max(maxX, corners[2 * i]);
            minY = Math.min(minY, corners[2 * i + 1]);
            maxY = Math.max(maxY, corners[2 * i + 1]);
        }
        double[] p = new double[2];
        float[] acc = new float[4];
        for (int y = Math.max(0, (int) minY - 1); y < Math.min(h, (int) maxY + 2); y++) {
            for (int x = Math.max(0, (int) minX - 1); x < Math.min(w, (int) maxX + 2); x++) {
                acc[0] = acc[1] = acc[2] = acc[3] = 0;
                for (int s = 0; s < 4; s++) { // 2x2 supersampling
                    back.map(x + 0.25 + 0.5 * (s & 1), y + 0.25 + 0.5 * (s >> 1), p);
                    sample(px, cw, ch, p[0] - 0.5, p[1] - 0.5, acc);
                }
                float a = acc[3] / 4f;
                if (a <= 0) {
                    continue;
                }
                int i = y * w + x;
                for (int c = 0; c < 3; c++) {
                    rgb[c][i] = rgb[c][i] * (1 - a) + acc[c] / 4f;
                }
            }
        }
    }

    /** Adds the bilinear sample at (x, y), premultiplied by alpha, to acc (r, g, b, a). */
    private static void sample(int[] px, int w, int h, double x, double y, float[] acc) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        for (int k = 0; k < 4; k++) {
            int xi = x0 + (k & 1);
            int yi = y0 + (k >> 1);
            if (xi < 0 || yi < 0 || xi >= w || yi >= h) {
                continue;
            }
            double wt = ((k & 1) == 1 ? fx : 1 - fx) * ((k >> 1) == 1 ? fy : 1 - fy);
            int v = px[yi * w + xi];
            double a = (v >>> 24) / 255.0 * wt;
            acc[0] += (float) (((v >> 16) & 255) * a);
            acc[1] += (float) (((v >> 8) & 255) * a);
            acc[2] += (float) ((v & 255) * a);
            acc[3] += (float) a;
        }
    }

    /** Exposure {@code gain} with a light fall-off across the frame (vignetting, a lamp to one side). */
    static void light(float[][] rgb, int w, int h, double gain, SplittableRandom r) {
        double lx = r.nextDouble() * w;
        double ly = r.nextDouble() * h;
        double falloff = 0.15 + 0.2 * r.nextDouble();
        double diag = Math.hypot(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double f = gain * (1 - falloff * Math.hypot(x - lx, y - ly) / diag);
                int i = y * w + x;
                for (int c = 0; c < 3; c++) {
                    rgb[c][i] = (float) (rgb[c][i] * f);
                }
            }
        }
    }

    /** A specular highlight: towards white by {@code strength} at the centre, fading out over {@code radius}. */
    static void glare(float[][] rgb, int w, int h, double gx, double gy, double radius, double strength) {
        int x0 = Math.max(0, (int) (gx - 2 * radius));
        int x1 = Math.min(w, (int) (gx + 2 * radius));
        int y0 = Math.max(0, (int) (gy - 2 * radius));
        int y1 = Math.min(h, (int) (gy + 2 * radius));
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                double d = Math.hypot((x - gx) / 1.6, y - gy) / radius;
                double a = strength * Math.exp(-d * d * 1.5);
                int i = y * w + x;
                for (int c = 0; c < 3; c++) {
                    rgb[c][i] = (float) (rgb[c][i] * (1 - a) + 255 * a);
                }
            }
        }
    }

    /** Separable Gaussian blur of every plane. */
    static void blur(float[][] rgb, int w, int h, double sigma) {
        int rad = (int) Math.ceil(3 * sigma);
        float[] k = new float[2 * rad + 1];
        float sum = 0;
        for (int i = -rad; i <= rad; i++) {
            k[i + rad] = (float) Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + rad];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= sum;
        }
        float[] tmp = new float[w * h];
        for (float[] plane : rgb) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float s = 0;
                    for (int j = -rad; j <= rad; j++) {
                        s += k[j + rad] * plane[y * w + Math.max(0, Math.min(w - 1, x + j))];
                    }
                    tmp[y * w + x] = s;
                }
            }
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float s = 0;
                    for (int j = -rad; j <= rad; j++) {
                        s += k[j + rad] * tmp[Math.max(0, Math.min(h - 1, y + j)) * w + x];
                    }
                    plane[y * w + x] = s;
                }
            }
        }
    }

    /** Gaussian sensor noise of standard deviation {@code sigma} grey levels, per channel. */
    static void noise(float[][] rgb, double sigma, SplittableRandom r) {
        for (float[] plane : rgb) {
            for (int i = 0; i < plane.length; i++) {
                plane[i] += (float) (sigma * gaussian(r));
            }
        }
    }

    private static double gaussian(SplittableRandom r) {
        double u = 1 - r.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    static BufferedImage toImage(float[][] rgb, int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int[] px = new int[w * h];
        for (int i = 0; i < px.length; i++) {
            px[i] = clamp(rgb[0][i]) << 16 | clamp(rgb[1][i]) << 8 | clamp(rgb[2][i]);
        }
        img.setRGB(0, 0, w, h, px, 0, w);
        return img;
    }

    private static int clamp(float v) {
        return Math.max(0, Math.min(255, Math.round(v)));
    }
}
