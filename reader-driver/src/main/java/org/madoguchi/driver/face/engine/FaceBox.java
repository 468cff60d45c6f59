package org.madoguchi.driver.face.engine;

/**
 * A detected face: its box in image pixels (x, y = top-left; may reach past the image border) and
 * the detector's confidence in [0, 1].
 */
public record FaceBox(double x, double y, double width, double height, double score) {
    public FaceBox {
        if (!(width > 0 && height > 0) || !Double.isFinite(x) || !Double.isFinite(y)
                || !Double.isFinite(width) || !Double.isFinite(height) || !(score >= 0 && score <= 1)) {
            throw new IllegalArgumentException("invalid face box");
        }
    }

    public double area() {
        return width * height;
    }

    public double right() {
        return x + width;
    }

    public double bottom() {
        return y + height;
    }
}
