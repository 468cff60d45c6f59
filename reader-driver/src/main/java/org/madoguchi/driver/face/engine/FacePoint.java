package org.madoguchi.driver.face.engine;

/** A point in image pixels. */
public record FacePoint(double x, double y) {
    public FacePoint {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            throw new IllegalArgumentException("point must be finite");
        }
    }

    public double distanceTo(FacePoint o) {
        return Math.hypot(x - o.x, y - o.y);
    }
}
