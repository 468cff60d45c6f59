package org.madoguchi.driver.face.engine;

import java.util.List;
import java.util.Objects;

import org.madoguchi.driver.face.FaceMatch;
import org.madoguchi.driver.face.FaceMatcher;
import org.madoguchi.driver.face.FaceUnavailableException;

/**
 * The built-in engine behind today's {@link FaceMatcher} SPI (one live image, a score in [0, 1]).
 * The distance {@code d} is mapped linearly so that {@code d = threshold} gives
 * {@code scoreAtThreshold} (set it to the daemon's {@code face.threshold}, 0.8 by default) and
 * {@code d = 0} gives 1: {@code score = clamp(1 − (1 − scoreAtThreshold) · d / threshold, 0, 1)}.
 * One image allows no liveness check: callers that can send a burst should use
 * {@link FaceVerifier#compare} instead.
 */
public final class BuiltinFaceMatcher implements FaceMatcher {
    private final FaceVerifier verifier;
    private final double scoreAtThreshold;

    public BuiltinFaceMatcher(FaceVerifier verifier, double scoreAtThreshold) {
        if (!(scoreAtThreshold > 0 && scoreAtThreshold < 1)) {
            throw new IllegalArgumentException("scoreAtThreshold must be in (0, 1)");
        }
        this.verifier = Objects.requireNonNull(verifier);
        this.scoreAtThreshold = scoreAtThreshold;
    }

    @Override
    public FaceMatch match(String reader, byte[] cardPhoto, byte[] liveImage) throws FaceUnavailableException {
        FaceComparison c;
        try {
            c = verifier.compare(cardPhoto, List.of(liveImage));
        } catch (FaceImageException e) {
            throw new FaceUnavailableException(e.getMessage(), e);
        }
        if (c instanceof FaceComparison.NoFaceInCard) {
            throw new FaceUnavailableException("カードの写真に顔が見つかりません / no face in the card photo");
        }
        if (c instanceof FaceComparison.Compared compared) {
            return new FaceMatch.Scored(score(compared.distance(), compared.threshold()));
        }
        return new FaceMatch.NoFace();
    }

    double score(double distance, double threshold) {
        double s = 1 - (1 - scoreAtThreshold) * distance / threshold;
        return Math.max(0, Math.min(1, s));
    }
}
