package org.madoguchi.driver.face;

/** What a face comparison found. */
public sealed interface FaceMatch {
    /** A face was found and compared; {@code score} is in [0, 1], higher is more alike. */
    record Scored(double score) implements FaceMatch {
        public Scored {
            if (!(score >= 0.0 && score <= 1.0)) {
                throw new IllegalArgumentException("score must be in [0, 1]");
            }
        }
    }

    /** No face could be found in the live image. */
    record NoFace() implements FaceMatch {
    }
}
