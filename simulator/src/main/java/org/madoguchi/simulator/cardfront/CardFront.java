package org.madoguchi.simulator.cardfront;

import java.time.LocalDate;
import java.time.chrono.JapaneseDate;
import java.time.temporal.ChronoField;
import java.util.Objects;

import org.madoguchi.simulator.card.Person;

/**
 * What the front of a simulated マイナンバーカード prints: synthetic test data only (見本 = "sample"),
 * never a real person, and never a 個人番号 (that is on the back, which is never rendered).
 *
 * @param name         氏名 as printed (Japanese, or romanised for a foreign resident)
 * @param address      住所, one string; the renderer wraps it
 * @param birthDate    生年月日
 * @param western      true: the birth date is printed in 西暦 (foreign residents), else in 和暦
 * @param sex          1 male, 2 female
 * @param expiry       the card's expiry date (always printed in 西暦)
 * @param securityCode the 4-digit セキュリティコード
 */
public record CardFront(String name, String address, LocalDate birthDate, boolean western, int sex,
        LocalDate expiry, String securityCode) {

    public CardFront {
        Objects.requireNonNull(name);
        Objects.requireNonNull(address);
        Objects.requireNonNull(birthDate);
        Objects.requireNonNull(expiry);
        if (!securityCode.matches("[0-9]{4}")) {
            throw new IllegalArgumentException("the security code is 4 digits");
        }
        if (sex != 1 && sex != 2) {
            throw new IllegalArgumentException("sex is 1 or 2");
        }
    }

    /** The front of a simulator profile's card (its holder is printed in 和暦, as a Japanese national). */
    public static CardFront of(Person p) {
        return new CardFront(p.name(), p.address(), p.birthDate(), false, p.sex(), p.cardExpiry(), p.securityCode());
    }

    /**
     * 照合番号B as the simulator's chip expects it (the same rule as {@link Person#verificationCodeB()}):
     * birth date as 和暦 {@code YYMMDD}, expiry year, security code. For a card printed in 西暦 the
     * birth date is converted to 和暦 as well (docs/ocr.md: the rule for foreign residents is unconfirmed).
     */
    public String verificationCodeB() {
        JapaneseDate j = JapaneseDate.from(birthDate);
        return String.format("%02d%02d%02d%04d%s", j.get(ChronoField.YEAR_OF_ERA), birthDate.getMonthValue(),
                birthDate.getDayOfMonth(), expiry.getYear(), securityCode);
    }

    /** The birth-date line as printed: 「昭和60年 4月 1日生」, 「平成元年 1月 8日生」, or 「1985年 4月 1日生」. */
    public String birthLine() {
        String monthDay = String.format("%2d月%2d日生", birthDate.getMonthValue(), birthDate.getDayOfMonth());
        if (western) {
            return birthDate.getYear() + "年" + monthDay;
        }
        JapaneseDate j = JapaneseDate.from(birthDate);
        int year = j.get(ChronoField.YEAR_OF_ERA);
        return eraName(j) + (year == 1 ? "元" : String.format("%2d", year)) + "年" + monthDay;
    }

    /** The expiry line as printed: 「2034年 4月 1日まで有効」. */
    public String expiryLine() {
        return String.format("%d年%2d月%2d日まで有効", expiry.getYear(), expiry.getMonthValue(), expiry.getDayOfMonth());
    }

    /** 「性別 男」 or 「性別 女」. */
    public String sexLine() {
        return "性別 " + (sex == 1 ? "男" : "女");
    }

    static String eraName(JapaneseDate j) {
        return switch (j.getEra().getValue()) {
            case -1 -> "明治";
            case 0 -> "大正";
            case 1 -> "昭和";
            case 2 -> "平成";
            case 3 -> "令和";
            default -> throw new IllegalArgumentException("no era name for " + j.getEra());
        };
    }

    /** Names and years only; never the security code or 照合番号B. */
    @Override
    public String toString() {
        return "CardFront[" + name + ", born " + birthDate.getYear() + (western ? " (西暦)" : "") + "]";
    }
}
