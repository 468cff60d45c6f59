package org.madoguchi.simulator.card;

import java.time.LocalDate;
import java.time.chrono.JapaneseDate;
import java.time.chrono.JapaneseEra;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.util.Objects;

/**
 * The made-up holder of a simulated card: what the card face prints and the chip stores. Every
 * value is obviously fake (見本 = "sample", 見本県 is no prefecture); nothing comes from a real card.
 *
 * @param name           氏名, family and given name separated by U+3000
 * @param sex            1 male, 2 female
 * @param birthDate      生年月日 (Gregorian)
 * @param address        住所
 * @param prefecture     the prefecture, romanised, as the signature certificate's first L
 * @param city           the city, romanised, as its second L
 * @param municipality   5-digit 全国地方公共団体コード (a test value)
 * @param securityCode   the 4-digit セキュリティコード printed on the card face
 * @param cardIssued     the card's issue date
 * @param cardExpiry     the card's expiry date (printed, and tag DF29 of the card-face file)
 */
public record Person(String name, int sex, LocalDate birthDate, String address, String prefecture, String city,
        String municipality, String securityCode, LocalDate cardIssued, LocalDate cardExpiry) {

    private static final DateTimeFormatter YYYYMMDD = DateTimeFormatter.BASIC_ISO_DATE;

    public Person {
        Objects.requireNonNull(name);
        Objects.requireNonNull(birthDate);
        Objects.requireNonNull(address);
        Objects.requireNonNull(prefecture);
        Objects.requireNonNull(city);
        Objects.requireNonNull(cardIssued);
        Objects.requireNonNull(cardExpiry);
        if (!securityCode.matches("[0-9]{4}") || !municipality.matches("[0-9]{5}")) {
            throw new IllegalArgumentException("security code is 4 digits, municipality code 5");
        }
        if (sex != 1 && sex != 2) {
            throw new IllegalArgumentException("sex is 1 or 2");
        }
    }

    /**
     * 照合番号B, 14 ASCII digits: the birth date as 和暦 {@code YYMMDD}, the card's expiry year
     * {@code YYYY} and the security code (docs/card.md §3).
     */
    public String verificationCodeB() {
        return birthDateKey() + cardExpiry.getYear() + securityCode;
    }

    /** The 券面AP birth-date key: 和暦 {@code YYMMDD}. */
    public String birthDateKey() {
        JapaneseDate j = JapaneseDate.from(birthDate);
        return String.format("%02d%02d%02d", j.get(ChronoField.YEAR_OF_ERA), birthDate.getMonthValue(),
                birthDate.getDayOfMonth());
    }

    /** {@code EYYYYMMDD} as the signature certificate's SAN has it: era code 1 明治 … 5 令和, then Gregorian. */
    public String birthWithEraCode() {
        JapaneseEra era = JapaneseDate.from(birthDate).getEra();
        return (era.getValue() + 2) + birthDate.format(YYYYMMDD);
    }

    /** {@code YYYYMMDD}. */
    public String birthYyyymmdd() {
        return birthDate.format(YYYYMMDD);
    }

    public String cardExpiryYyyymmdd() {
        return cardExpiry.format(YYYYMMDD);
    }

    /** The n-th birthday strictly after {@code date}. */
    public LocalDate nthBirthdayAfter(LocalDate date, int n) {
        LocalDate b = birthDate.withYear(date.getYear());
        if (!b.isAfter(date)) {
            b = birthDate.withYear(date.getYear() + 1);
        }
        return birthDate.withYear(b.getYear() + n - 1);
    }

    /** Names and dates only in logs; never the security code or 照合番号B. */
    @Override
    public String toString() {
        return "Person[" + name + ", born " + birthDate + "]";
    }
}
