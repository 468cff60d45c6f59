package org.madoguchi.driver.face;

/** What a face comparison found. Carries no image and no descriptor. */
public sealed interface FaceMatch {
    /**
     * A face was found on the card and in the live frames, and compared.
     *
     * @param distance  how far apart the faces are (the built-in engine: Euclidean distance of the
     *                  128-d descriptors); smaller is more alike, 0 or more
     * @param threshold the engine's threshold: the same person when {@code distance <= threshold}
     * @param liveness  what the engine's liveness check said about the live frames
     */
    record Compared(double distance, double threshold, FaceLiveness liveness) implements FaceMatch {
        public Compared {
            if (!(distance >= 0 && Double.isFinite(distance)) || !(threshold > 0 && Double.isFinite(threshold))) {
                throw new IllegalArgumentException("distance must be finite and >= 0, threshold > 0");
            }
            if (liveness == null) {
                throw new IllegalArgumentException("liveness is required");
            }
        }

        /** {@code distance <= threshold}. */
        public boolean sameFace() {
            return distance <= threshold;
        }
    }

    /** No face in any live frame (or no frame could be used). */
    record NoFaceInLive() implements FaceMatch {
    }

    /** No face on the card's photo: face verification cannot work for this card. */
    record NoFaceOnCard() implements FaceMatch {
    }
}
