package org.madoguchi.driver.face.engine;

/**
 * The three networks of {@code @vladmandic/face-api} 1.7.15 ({@code package/model/}, MIT), with the
 * SHA-256 of each manifest and weights file as unpacked from the package whose npm integrity the
 * build checks. A file that does not hash to these values is refused.
 */
enum FaceModel {
    TINY_FACE_DETECTOR("tiny_face_detector_model",
            "5d1af4849ac48d5b985f4a9b16010c512353ddd6fcc63d50fd0bc9e9e64296e5",
            "b7503ce7df31039b1c43316a9b865cab6a70dd748cc602d3fa28b551503c3871"),
    FACE_LANDMARK_68("face_landmark_68_model",
            "ca4886639f86e99b39fed0c155f81b63317225773bd9616716e887b0153389c9",
            "4611ef65c87d836d03d684b30eec4d195d8b219fa1dd58fc58945831c6b9299b"),
    FACE_RECOGNITION("face_recognition_model",
            "cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b",
            "b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589");

    private final String baseName;
    final String manifestSha256;
    final String weightsSha256;

    FaceModel(String baseName, String manifestSha256, String weightsSha256) {
        this.baseName = baseName;
        this.manifestSha256 = manifestSha256;
        this.weightsSha256 = weightsSha256;
    }

    String manifestFile() {
        return baseName + "-weights_manifest.json";
    }

    String weightsFile() {
        return baseName + ".bin";
    }
}
