package org.madoguchi.driver.face.engine;

/** The result of {@link FaceVerifier#compare}: the card photo against a burst of live frames. */
public sealed interface FaceComparison {
    /** The person at the reader is verified: same face as the card, and live. */
    boolean verified();

    /** No face in the card photo. */
    record NoFaceInCard() implements FaceComparison {
        @Override
        public boolean verified() {
            return false;
        }
    }

    /** No face in any live frame. */
    record NoFaceInLive(int frames) implements FaceComparison {
        @Override
        public boolean verified() {
            return false;
        }
    }

    /**
     * Compared.
     *
     * @param distance          median Euclidean distance between the card's descriptor and each live frame's
     * @param threshold         the engine's threshold: same person when {@code distance <= threshold}
     * @param liveness          the liveness verdict over the frames with a face
     * @param framesWithFace    live frames in which a face was found (and used)
     * @param framesWithoutFace live frames without a face (ignored)
     * @param framesIgnored     frames past the policy's {@code maxFrames} (not decoded)
     * @param severalFaces      the card photo or some live frame showed more than one face (the largest was used)
     */
    record Compared(double distance, double threshold, LivenessVerdict liveness, int framesWithFace,
            int framesWithoutFace, int framesIgnored, boolean severalFaces) implements FaceComparison {
        /** The faces are the same person: {@code distance <= threshold}. */
        public boolean sameFace() {
            return distance <= threshold;
        }

        @Override
        public boolean verified() {
            return sameFace() && liveness.live();
        }
    }
}
