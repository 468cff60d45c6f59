package org.madoguchi.driver.face.engine;

import java.util.Arrays;

/**
 * A 128-d face descriptor (dlib's metric space: same person when the Euclidean distance is at most
 * the engine's threshold). Biometric data: never log it, never store it; close it when done, which
 * overwrites the values.
 */
public final class FaceDescriptor implements AutoCloseable {
    public static final int SIZE = RecognitionNet.DESCRIPTOR_SIZE;

    private final float[] values;
    private volatile boolean closed;

    /** Takes ownership of {@code values}. */
    FaceDescriptor(float[] values) {
        if (values.length != SIZE) {
            throw new IllegalArgumentException("a descriptor has 128 values");
        }
        for (float v : values) {
            if (!Float.isFinite(v)) {
                throw new IllegalArgumentException("descriptor values must be finite");
            }
        }
        this.values = values;
    }

    /** A descriptor from 128 values (copied), e.g. for tests or another engine instance. */
    public static FaceDescriptor of(float[] values) {
        return new FaceDescriptor(values.clone());
    }

    /** A copy of the values; the caller owns it and should zero it when done. */
    public float[] toArray() {
        ensureOpen();
        return values.clone();
    }

    /** Euclidean distance. */
    public double distanceTo(FaceDescriptor other) {
        ensureOpen();
        other.ensureOpen();
        double s = 0;
        for (int i = 0; i < SIZE; i++) {
            double d = (double) values[i] - other.values[i];
            s += d * d;
        }
        return Math.sqrt(s);
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("descriptor already closed");
        }
    }

    @Override
    public void close() {
        closed = true;
        Arrays.fill(values, 0f);
    }

    @Override
    public String toString() {
        return "FaceDescriptor[128]"; // never the values
    }
}
