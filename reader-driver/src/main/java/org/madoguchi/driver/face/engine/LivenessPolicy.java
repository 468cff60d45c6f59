package org.madoguchi.driver.face.engine;

/**
 * Thresholds of the landmark liveness check ({@link Liveness}); see docs/face.md for how they were
 * chosen and what the check does not stop.
 *
 * @param minFrames   frames with a face needed for a verdict
 * @param maxFrames   most frames looked at (the rest are ignored)
 * @param blinkDrop   a blink: both eye-openness measures fall by at least this fraction of their
 *                    largest value in the burst (0.3 = the eyes close by 30 %)
 * @param turnSpan    a head turn: the nose's sideways position, as a fraction of the face's width,
 *                    spans at least this much over the burst
 * @param stillShape  below this landmark shape change (RMS, fraction of the eye distance, after
 *                    removing shift, rotation and scale) the burst counts as a still image
 */
public record LivenessPolicy(int minFrames, int maxFrames, double blinkDrop, double turnSpan, double stillShape) {
    public LivenessPolicy {
        if (minFrames < 2 || maxFrames < minFrames || maxFrames > 32 || !(blinkDrop > 0 && blinkDrop < 1)
                || !(turnSpan > 0 && turnSpan < 1) || !(stillShape >= 0 && stillShape < 1)) {
            throw new IllegalArgumentException("liveness policy out of range");
        }
    }

    /** 3–8 frames; blink 30 %; head turn 0.12 of the face width; still below 0.5 % of the eye distance. */
    public static LivenessPolicy defaults() {
        return new LivenessPolicy(3, 8, 0.30, 0.12, 0.005);
    }
}
