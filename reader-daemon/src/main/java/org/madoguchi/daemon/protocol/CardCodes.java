package org.madoguchi.daemon.protocol;

/**
 * The local check of a typed 照合番号B before any VERIFY, so that a typing slip never spends one of
 * the card's tries: exactly 14 ASCII digits — the 和暦 birth date {@code YYMMDD} (month 1–12, a day
 * that the month has; the era is not typed, so 29 February is allowed), the card's expiry year
 * {@code YYYY} (2016, when the cards began, to this year + 11: a card runs at most 10 years and to a
 * birthday), and a 4-digit security code. The refusal never contains the digits.
 */
final class CardCodes {
    static final int LENGTH = 14;
    static final int FIRST_EXPIRY_YEAR = 2016;
    static final int EXPIRY_YEARS_AHEAD = 11;
    private static final int[] DAYS = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

    private CardCodes() {
    }

    static void check(char[] d, int thisYear) throws ProtocolException {
        if (d.length != LENGTH) {
            throw invalid();
        }
        for (char c : d) {
            if (c < '0' || c > '9') {
                throw invalid();
            }
        }
        int yy = number(d, 0, 2);
        int month = number(d, 2, 2);
        int day = number(d, 4, 2);
        int expiry = number(d, 6, 4);
        if (yy < 1 || month < 1 || month > 12 || day < 1 || day > DAYS[month - 1]) {
            throw invalid();
        }
        if (expiry < FIRST_EXPIRY_YEAR || expiry > thisYear + EXPIRY_YEARS_AHEAD) {
            throw invalid();
        }
    }

    private static int number(char[] d, int from, int length) {
        int n = 0;
        for (int i = from; i < from + length; i++) {
            n = n * 10 + (d[i] - '0');
        }
        return n;
    }

    static ProtocolException invalid() {
        return new ProtocolException(ErrorCode.INVALID_CARD_CODE,
                "照合番号は14桁の数字です(生年月日の和暦 年月日6桁・有効期限の西暦年4桁・セキュリティコード4桁)。"
                        + "入力を確かめてください(カードには送っていません)",
                "The verification number (照合番号B) is 14 digits: birth date in the Japanese era as YYMMDD, the"
                        + " card's expiry year YYYY and the 4-digit security code. Check the entry (nothing was sent"
                        + " to the card)");
    }
}
