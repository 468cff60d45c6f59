package org.madoguchi.driver.face;

/**
 * Reads 照合番号B from the printed card face (by OCR in a camera reader): the 和暦 birth date
 * {@code YYMMDD}, the expiry year {@code YYYY} and the 4-digit security code, 14 ASCII digits in
 * all (docs/card.md §3). Never 照合番号A.
 */
public interface CardFaceReader {
    /**
     * Returns the 14 digits for the card on the given reader. The caller owns the array and zeroes
     * it after use.
     */
    char[] readVerificationCodeB(String reader) throws FaceUnavailableException;
}
