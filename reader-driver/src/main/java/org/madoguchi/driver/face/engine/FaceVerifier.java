package org.madoguchi.driver.face.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * 1:1 verification for the reception desk: the My Number card's photo (JPEG 2000) against a short
 * burst of live frames (JPEG/PNG, e.g. 3–8 frames over 1–2 s), with a liveness check over the
 * burst. Thread-safe. Nothing is logged; images and descriptors are overwritten before returning.
 */
public final class FaceVerifier {
    private final FaceEngine engine;
    private final LivenessPolicy policy;

    public FaceVerifier(FaceEngine engine, LivenessPolicy policy) {
        this.engine = Objects.requireNonNull(engine);
        this.policy = Objects.requireNonNull(policy);
    }

    public FaceEngine engine() {
        return engine;
    }

    public LivenessPolicy policy() {
        return policy;
    }

    /**
     * Compares the card photo with the live frames. Frames past {@code policy.maxFrames()} are not
     * decoded. A frame without a face is skipped; the burst must still have
     * {@code policy.minFrames()} frames with a face for a live verdict.
     *
     * @throws FaceImageException if the card photo or any frame used cannot be decoded or is out of bounds
     */
    public FaceComparison compare(byte[] cardPhoto, List<byte[]> liveFrames) throws FaceImageException {
        Objects.requireNonNull(cardPhoto);
        Objects.requireNonNull(liveFrames);
        FaceDescriptor card = null;
        List<FaceDescriptor> live = new ArrayList<>();
        try {
            boolean several;
            try (FaceImage image = engine.decode(cardPhoto)) {
                FaceAnalysis a = engine.analyze(image);
                if (!(a instanceof FaceAnalysis.Face face)) {
                    return new FaceComparison.NoFaceInCard();
                }
                card = face.descriptor();
                several = face.severalFaces();
            }
            int used = Math.min(liveFrames.size(), policy.maxFrames());
            List<Landmarks68> landmarks = new ArrayList<>();
            int withoutFace = 0;
            for (int i = 0; i < used; i++) {
                try (FaceImage image = engine.decode(Objects.requireNonNull(liveFrames.get(i)))) {
                    FaceAnalysis a = engine.analyze(image);
                    if (a instanceof FaceAnalysis.Face face) {
                        live.add(face.descriptor());
                        landmarks.add(face.landmarks());
                        several |= face.severalFaces();
                    } else {
                        withoutFace++;
                    }
                }
            }
            if (live.isEmpty()) {
                return new FaceComparison.NoFaceInLive(used);
            }
            double[] distances = new double[live.size()];
            for (int i = 0; i < distances.length; i++) {
                distances[i] = card.distanceTo(live.get(i));
            }
            LivenessVerdict liveness = Liveness.evaluate(landmarks, policy);
            if (!samePersonThroughout(live)) {
                liveness = new LivenessVerdict(LivenessVerdict.Outcome.FACE_CHANGED, liveness.frames(),
                        liveness.blinkDrop(), liveness.turnSpan(), liveness.shapeChange());
            }
            return new FaceComparison.Compared(median(distances), engine.threshold(), liveness, live.size(),
                    withoutFace, liveFrames.size() - used, several);
        } finally {
            if (card != null) {
                card.close();
            }
            live.forEach(FaceDescriptor::close);
        }
    }

    /** Every frame's face is within the threshold of the first frame's. */
    private boolean samePersonThroughout(List<FaceDescriptor> live) {
        for (int i = 1; i < live.size(); i++) {
            if (live.get(0).distanceTo(live.get(i)) > engine.threshold()) {
                return false;
            }
        }
        return true;
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
