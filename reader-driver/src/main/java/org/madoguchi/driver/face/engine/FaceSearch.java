package org.madoguchi.driver.face.engine;

import java.util.Optional;

/** Whether an image shows a face: none, one, or several (then the largest is taken). */
public sealed interface FaceSearch {
    /** The face to use: the only one, or the largest of several. */
    Optional<FaceBox> chosen();

    /** How many faces the detector found. */
    int faceCount();

    /** No face was found. */
    record NoFace() implements FaceSearch {
        @Override
        public Optional<FaceBox> chosen() {
            return Optional.empty();
        }

        @Override
        public int faceCount() {
            return 0;
        }
    }

    /** Exactly one face. */
    record OneFace(FaceBox face) implements FaceSearch {
        @Override
        public Optional<FaceBox> chosen() {
            return Optional.of(face);
        }

        @Override
        public int faceCount() {
            return 1;
        }
    }

    /** More than one face; {@code largest} is the one with the largest box. */
    record SeveralFaces(FaceBox largest, int count) implements FaceSearch {
        public SeveralFaces {
            if (count < 2) {
                throw new IllegalArgumentException("several means at least 2");
            }
        }

        @Override
        public Optional<FaceBox> chosen() {
            return Optional.of(largest);
        }

        @Override
        public int faceCount() {
            return count;
        }
    }
}
