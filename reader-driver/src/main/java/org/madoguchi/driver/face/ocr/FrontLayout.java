package org.madoguchi.driver.face.ocr;

/**
 * Where the three fields of 照合番号B are on the card front, in millimetres from the top-left corner
 * of an ID-1 card (85.60 × 53.98 mm), with a margin around each line for an imperfect corner fit.
 * These follow the approximated 2016 layout that the simulator renders (docs/ocr.md); before use on
 * real cards they must be checked against real cards.
 */
final class FrontLayout {
    static final double WIDTH_MM = 85.60;
    static final double HEIGHT_MM = 53.98;

    /** A field's band: x, y, width, height (mm), the printed em size (mm) and the characters it may hold. */
    record Band(double x, double y, double w, double h, double em, String whitelist) {
    }

    static final String DIGITS = "0123456789";
    static final Band BIRTH = new Band(8.3, 21.9, 32.4, 6.2, 2.8, DIGITS + "元年月日生明治大正昭和平成令");
    static final Band EXPIRY = new Band(3.9, 30.0, 41.5, 5.4, 2.8, DIGITS + "年月日まで有効");
    static final Band SECURITY_CODE = new Band(60.0, 35.6, 20.5, 6.0, 3.0, DIGITS);

    /** The photo, darker than the text side: tells which way up the card is. */
    static final double[] PHOTO = {60.0, 6.0, 20.0, 26.0};

    private FrontLayout() {
    }
}
