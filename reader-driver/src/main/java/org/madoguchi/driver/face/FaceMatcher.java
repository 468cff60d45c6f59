package org.madoguchi.driver.face;

import java.util.List;

/**
 * Compares the card's photo with live frames of the person at the reader (1:1). The daemon's face
 * engine SPI: the built-in engine ({@code org.madoguchi.driver.face.engine.BuiltinFaceMatcher}), the
 * simulator's stand-in, or a vendor's engine. Implementations must be thread-safe, log no image,
 * and keep nothing of the images or their descriptors after returning.
 */
public interface FaceMatcher {
    /**
     * @param reader     the reader the card is on (a simulated matcher is steered per reader)
     * @param cardPhoto  the photo from the card (JPEG 2000, greyscale, tag DF27)
     * @param liveFrames a burst of live frames (JPEG or PNG, 1–8, e.g. 5 over 1.5 s), in order; a
     *                   simulated matcher accepts empty frames
     * @throws FaceUnavailableException when the engine cannot work now, or the card photo cannot be used
     */
    FaceMatch compare(String reader, byte[] cardPhoto, List<byte[]> liveFrames) throws FaceUnavailableException;
}
