package org.madoguchi.driver.face;

/** Compares the card's photo with a live image of the person at the reader (1:1). */
public interface FaceMatcher {
    /**
     * @param reader     the reader the card is on (a simulated matcher is steered per reader)
     * @param cardPhoto  the photo from the card (JPEG 2000, greyscale, tag DF27)
     * @param liveImage  the live capture (JPEG or PNG); may be empty for a simulated matcher
     */
    FaceMatch match(String reader, byte[] cardPhoto, byte[] liveImage) throws FaceUnavailableException;
}
