package org.madoguchi.driver.face.ocr;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class GeometryTest {

    /**
     * The outline of a card held at a steep angle (one short side less than two thirds of the other,
     * as in the benchmark's seed-7 PERSPECTIVE photograph 177), corners rounded: the four hull points
     * found must be one near each true corner. The former rule (farthest pair, then the farthest
     * point on each side of their line) took two points of the top-left corner here.
     */
    @Test
    void aSteepTrapezoidGivesOnePointPerCorner() {
        double[] corners = {20, 104, 639, 164, 521, 426, 94, 399};
        List<double[]> outline = roundedOutline(corners, 8);
        double[] q = Geometry.quadFromHull(Geometry.convexHull(outline));
        assertNotNull(q);
        for (int c = 0; c < 4; c++) {
            double nearest = Double.MAX_VALUE;
            for (int k = 0; k < 4; k++) {
                nearest = Math.min(nearest, Math.hypot(q[2 * k] - corners[2 * c], q[2 * k + 1] - corners[2 * c + 1]));
            }
            assertTrue(nearest < 12, "corner " + c + " missed by " + nearest);
        }
        assertTrue(Geometry.convex(q) || Geometry.convex(new double[] {q[0], q[1], q[6], q[7], q[4], q[5], q[2], q[3]}));
    }

    /** Points every pixel along the sides, each corner cut by an arc-like chamfer of {@code r} px. */
    private static List<double[]> roundedOutline(double[] q, double r) {
        List<double[]> pts = new ArrayList<>();
        for (int e = 0; e < 4; e++) {
            double x0 = q[2 * e];
            double y0 = q[2 * e + 1];
            double x1 = q[2 * ((e + 1) % 4)];
            double y1 = q[2 * ((e + 1) % 4) + 1];
            double len = Math.hypot(x1 - x0, y1 - y0);
            for (double t = r; t <= len - r; t += 1) {
                pts.add(new double[] {x0 + (x1 - x0) * t / len, y0 + (y1 - y0) * t / len});
            }
        }
        return pts;
    }
}
