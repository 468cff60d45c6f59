package org.madoguchi.driver.face.ocr;

import java.util.Arrays;
import java.util.Objects;

import org.madoguchi.driver.face.CardFaceReader;
import org.madoguchi.driver.face.FaceUnavailableException;

/**
 * The {@link CardFaceReader} SPI over a camera: captures the front of the card at a reader (how is
 * the integrator's {@link Camera}), reads it with a {@link CardFrontReader}, and gives the 14 digits
 * or throws: {@link CardFrontRefusedException} when the image gave no validated reading (the caller
 * must then not VERIFY), {@link FaceUnavailableException} when there is no camera or engine. The
 * captured image is overwritten after the read.
 */
public final class CameraCardFaceReader implements CardFaceReader {

    /** Captures a JPEG or PNG of the card front at a reader. The returned array is handed over. */
    @FunctionalInterface
    public interface Camera {
        byte[] capture(String reader) throws FaceUnavailableException;
    }

    private final CardFrontReader ocr;
    private final Camera camera;

    public CameraCardFaceReader(CardFrontReader ocr, Camera camera) {
        this.ocr = Objects.requireNonNull(ocr);
        this.camera = Objects.requireNonNull(camera);
    }

    @Override
    public char[] readVerificationCodeB(String reader) throws FaceUnavailableException {
        byte[] image = camera.capture(reader);
        if (image == null) {
            throw new FaceUnavailableException("カードを撮影できません / no image of the card front was captured");
        }
        CardFrontReading reading;
        try {
            reading = ocr.read(image);
        } finally {
            Arrays.fill(image, (byte) 0);
        }
        if (reading instanceof CardFrontReading.Read read) {
            return read.verificationCodeB();
        }
        throw new CardFrontRefusedException(((CardFrontReading.Refused) reading).reason());
    }
}
