package org.madoguchi.driver.face.ocr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the card in a camera image: the largest bright region (a card is lighter than the tray or
 * desk it lies on) on a copy about 480 pixels across, its convex hull, the four corners from the
 * hull, then each edge re-fitted as a straight line through the region's boundary pixels near it
 * (which also gets past the rounded corners). Gives the corners in full-image pixels, in order
 * around the card with the first edge a long one, or null.
 */
final class CardLocator {
    private static final int WORK_SIZE = 480;
    private static final double CARD_ASPECT = 85.60 / 53.98;

    private CardLocator() {
    }

    /** Corners {x0,y0,…,x3,y3} clockwise (image y down), edge 0→1 long; or null: no card. */
    static double[] locate(GreyImage image) {
        int factor = Math.max(1, (int) Math.ceil(Math.max(image.width, image.height) / (double) WORK_SIZE));
        GreyImage small = factor == 1 ? image : image.shrink(factor);
        try {
            int w = small.width;
            int h = small.height;
            boolean[] region = largestBright(small);
            if (region == null) {
                return null;
            }
            List<double[]> boundary = new ArrayList<>();
            int touching = 0;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int i = y * w + x;
                    if (!region[i]) {
                        continue;
                    }
                    boolean edge = x == 0 || y == 0 || x == w - 1 || y == h - 1;
                    if (edge) {
                        touching++;
                    }
                    if (edge || !region[i - 1] || !region[i + 1] || !region[i - w] || !region[i + w]) {
                        boundary.add(new double[] {x + 0.5, y + 0.5});
                    }
                }
            }
            if (touching > (w + h) / 20) {
                return null; // the card runs out of the frame
            }
            double[][] hull = Geometry.convexHull(boundary);
            double[] quad = Geometry.quadFromHull(hull);
            if (quad == null) {
                return null;
            }
            for (int pass = 0; pass < 2; pass++) {
                quad = Geometry.refitEdges(quad, boundary, pass == 0 ? 0.04 : 0.015);
                if (quad == null) {
                    return null;
                }
            }
            double[] full = new double[8];
            for (int i = 0; i < 8; i++) {
                full[i] = quad[i] * factor;
            }
            return plausible(full, image.width, image.height) ? longEdgeFirst(full) : null;
        } finally {
            if (small != image) {
                small.wipe();
            }
        }
    }

    /** Otsu's threshold, then the largest 4-connected region above it (at least 4 % of the frame). */
    private static boolean[] largestBright(GreyImage g) {
        int n = g.v.length;
        int[] hist = new int[256];
        for (float f : g.v) {
            hist[Math.max(0, Math.min(255, (int) f))]++;
        }
        int t = Geometry.otsu(hist, n);
        int[] label = new int[n];
        int[] queue = new int[n];
        int best = 0;
        int bestSize = 0;
        int next = 0;
        for (int s = 0; s < n; s++) {
            if (label[s] != 0 || g.v[s] <= t) {
                continue;
            }
            next++;
            int head = 0;
            int tail = 0;
            queue[tail++] = s;
            label[s] = next;
            while (head < tail) {
                int i = queue[head++];
                int x = i % g.width;
                int[] nb = {x > 0 ? i - 1 : -1, x < g.width - 1 ? i + 1 : -1, i - g.width, i + g.width};
                for (int j : nb) {
                    if (j >= 0 && j < n && label[j] == 0 && g.v[j] > t) {
                        label[j] = next;
                        queue[tail++] = j;
                    }
                }
            }
            if (tail > bestSize) {
                bestSize = tail;
                best = next;
            }
        }
        if (bestSize < n / 25) {
            return null;
        }
        boolean[] region = new boolean[n];
        for (int i = 0; i < n; i++) {
            region[i] = label[i] == best;
        }
        return region;
    }

    /** Inside the frame, convex, big enough, and about a card's aspect ratio (allowing for tilt). */
    private static boolean plausible(double[] q, int w, int h) {
        double margin = 0.02 * Math.max(w, h);
        for (int i = 0; i < 4; i++) {
            if (q[2 * i] < -margin || q[2 * i + 1] < -margin || q[2 * i] > w + margin || q[2 * i + 1] > h + margin) {
                return false;
            }
        }
        if (!Geometry.convex(q)) {
            return false;
        }
        double a = (Geometry.side(q, 0) + Geometry.side(q, 2)) / 2;
        double b = (Geometry.side(q, 1) + Geometry.side(q, 3)) / 2;
        double ratio = Math.max(a, b) / Math.min(a, b);
        return ratio > CARD_ASPECT * 0.72 && ratio < CARD_ASPECT * 1.35 && Geometry.area(q) > 0.04 * w * h;
    }

    /** Rotates the corner list so that edge 0→1 is one of the long pair. */
    private static double[] longEdgeFirst(double[] q) {
        double a = Geometry.side(q, 0) + Geometry.side(q, 2);
        double b = Geometry.side(q, 1) + Geometry.side(q, 3);
        if (a >= b) {
            return q;
        }
        double[] r = Arrays.copyOf(q, 8);
        for (int i = 0; i < 4; i++) {
            r[2 * i] = q[2 * ((i + 1) % 4)];
            r[2 * i + 1] = q[2 * ((i + 1) % 4) + 1];
        }
        return r;
    }
}
