package org.madoguchi.driver.face.ocr;

/**
 * What staff may see of a reading, to check it against the card: the era and year of birth and the
 * expiry year; the birth month and day and the whole security code are masked. Those hidden parts
 * leave about 3.6 million candidates for 照合番号B, against the card's 10 tries.
 *
 * @param era         昭和, 平成, … or 西暦 when the card prints the birth date in the Western calendar
 * @param birthYear   the year as printed (the era's year, or the Western year)
 * @param expiryYear  the card's expiry year
 */
public record MaskedFront(String era, int birthYear, int expiryYear) {

    /** 「昭和60年**月**日生・2034年まで有効・セキュリティコード ****」. */
    public String display() {
        String year = "西暦".equals(era) ? String.valueOf(birthYear) : era + (birthYear == 1 ? "元" : String.valueOf(birthYear));
        return year + "年**月**日生・" + expiryYear + "年まで有効・セキュリティコード ****";
    }

    /** {@code born Showa 60, month and day hidden; valid until 2034; security code ****}. */
    public String displayEn() {
        String year = switch (era) {
            case "明治" -> "Meiji " + birthYear;
            case "大正" -> "Taisho " + birthYear;
            case "昭和" -> "Showa " + birthYear;
            case "平成" -> "Heisei " + birthYear;
            case "令和" -> "Reiwa " + birthYear;
            default -> String.valueOf(birthYear);
        };
        return "born " + year + ", month and day hidden; valid until " + expiryYear + "; security code ****";
    }
}
