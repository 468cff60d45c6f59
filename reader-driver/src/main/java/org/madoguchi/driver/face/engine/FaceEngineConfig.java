package org.madoguchi.driver.face.engine;

/**
 * The face engine's settings and bounds.
 *
 * @param maxEncodedBytes  largest encoded image accepted (bytes)
 * @param maxPixels        largest image accepted, width × height, checked from the header before decoding
 * @param workingSize      longer side an image is reduced to while decoding (by whole-pixel subsampling)
 * @param minScore         detector confidence a face must exceed (face-api's default 0.5)
 * @param threshold        Euclidean descriptor distance at or below which two faces are the same person
 * @param threads          threads one call may use (the caller's plus helpers), 1 or more
 */
public record FaceEngineConfig(int maxEncodedBytes, long maxPixels, int workingSize, double minScore,
        double threshold, int threads) {
    /** dlib's published threshold for its ResNet descriptor. */
    public static final double DLIB_THRESHOLD = 0.6;
    /**
     * Our default: calibrated on real pairs (docs/face.md), below dlib's 0.6 because the card photo
     * (grey, JPEG 2000) against a colour capture brings different people closer than colour pairs do.
     */
    public static final double CALIBRATED_THRESHOLD = 0.55;

    public FaceEngineConfig {
        if (maxEncodedBytes < 1024 || maxPixels < 64 * 64 || workingSize < 416 || !(minScore > 0 && minScore < 1)
                || !(threshold > 0 && threshold < 2) || threads < 1 || threads > 64) {
            throw new IllegalArgumentException("face engine configuration out of range");
        }
    }

    /** 8 MiB, 4096 × 4096 pixels, working size 1600, score 0.5, the calibrated threshold, 2 threads at most. */
    public static FaceEngineConfig defaults() {
        return new FaceEngineConfig(8 * 1024 * 1024, 4096L * 4096L, 1600, 0.5, CALIBRATED_THRESHOLD,
                Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors())));
    }

    public FaceEngineConfig withThreshold(double t) {
        return new FaceEngineConfig(maxEncodedBytes, maxPixels, workingSize, minScore, t, threads);
    }

    public FaceEngineConfig withThreads(int n) {
        return new FaceEngineConfig(maxEncodedBytes, maxPixels, workingSize, minScore, threshold, n);
    }

    public FaceEngineConfig withMaxPixels(long n) {
        return new FaceEngineConfig(maxEncodedBytes, n, workingSize, minScore, threshold, threads);
    }
}
