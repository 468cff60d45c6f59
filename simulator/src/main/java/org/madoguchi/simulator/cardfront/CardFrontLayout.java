package org.madoguchi.simulator.cardfront;

/**
 * Where the simulated card front puts things, in millimetres from the card's top-left corner (ID-1:
 * 85.60 × 53.98 mm). An approximation of the 2016 マイナンバーカード front from public descriptions
 * (name, address, birth date and sex on the left, the expiry below them, the photo on the right with
 * the セキュリティコード under it), not a copy of the real card's artwork (docs/ocr.md).
 */
public final class CardFrontLayout {
    public static final double WIDTH_MM = 85.60;
    public static final double HEIGHT_MM = 53.98;

    /** Text: x of the first glyph, y of the baseline, em size (all mm). */
    public record Text(double x, double baseline, double size) {
    }

    /** A rectangle in mm. */
    public record Box(double x, double y, double w, double h) {
    }

    public static final Text NAME_LABEL = new Text(3.6, 8.6, 1.9);
    public static final Text NAME = new Text(10.5, 9.2, 4.0);
    public static final Text ADDRESS_LABEL = new Text(3.6, 15.0, 1.9);
    public static final Text ADDRESS = new Text(10.5, 15.3, 2.7);
    public static final double ADDRESS_LINE_MM = 3.7;
    public static final double ADDRESS_WIDTH_MM = 44.0;
    public static final Text BIRTH = new Text(10.5, 26.0, 2.8);
    public static final Text SEX = new Text(41.5, 26.0, 2.8);
    public static final Box EXPIRY_BOX = new Box(3.6, 29.6, 42.0, 6.0);
    public static final Text EXPIRY = new Text(5.2, 33.9, 2.8);
    public static final Box CERT_BOX = new Box(3.6, 38.2, 48.0, 8.6);
    public static final Text TITLE = new Text(3.6, 51.2, 2.6);
    public static final Box PHOTO = new Box(58.6, 5.0, 23.0, 28.5);
    /** The security code is centred under the photo. */
    public static final Text SECURITY_CODE = new Text(70.1, 39.8, 3.0);

    private CardFrontLayout() {
    }
}
