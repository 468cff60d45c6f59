package org.madoguchi.driver.card;

/** The result of reading the face photo with 照合番号B. */
public sealed interface FacePhotoOutcome {
    /** The JPEG 2000 photo from tag DF27. */
    record Photo(byte[] jp2) implements FacePhotoOutcome {
        public Photo {
            jp2 = jp2.clone();
        }
    }

    /** 照合番号B was not accepted (an OCR error, or the wrong card face). */
    record CodeRejected(VerifyOutcome outcome) implements FacePhotoOutcome {
    }
}
