package org.madoguchi.driver.face.engine;

/** One image, analysed: no face, or the chosen face with its landmarks and descriptor. */
public sealed interface FaceAnalysis {
    /** No face was found. */
    record NoFace() implements FaceAnalysis {
    }

    /**
     * The chosen (largest) face. {@code faceCount} > 1 means several faces were in the image. The
     * caller owns {@code descriptor} and closes it.
     */
    record Face(FaceBox box, int faceCount, Landmarks68 landmarks, FaceDescriptor descriptor)
            implements FaceAnalysis {
        public boolean severalFaces() {
            return faceCount > 1;
        }
    }
}
