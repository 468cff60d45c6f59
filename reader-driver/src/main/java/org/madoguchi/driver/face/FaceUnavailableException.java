package org.madoguchi.driver.face;

/** The face engine or the card-face reader cannot work now (no camera, no engine, OCR failed). */
public class FaceUnavailableException extends Exception {
    public FaceUnavailableException(String message) {
        super(message);
    }

    public FaceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
