package org.madoguchi.driver.face.engine;

/** The three loaded networks. Immutable and thread-safe. */
final class FaceNetworks {
    final TinyFaceDetectorNet detector;
    final LandmarkNet landmarks;
    final RecognitionNet recognition;

    private FaceNetworks(TinyFaceDetectorNet detector, LandmarkNet landmarks, RecognitionNet recognition) {
        this.detector = detector;
        this.landmarks = landmarks;
        this.recognition = recognition;
    }

    static FaceNetworks load(ModelSource source) throws FaceModelException {
        TinyFaceDetectorNet detector = new TinyFaceDetectorNet(WeightMap.load(source, FaceModel.TINY_FACE_DETECTOR));
        LandmarkNet landmarks = new LandmarkNet(WeightMap.load(source, FaceModel.FACE_LANDMARK_68));
        RecognitionNet recognition = new RecognitionNet(WeightMap.load(source, FaceModel.FACE_RECOGNITION));
        return new FaceNetworks(detector, landmarks, recognition);
    }
}
