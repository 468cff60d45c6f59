package org.madoguchi.driver.face.engine;

import java.util.List;

/**
 * The 68 face landmarks in the iBUG 300-W order, in image pixels: 0–16 jaw, 17–26 brows,
 * 27–35 nose (30 = tip), 36–41 one eye and 42–47 the other (clockwise from the outer corner of
 * the eye on the image's left), 48–67 mouth.
 */
public record Landmarks68(List<FacePoint> points) {
    public static final int COUNT = 68;

    public Landmarks68 {
        points = List.copyOf(points);
        if (points.size() != COUNT) {
            throw new IllegalArgumentException("need exactly 68 landmarks");
        }
    }

    public FacePoint point(int i) {
        return points.get(i);
    }

    /** Distance between the centres of the two eyes, in pixels. */
    public double interocularDistance() {
        return centre(36, 42).distanceTo(centre(42, 48));
    }

    /** Mean of points {@code [from, to)}. */
    public FacePoint centre(int from, int to) {
        double x = 0;
        double y = 0;
        for (int i = from; i < to; i++) {
            x += points.get(i).x();
            y += points.get(i).y();
        }
        return new FacePoint(x / (to - from), y / (to - from));
    }
}
