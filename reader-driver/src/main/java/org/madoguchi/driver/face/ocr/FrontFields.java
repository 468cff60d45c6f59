package org.madoguchi.driver.face.ocr;

/**
 * Parses the recognised symbols of each field (no String is made of them): the birth line
 * 「昭和60年 4月 1日生」, 「平成元年…」 or, as foreign residents' cards print it, 「1985年 4月 1日生」;
 * the expiry line 「2034年 4月 1日まで有効」; the 4-digit security code.
 */
final class FrontFields {
    /** Era codes as {@link java.time.chrono.JapaneseEra#getValue()}; {@link #WESTERN} for 西暦. */
    static final int WESTERN = Integer.MIN_VALUE;
    private static final String[] ERAS = {"明治", "大正", "昭和", "平成", "令和"};
    private static final int[] ERA_VALUES = {-1, 0, 1, 2, 3};

    /**
     * A printed date: era (or {@link #WESTERN}), year as printed, month, day; the lowest confidence of
     * the era, a 4-digit year and 年月日, and the lowest of the short numbers (an era's year, the month,
     * the day: printed space-padded, where Tesseract gives a right single digit low confidence).
     */
    record PrintedDate(int era, int year, int month, int day, float confidence, float shortConfidence) {
        boolean sameDate(PrintedDate o) {
            return era == o.era && year == o.year && month == o.month && day == o.day;
        }
    }

    private FrontFields() {
    }

    static PrintedDate birth(Symbols s) {
        for (int i = 0; i < s.length; i++) {
            PrintedDate d = birthAt(s, i);
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    private static PrintedDate birthAt(Symbols s, int i) {
        for (int e = 0; e < ERAS.length; e++) {
            if (i + 1 < s.length && s.chars[i] == ERAS[e].charAt(0) && s.chars[i + 1] == ERAS[e].charAt(1)) {
                float conf = Math.min(s.confidence[i], s.confidence[i + 1]);
                int j = i + 2;
                int year;
                float yearConf;
                if (j < s.length && s.chars[j] == '元') {
                    year = 1;
                    yearConf = s.confidence[j];
                    j++;
                } else {
                    int n = digits(s, j, 1, 2);
                    if (n == 0) {
                        return null;
                    }
                    year = value(s, j, n);
                    yearConf = minConf(s, j, n);
                    j += n;
                }
                return monthDay(s, j, ERA_VALUES[e], year, conf, yearConf);
            }
        }
        if ((i == 0 || !isDigit(s.chars[i - 1])) && digits(s, i, 4, 4) == 4) {
            return monthDay(s, i + 4, WESTERN, value(s, i, 4), minConf(s, i, 4), 100f);
        }
        return null;
    }

    static PrintedDate expiry(Symbols s) {
        for (int i = 0; i < s.length; i++) {
            if ((i == 0 || !isDigit(s.chars[i - 1])) && digits(s, i, 4, 4) == 4) {
                PrintedDate d = monthDay(s, i + 4, WESTERN, value(s, i, 4), minConf(s, i, 4), 100f);
                if (d != null) {
                    return d;
                }
            }
        }
        return null;
    }

    /** 年 M 月 D 日 from {@code j}. */
    private static PrintedDate monthDay(Symbols s, int j, int era, int year, float conf, float shortConf) {
        if (j >= s.length || s.chars[j] != '年') {
            return null;
        }
        conf = Math.min(conf, s.confidence[j++]);
        int mn = digits(s, j, 1, 2);
        if (mn == 0) {
            return null;
        }
        int month = value(s, j, mn);
        float md = Math.min(shortConf, minConf(s, j, mn));
        j += mn;
        if (j >= s.length || s.chars[j] != '月') {
            return null;
        }
        conf = Math.min(conf, s.confidence[j++]);
        int dn = digits(s, j, 1, 2);
        if (dn == 0) {
            return null;
        }
        int day = value(s, j, dn);
        md = Math.min(md, minConf(s, j, dn));
        j += dn;
        if (j >= s.length || s.chars[j] != '日') {
            return null;
        }
        conf = Math.min(conf, s.confidence[j]);
        return new PrintedDate(era, year, month, day, conf, md);
    }

    /** The four digits of the security code into {@code out}; the lowest confidence, or -1 if not exactly four. */
    static float securityCode(Symbols s, char[] out) {
        int n = 0;
        float conf = 100f;
        for (int i = 0; i < s.length; i++) {
            if (isDigit(s.chars[i])) {
                if (n == 4) {
                    return -1;
                }
                out[n++] = s.chars[i];
                conf = Math.min(conf, s.confidence[i]);
            }
        }
        return n == 4 ? conf : -1;
    }

    private static int digits(Symbols s, int j, int min, int max) {
        int n = 0;
        while (j + n < s.length && isDigit(s.chars[j + n]) && n < max + 1) {
            n++;
        }
        return n >= min && n <= max ? n : 0;
    }

    private static int value(Symbols s, int j, int n) {
        int v = 0;
        for (int k = 0; k < n; k++) {
            v = v * 10 + (s.chars[j + k] - '0');
        }
        return v;
    }

    private static float minConf(Symbols s, int j, int n) {
        float c = 100f;
        for (int k = 0; k < n; k++) {
            c = Math.min(c, s.confidence[j + k]);
        }
        return c;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
