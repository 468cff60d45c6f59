package org.madoguchi.driver.face.ocr;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Plane geometry for the card locator: hulls, quadrilaterals, line fits, Otsu's threshold. */
final class Geometry {
    private Geometry() {
    }

    static int otsu(int[] hist, int total) {
        double sum = 0;
        for (int i = 0; i < 256; i++) {
            sum += (double) i * hist[i];
        }
        double sumB = 0;
        long wB = 0;
        double best = -1;
        int t = 127;
        for (int i = 0; i < 256; i++) {
            wB += hist[i];
            if (wB == 0) {
                continue;
            }
            long wF = total - wB;
            if (wF == 0) {
                break;
            }
            sumB += (double) i * hist[i];
            double mB = sumB / wB;
            double mF = (sum - sumB) / wF;
            double between = (double) wB * wF * (mB - mF) * (mB - mF);
            if (between > best) {
                best = between;
                t = i;
            }
        }
        return t;
    }

    /** Andrew's monotone chain. */
    static double[][] convexHull(List<double[]> pts) {
        List<double[]> p = new ArrayList<>(pts);
        p.sort(Comparator.<double[]>comparingDouble(a -> a[0]).thenComparingDouble(a -> a[1]));
        int n = p.size();
        if (n < 3) {
            return new double[0][];
        }
        double[][] hull = new double[2 * n][];
        int k = 0;
        for (int i = 0; i < n; i++) {
            while (k >= 2 && cross(hull[k - 2], hull[k - 1], p.get(i)) <= 0) {
                k--;
            }
            hull[k++] = p.get(i);
        }
        for (int i = n - 2, lower = k + 1; i >= 0; i--) {
            while (k >= lower && cross(hull[k - 2], hull[k - 1], p.get(i)) <= 0) {
                k--;
            }
            hull[k++] = p.get(i);
        }
        double[][] out = new double[k - 1][];
        System.arraycopy(hull, 0, out, 0, k - 1);
        return out;
    }

    private static double cross(double[] o, double[] a, double[] b) {
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
    }

    /**
     * The four hull points spanning the largest quadrilateral. (The farthest pair and the farthest
     * point on each side of their line, used before, picks two points of one corner when strong
     * perspective makes one side of the card much shorter than the other.)
     */
    static double[] quadFromHull(double[][] hull) {
        int n = hull.length;
        if (n < 4) {
            return null;
        }
        double best = 0;
        int[] pick = null;
        for (int i = 0; i < n; i++) {
            for (int k = i + 2; k < n; k++) {
                // the best third corner on each side of the diagonal i–k
                double left = 0;
                int j = -1;
                for (int m = i + 1; m < k; m++) {
                    double a = Math.abs(cross(hull[i], hull[k], hull[m]));
                    if (a > left) {
                        left = a;
                        j = m;
                    }
                }
                double right = 0;
                int l = -1;
                for (int m = k + 1; m < n + i; m++) {
                    double a = Math.abs(cross(hull[i], hull[k], hull[m % n]));
                    if (a > right) {
                        right = a;
                        l = m % n;
                    }
                }
                if (j >= 0 && l >= 0 && left + right > best) {
                    best = left + right;
                    pick = new int[] {i, j, k, l};
                }
            }
        }
        if (pick == null) {
            return null;
        }
        double[] q = new double[8];
        for (int c = 0; c < 4; c++) {
            q[2 * c] = hull[pick[c]][0];
            q[2 * c + 1] = hull[pick[c]][1];
        }
        return signedArea(q) > 0 ? q : new double[] {q[0], q[1], q[6], q[7], q[4], q[5], q[2], q[3]};
    }

    /**
     * Re-fits each edge as the total-least-squares line through the boundary points within
     * {@code tolerance} × (mean side) of it, away from its ends; corners are the lines' crossings.
     */
    static double[] refitEdges(double[] q, List<double[]> boundary, double tolerance) {
        double mean = (side(q, 0) + side(q, 1) + side(q, 2) + side(q, 3)) / 4;
        double tol = Math.max(1.5, tolerance * mean);
        double[][] lines = new double[4][];
        for (int e = 0; e < 4; e++) {
            double x0 = q[2 * e];
            double y0 = q[2 * e + 1];
            double x1 = q[2 * ((e + 1) % 4)];
            double y1 = q[2 * ((e + 1) % 4) + 1];
            double len = Math.hypot(x1 - x0, y1 - y0);
            double ux = (x1 - x0) / len;
            double uy = (y1 - y0) / len;
            List<double[]> near = new ArrayList<>();
            for (double[] p : boundary) {
                double t = (p[0] - x0) * ux + (p[1] - y0) * uy;
                double dist = Math.abs(-(p[0] - x0) * uy + (p[1] - y0) * ux);
                if (dist <= tol && t > 0.1 * len && t < 0.9 * len) {
                    near.add(p);
                }
            }
            if (near.size() < 8) {
                return null;
            }
            lines[e] = fitLine(near);
        }
        return corners(lines);
    }

    /** The total-least-squares line {mx, my, dx, dy} (a point and a unit direction) through the points. */
    static double[] fitLine(List<double[]> pts) {
        int n = pts.size();
        if (n < 2) {
            return null;
        }
        double sx = 0;
        double sy = 0;
        for (double[] p : pts) {
            sx += p[0];
            sy += p[1];
        }
        double mx = sx / n;
        double my = sy / n;
        double cxx = 0;
        double cyy = 0;
        double cxy = 0;
        for (double[] p : pts) {
            cxx += (p[0] - mx) * (p[0] - mx);
            cyy += (p[1] - my) * (p[1] - my);
            cxy += (p[0] - mx) * (p[1] - my);
        }
        double angle = 0.5 * Math.atan2(2 * cxy, cxx - cyy);
        return new double[] {mx, my, Math.cos(angle), Math.sin(angle)};
    }

    /** The distance of point {@code p} from {@code line} {mx, my, dx, dy}. */
    static double distance(double[] line, double[] p) {
        return Math.abs(-(p[0] - line[0]) * line[3] + (p[1] - line[1]) * line[2]);
    }

    /** Corner c is where line c − 1 crosses line c (lines in order around the quadrilateral); null if parallel. */
    static double[] corners(double[][] lines) {
        double[] out = new double[8];
        for (int c = 0; c < 4; c++) {
            double[] l1 = lines[(c + 3) % 4];
            double[] l2 = lines[c];
            double det = l1[2] * (-l2[3]) - l1[3] * (-l2[2]);
            if (Math.abs(det) < 1e-6) {
                return null;
            }
            double bx = l2[0] - l1[0];
            double by = l2[1] - l1[1];
            double t = (bx * (-l2[3]) - by * (-l2[2])) / det;
            out[2 * c] = l1[0] + t * l1[2];
            out[2 * c + 1] = l1[1] + t * l1[3];
        }
        return out;
    }

    static double side(double[] q, int e) {
        int a = e % 4;
        int b = (e + 1) % 4;
        return Math.hypot(q[2 * b] - q[2 * a], q[2 * b + 1] - q[2 * a + 1]);
    }

    static double signedArea(double[] q) {
        double s = 0;
        for (int i = 0; i < 4; i++) {
            int j = (i + 1) % 4;
            s += q[2 * i] * q[2 * j + 1] - q[2 * j] * q[2 * i + 1];
        }
        return s / 2;
    }

    static double area(double[] q) {
        return Math.abs(signedArea(q));
    }

    /** Whether (x, y) lies inside the convex quadrilateral {@code q} (either winding). */
    static boolean contains(double[] q, double x, double y) {
        int pos = 0;
        int neg = 0;
        for (int i = 0; i < 4; i++) {
            int j = (i + 1) % 4;
            double c = (q[2 * j] - q[2 * i]) * (y - q[2 * i + 1]) - (q[2 * j + 1] - q[2 * i + 1]) * (x - q[2 * i]);
            if (c > 0) {
                pos++;
            } else if (c < 0) {
                neg++;
            }
        }
        return pos == 0 || neg == 0;
    }

    static boolean convex(double[] q) {
        for (int i = 0; i < 4; i++) {
            double[] o = {q[2 * i], q[2 * i + 1]};
            double[] a = {q[2 * ((i + 1) % 4)], q[2 * ((i + 1) % 4) + 1]};
            double[] b = {q[2 * ((i + 2) % 4)], q[2 * ((i + 2) % 4) + 1]};
            if (cross(o, a, b) <= 0) {
                return false;
            }
        }
        return true;
    }
}
