package org.madoguchi.driver.face.ocr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class FrontFieldsTest {

    private static Symbols symbols(String text, float conf) {
        Symbols s = new Symbols(64);
        for (char c : text.toCharArray()) {
            if (c != ' ') {
                s.add(c, conf);
            }
        }
        return s;
    }

    @Test
    void birthLinesInEveryEraAnd元年AndWestern() {
        assertEquals(new FrontFields.PrintedDate(1, 60, 4, 1, 95f, 95f), FrontFields.birth(symbols("昭和60年 4月 1日生", 95f)));
        assertEquals(new FrontFields.PrintedDate(2, 1, 1, 8, 90f, 90f), FrontFields.birth(symbols("平成元年 1月 8日生", 90f)));
        assertEquals(new FrontFields.PrintedDate(3, 2, 11, 22, 90f, 90f), FrontFields.birth(symbols("令和 2年11月22日生", 90f)));
        assertEquals(new FrontFields.PrintedDate(0, 9, 12, 8, 90f, 90f), FrontFields.birth(symbols("大正 9年12月 8日生", 90f)));
        assertEquals(new FrontFields.PrintedDate(FrontFields.WESTERN, 1985, 4, 1, 90f, 90f),
                FrontFields.birth(symbols("1985年 4月 1日生", 90f)));
    }

    @Test
    void noiseAroundTheLineIsSkippedButABrokenLineIsNothing() {
        assertEquals(new FrontFields.PrintedDate(1, 60, 4, 1, 90f, 90f), FrontFields.birth(symbols("生日昭和60年4月1日生月", 90f)));
        assertNull(FrontFields.birth(symbols("昭和60年4月日生", 90f)));
        assertNull(FrontFields.birth(symbols("昭和604年4月1日生", 90f)));
        assertNull(FrontFields.birth(symbols("19851年4月1日生", 90f)));
        assertNull(FrontFields.birth(symbols("", 90f)));
    }

    @Test
    void expiryLine() {
        assertEquals(new FrontFields.PrintedDate(FrontFields.WESTERN, 2034, 4, 1, 80f, 80f),
                FrontFields.expiry(symbols("2034年 4月 1日まで有効", 80f)));
        assertNull(FrontFields.expiry(symbols("203年 4月 1日まで有効", 80f)));
    }

    @Test
    void securityCodeIsExactlyFourDigits() {
        char[] out = new char[4];
        assertEquals(99f, FrontFields.securityCode(symbols("4321", 99f), out));
        assertArrayEquals("4321".toCharArray(), out);
        assertEquals(-1f, FrontFields.securityCode(symbols("43210", 99f), new char[4]));
        assertEquals(-1f, FrontFields.securityCode(symbols("432", 99f), new char[4]));
    }

    @Test
    void maskedFormShowsEraYearAndExpiryYearOnly() {
        MaskedFront m = new MaskedFront("昭和", 60, 2034);
        assertEquals("昭和60年**月**日生・2034年まで有効・セキュリティコード ****", m.display());
        assertEquals("born Showa 60, month and day hidden; valid until 2034; security code ****", m.displayEn());
        assertEquals("平成元年**月**日生・2027年まで有効・セキュリティコード ****", new MaskedFront("平成", 1, 2027).display());
        assertEquals("1985年**月**日生・2030年まで有効・セキュリティコード ****", new MaskedFront("西暦", 1985, 2030).display());
    }
}
