package org.madoguchi.driver.face.ocr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Refines a rough quadrilateral to the card's edges at full resolution: along each side, short
 * profiles across it (each the mean of five parallel ones) are searched for the steepest step of
 * the expected sign (card lighter or darker than what is outside), placed to a fraction of a pixel;
 * a straight line is fitted through those points, dropping the ones far from it (text, a finger, a
 * highlight, the rounded corners), and the corners are where the lines cross. Corners may lie
 * outside the image when the card runs out of the frame.
 */
final class EdgeFit {
    /** The card is lighter than its surroundings, darker, or either (decided per side). */
    static final int LIGHTER = 1;
    static final int DARKER = -1;
    static final int EITHER = 0;

    private static final int SAMPLES = 48;

    private EdgeFit() {
    }

    /** The refined corners, or null when a side has too few edge points. */
    static double[] refine(GreyImage img, double[] q, int polarity) {
        double cx = (q[0] + q[2] + q[4] + q[6]) / 4;
        double cy = (q[1] + q[3] + q[5] + q[7]) / 4;
        double[][] lines = new double[4][];
        for (int e = 0; e < 4; e++) {
            lines[e] = side(img, q, e, cx, cy, polarity);
            if (lines[e] == null) {
                return null;
            }
        }
        return Geometry.corners(lines);
    }

    /** The fitted line {px, py, dx, dy} of side {@code e} (corner e to corner e + 1), or null. */
    private static double[] side(GreyImage img, double[] q, int e, double cx, double cy, int polarity) {
        double x0 = q[2 * e];
        double y0 = q[2 * e + 1];
        double x1 = q[2 * ((e + 1) % 4)];
        double y1 = q[2 * ((e + 1) % 4) + 1];
        double len = Math.hypot(x1 - x0, y1 - y0);
        if (len < 20) {
            return null;
        }
        double ux = (x1 - x0) / len;
        double uy = (y1 - y0) / len;
        double nx = -uy;
        double ny = ux;
        double mx = (x0 + x1) / 2;
        double my = (y0 + y1) / 2;
        if ((mx - cx) * nx + (my - cy) * ny < 0) { // the normal points out of the card
            nx = -nx;
            ny = -ny;
        }
        double reach = Math.max(5, 0.03 * len);
        int steps = (int) Math.ceil(2 * reach / 0.5) + 1;
        float[] profile = new float[steps];
        List<double[]> points = new ArrayList<>();
        List<Float> signs = new ArrayList<>();
        for (int k = 0; k < SAMPLES; k++) {
            double t = len * (0.08 + 0.84 * k / (SAMPLES - 1));
            double px = x0 + ux * t;
            double py = y0 + uy * t;
            boolean inside = true;
            for (int s = 0; s < steps && inside; s++) {
                double d = -reach + 0.5 * s;
                float sum = 0;
                for (int a = -2; a <= 2; a++) {
                    double sx = px + nx * d + ux * a;
                    double sy = py + ny * d + uy * a;
                    if (sx < 0 || sy < 0 || sx > img.width - 1 || sy > img.height - 1) {
                        inside = false;
                        break;
                    }
                    sum += img.sample(sx, sy, 0f);
                }
                profile[s] = sum / 5;
            }
            if (!inside) {
                continue;
            }
            double[] step = steepest(profile, polarity);
            if (step != null) {
                double d = -reach + 0.5 * step[0];
                points.add(new double[] {px + nx * d, py + ny * d});
                signs.add((float) step[1]);
            }
        }
        Arrays.fill(profile, 0f);
        if (polarity == EITHER && !points.isEmpty()) {
            keepMajoritySign(points, signs);
        }
        return robustLine(points);
    }

    /**
     * The index (fractional) of the steepest change along a profile running outwards, and its sign
     * (+1: lighter inside); {@code polarity} restricts the sign. Null on a flat profile.
     */
    private static double[] steepest(float[] p, int polarity) {
        int n = p.length;
        double best = 0;
        int at = -1;
        double[] d = new double[n];
        for (int i = 2; i < n - 2; i++) {
            // smoothed derivative (inside minus outside, so positive when the card is lighter)
            d[i] = (p[i - 2] + 2 * p[i - 1] - 2 * p[i + 1] - p[i + 2]) / 8.0;
        }
        for (int i = 2; i < n - 2; i++) {
            double v = polarity == LIGHTER ? d[i] : polarity == DARKER ? -d[i] : Math.abs(d[i]);
            if (v > best) {
                best = v;
                at = i;
            }
        }
        if (at < 0 || best < 2.0) {
            return null;
        }
        double frac = 0;
        if (at > 2 && at < n - 3) {
            double a = Math.abs(d[at - 1]);
            double b = Math.abs(d[at]);
            double c = Math.abs(d[at + 1]);
            double den = a - 2 * b + c;
            frac = den == 0 ? 0 : Math.max(-0.5, Math.min(0.5, 0.5 * (a - c) / den));
        }
        return new double[] {at + frac, Math.signum(d[at])};
    }

    private static void keepMajoritySign(List<double[]> points, List<Float> signs) {
        int plus = 0;
        for (float s : signs) {
            plus += s > 0 ? 1 : 0;
        }
        float keep = 2 * plus >= signs.size() ? 1f : -1f;
        for (int i = signs.size() - 1; i >= 0; i--) {
            if (signs.get(i) != keep) {
                points.remove(i);
            }
        }
    }

    /**
     * A total-least-squares line through the points, refitted three times without the points
     * farther than max(1 px, 3 × the median distance); null with fewer than 12 points left or
     * when fewer than half of them agree.
     */
    static double[] robustLine(List<double[]> points) {
        if (points.size() < 12) {
            return null;
        }
        List<double[]> use = new ArrayList<>(points);
        double[] line = null;
        for (int round = 0; round < 4; round++) {
            line = Geometry.fitLine(use);
            if (line == null) {
                return null;
            }
            double[] dist = new double[use.size()];
            for (int i = 0; i < dist.length; i++) {
                dist[i] = Geometry.distance(line, use.get(i));
            }
            double[] sorted = dist.clone();
            Arrays.sort(sorted);
            double tol = Math.max(1.0, 3 * sorted[sorted.length / 2]);
            List<double[]> kept = new ArrayList<>();
            for (int i = 0; i < dist.length; i++) {
                if (dist[i] <= tol) {
                    kept.add(use.get(i));
                }
            }
            use = kept;
            if (use.size() < Math.max(12, points.size() / 2)) {
                return null;
            }
        }
        return line;
    }
}
