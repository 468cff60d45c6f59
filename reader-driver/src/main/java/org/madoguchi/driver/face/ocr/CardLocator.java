package org.madoguchi.driver.face.ocr;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Finds the card in a camera image: the largest bright region (a card is lighter than the tray or
 * desk it lies on) on a copy about 640 pixels across, its holes filled, the convex hull of its
 * outline away from the frame's border, the four corners from the hull, each edge re-fitted as a
 * straight line through the outline pixels near it (which also gets past the rounded corners), then
 * the edges refined at full resolution ({@link EdgeFit}). A corner may lie a little outside the
 * frame. Gives the corners in full-image pixels, in order around the card with the first edge a
 * long one, or null.
 */
final class CardLocator {
    private static final int WORK_SIZE = 640;
    private static final double CARD_ASPECT = 85.60 / 53.98;
    /** The least share of its quadrilateral that the region (holes filled) must cover, and of the region inside it. */
    static final double MIN_FILL = 0.85;

    private CardLocator() {
    }

    /** Corners {x0,y0,…,x3,y3} clockwise (image y down), edge 0→1 long; or null: no card. */
    static double[] locate(GreyImage image) {
        int factor = Math.max(1, (int) Math.ceil(Math.max(image.width, image.height) / (double) WORK_SIZE));
        GreyImage small = factor == 1 ? image : image.shrink(factor);
        try {
            boolean[] region = largestBright(small);
            if (region == null) {
                return null;
            }
            double[] quad = quadOf(region, small.width, small.height);
            if (quad == null) {
                return null;
            }
            for (int i = 0; i < 8; i++) {
                quad[i] = quad[i] * factor;
            }
            double[] fine = EdgeFit.refine(image, quad, EdgeFit.LIGHTER);
            double[] out = fine != null && plausible(fine, image.width, image.height) ? fine : quad;
            return plausible(out, image.width, image.height) ? longEdgeFirst(out) : null;
        } finally {
            if (small != image) {
                small.wipe();
            }
        }
    }

    /**
     * The quadrilateral of a region: its holes filled (text, the photo), the outline's pixels away
     * from the frame's border, their convex hull, four corners from the hull, then each side
     * re-fitted twice through the outline pixels near it. Null if that fails, or if the region covers
     * less than {@link #MIN_FILL} of the quadrilateral or has more than 1 − {@link #MIN_FILL} of
     * itself outside it.
     */
    static double[] quadOf(boolean[] region, int w, int h) {
        boolean[] outside = new boolean[w * h];
        int[] queue = new int[w * h];
        int tail = 0;
        for (int i = 0; i < w * h; i++) {
            int x = i % w;
            int y = i / w;
            if ((x == 0 || y == 0 || x == w - 1 || y == h - 1) && !region[i]) {
                outside[i] = true;
                queue[tail++] = i;
            }
        }
        for (int head = 0; head < tail; head++) {
            int i = queue[head];
            int x = i % w;
            int[] nb = {x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, i - w, i + w};
            for (int j : nb) {
                if (j >= 0 && j < w * h && !outside[j] && !region[j]) {
                    outside[j] = true;
                    queue[tail++] = j;
                }
            }
        }
        int inside = w * h - tail;
        List<double[]> boundary = new ArrayList<>();
        for (int y = 1; y < h - 1; y++) {
            for (int x = 1; x < w - 1; x++) {
                int i = y * w + x;
                if (!outside[i] && (outside[i - 1] || outside[i + 1] || outside[i - w] || outside[i + w])) {
                    boundary.add(new double[] {x + 0.5, y + 0.5});
                }
            }
        }
        if (boundary.size() < 40) {
            return null;
        }
        double[][] hull = Geometry.convexHull(boundary);
        double[] quad = Geometry.quadFromHull(hull);
        for (int pass = 0; pass < 2 && quad != null; pass++) {
            quad = Geometry.refitEdges(quad, boundary, pass == 0 ? 0.04 : 0.015);
        }
        // A card fills its quadrilateral and little of it lies outside; a bright streak of the desk
        // that happens to have a card-like hull does neither.
        if (quad == null) {
            return null;
        }
        int covered = 0;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                if (!outside[y * w + x] && Geometry.contains(quad, x + 0.5, y + 0.5)) {
                    covered++;
                }
            }
        }
        if (covered < MIN_FILL * Geometry.area(quad) || covered < MIN_FILL * inside) {
            return null;
        }
        return quad;
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

    /**
     * Convex, big enough, about a card's aspect ratio (allowing for tilt), and no corner far outside
     * the frame (a corner may be cut off; whether the fields are inside is checked when reading).
     */
    static boolean plausible(double[] q, int w, int h) {
        double margin = 0.12 * Math.max(w, h);
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
