package org.madoguchi.driver.face.engine;

/**
 * The outcome of the landmark liveness check and the measures it rests on.
 *
 * @param blinkDrop   how far the eyes closed within the burst (fraction of the most open, both measures' smaller)
 * @param turnSpan    span of the nose's sideways position over the burst (fraction of the face width)
 * @param shapeChange largest non-rigid landmark change from the first frame (fraction of the eye distance)
 */
public record LivenessVerdict(Outcome outcome, int frames, double blinkDrop, double turnSpan, double shapeChange) {
    /** What the burst showed. */
    public enum Outcome {
        /** The eyes closed and opened (or the reverse) within the burst. */
        LIVE_BLINK(true),
        /** The head turned sideways within the burst. */
        LIVE_HEAD_TURN(true),
        /** The landmarks did not change: a still image, or the same frame repeated. */
        STILL(false),
        /** The face moved, but neither a blink nor a head turn was seen (a photo moved about, or a person holding still). */
        NO_LIVE_SIGNAL(false),
        /** Too few frames with a face to judge. */
        TOO_FEW_FRAMES(false),
        /** The frames do not all show the same person (set by {@link FaceVerifier}, not by {@link Liveness}). */
        FACE_CHANGED(false);

        private final boolean live;

        Outcome(boolean live) {
            this.live = live;
        }
    }

    public boolean live() {
        return outcome.live;
    }
}
