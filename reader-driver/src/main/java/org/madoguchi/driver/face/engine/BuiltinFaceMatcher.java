package org.madoguchi.driver.face.engine;

import java.util.List;
import java.util.Objects;

import org.madoguchi.driver.face.FaceLiveness;
import org.madoguchi.driver.face.FaceMatch;
import org.madoguchi.driver.face.FaceMatcher;
import org.madoguchi.driver.face.FaceUnavailableException;

/**
 * The built-in engine behind the {@link FaceMatcher} SPI: {@link FaceVerifier#compare} of the card
 * photo and the burst, the median distance, and the landmark liveness verdict ({@code live} /
 * {@code not_live}), or {@code not_checked} when built with {@code checkLiveness} off. A live frame
 * that cannot be decoded counts as a frame without a face; a card photo that cannot be decoded or
 * shows no face makes face mode unavailable for that card.
 */
public final class BuiltinFaceMatcher implements FaceMatcher {
    private final FaceVerifier verifier;
    private final boolean checkLiveness;

    public BuiltinFaceMatcher(FaceVerifier verifier, boolean checkLiveness) {
        this.verifier = Objects.requireNonNull(verifier);
        this.checkLiveness = checkLiveness;
    }

    public FaceVerifier verifier() {
        return verifier;
    }

    @Override
    public FaceMatch compare(String reader, byte[] cardPhoto, List<byte[]> liveFrames) throws FaceUnavailableException {
        Objects.requireNonNull(cardPhoto);
        Objects.requireNonNull(liveFrames);
        FaceComparison c;
        try {
            c = verifier.compare(cardPhoto, liveFrames);
        } catch (FaceImageException e) {
            if (!cardPhotoDecodes(cardPhoto)) {
                throw new FaceUnavailableException("カードの写真を読み取れません / the card photo cannot be decoded: "
                        + e.kind(), e);
            }
            return new FaceMatch.NoFaceInLive(); // a live frame was refused: no usable face in the capture
        }
        if (c instanceof FaceComparison.NoFaceInCard) {
            return new FaceMatch.NoFaceOnCard();
        }
        if (c instanceof FaceComparison.Compared r) {
            FaceLiveness liveness = !checkLiveness ? FaceLiveness.NOT_CHECKED
                    : r.liveness().live() ? FaceLiveness.LIVE : FaceLiveness.NOT_LIVE;
            return new FaceMatch.Compared(r.distance(), r.threshold(), liveness);
        }
        return new FaceMatch.NoFaceInLive();
    }

    private boolean cardPhotoDecodes(byte[] cardPhoto) {
        try (FaceImage ignored = verifier.engine().decode(cardPhoto)) {
            return true;
        } catch (FaceImageException e) {
            return false;
        }
    }
}
