package org.madoguchi.driver.face.ocr;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.madoguchi.driver.face.ocr.CardFrontReader.Take;
import org.madoguchi.driver.face.ocr.FrontFields.PrintedDate;

/** The rule that judges a field after the retry reads, and the retry's line images; no engine needed. */
class CardFrontRetryTest {

    private static Take date(int era, int year, int month, int day, boolean confident) {
        return new Take(new PrintedDate(era, year, month, day, 99f, 90f), null, confident, null, 40);
    }

    private static Take code(String digits, boolean confident) {
        return new Take(null, digits.toCharArray(), confident, null, 40);
    }

    private static final double[] SCALES = {34, 40, 46, 52};

    /** Each group's reads (a read, how many) at the retry's scales in turn. */
    private static List<Take> reads(Object... groups) {
        List<Take> out = new ArrayList<>();
        for (int i = 0; i < groups.length; i += 2) {
            for (int n = 0; n < (Integer) groups[i + 1]; n++) {
                Take t = (Take) groups[i];
                out.add(new Take(t.date(), t.code(), t.confident(), t.second(), SCALES[n % SCALES.length]));
            }
        }
        return out;
    }

    private static Take at(Take t, double em) {
        return new Take(t.date(), t.code(), t.confident(), t.second(), em);
    }

    @Test
    void agreeingReadsCountOncePerScale() {
        Take right = date(2, 22, 5, 31, true);
        assertNull(CardFrontReader.settled(List.of(at(right, 40), at(right, 40))), "two reads at one scale");
        assertNotNull(CardFrontReader.settled(List.of(at(right, 40), at(right, 52))));
        assertNull(CardFrontReader.settled(List.of(at(right, 40), at(right, 52), at(date(2, 2, 5, 31, false), 46))), "one against");
        assertEquals(2, CardFrontReader.scales(List.of(at(right, 40), at(right, 40), at(right, 52), at(date(2, 22, 5, 31, false), 46)), right));
        assertNull(CardFrontReader.settledOnRetry(List.of(at(right, 40), at(right, 40), at(right, 40), at(right, 52)), false),
                "four reads at two scales");
        assertNotNull(CardFrontReader.settledOnRetry(List.of(at(right, 34), at(right, 40), at(right, 52)), false));
    }

    @Test
    void aDigitDroppedFromANumberIsRecognised() {
        assertTrue(CardFrontReader.oneDigitDropped(2, 22));
        assertTrue(CardFrontReader.oneDigitDropped(1, 17));
        assertTrue(CardFrontReader.oneDigitDropped(7, 17));
        assertTrue(CardFrontReader.oneDigitDropped(0, 30));
        assertTrue(CardFrontReader.oneDigitDropped(1, 11));
        assertFalse(CardFrontReader.oneDigitDropped(22, 2), "a digit added is not a digit dropped");
        assertFalse(CardFrontReader.oneDigitDropped(2, 17), "a digit changed");
        assertFalse(CardFrontReader.oneDigitDropped(17, 17));
        assertFalse(CardFrontReader.oneDigitDropped(1, 123), "two digits dropped");
        PrintedDate full = new PrintedDate(2, 22, 5, 31, 99f, 90f);
        assertTrue(CardFrontReader.droppedDigits(new PrintedDate(2, 2, 5, 31, 99f, 90f), full));
        assertTrue(CardFrontReader.droppedDigits(new PrintedDate(2, 2, 5, 3, 99f, 90f), full));
        assertFalse(CardFrontReader.droppedDigits(full, full), "the same date");
        assertFalse(CardFrontReader.droppedDigits(new PrintedDate(1, 2, 5, 31, 99f, 90f), full), "another era");
        assertFalse(CardFrontReader.droppedDigits(new PrintedDate(2, 2, 6, 31, 99f, 90f), full), "a dropped digit and a changed month");
        assertFalse(CardFrontReader.droppedDigits(new PrintedDate(2, 22, 5, 13, 99f, 90f), full), "digits swapped");
    }

    @Test
    void droppedDigitReadsAreOutvotedButCountAgainst() {
        Take right = date(2, 22, 5, 31, true);
        Take dropped = date(2, 2, 5, 31, true);
        // 平成22年 read right 7 times, with its 2 dropped 4 times (the photograph 153 of seed 2026)
        Take s = CardFrontReader.settledOnRetry(reads(right, 7, dropped, 4), false);
        assertNotNull(s);
        assertEquals(22, s.date().year());
        // never the shorter value, however many give it
        assertNull(CardFrontReader.settledOnRetry(reads(right, 4, dropped, 4), false), "as many dropped as right");
        assertNull(CardFrontReader.settledOnRetry(reads(right, 3, dropped, 7), false));
        // too few agreeing confident reads, even with nothing against
        assertNull(CardFrontReader.settledOnRetry(reads(right, 2), false));
        assertNull(CardFrontReader.settledOnRetry(reads(right, 2, date(2, 22, 5, 31, false), 5), false), "unconfident reads do not count for");
        assertNotNull(CardFrontReader.settledOnRetry(reads(right, 3, Take.NONE, 9), false));
    }

    @Test
    void anyOtherDisagreementRefuses() {
        Take right = date(2, 22, 5, 31, true);
        assertNull(CardFrontReader.settledOnRetry(reads(right, 10, date(2, 23, 5, 31, false), 1), false), "a changed digit, even unconfident");
        assertNull(CardFrontReader.settledOnRetry(reads(right, 10, date(1, 22, 5, 31, true), 1), false), "another era");
        assertNull(CardFrontReader.settledOnRetry(reads(right, 10, date(2, 222, 5, 31, true), 1), false), "a digit added");
        assertNull(CardFrontReader.explainingValue(reads(right, 3, date(2, 23, 5, 31, true), 3), false));
        assertNull(CardFrontReader.explainingValue(reads(Take.NONE, 3), false), "nothing parsed");
    }

    @Test
    void theSecurityCodeToleratesNoDisagreementAtAll() {
        Take right = code("6009", true);
        assertArrayEquals("6009".toCharArray(), CardFrontReader.settledOnRetry(reads(right, 3), true).code());
        assertNull(CardFrontReader.settledOnRetry(reads(right, 12, code("5009", false), 1), true));
        assertNull(CardFrontReader.settledOnRetry(reads(right, 12, code("600", true), 1), true));
        assertNull(CardFrontReader.settledOnRetry(reads(right, 2), true), "three confident reads needed");
    }

    /** A dark bar 12 px wide on white, blurred with σ 4 px: the deblurred images have a sharper edge. */
    @Test
    void theDeblurredLineImagesHaveSharperEdges() {
        int w = 160;
        int h = 60;
        GreyImage band = new GreyImage(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double d = Math.abs(x - 80) - 6;
                // the exact Gaussian-blurred step, via erf's logistic approximation
                double dark = 1 / (1 + Math.exp(1.702 * d / 4.0));
                band.v[y * w + x] = (float) (230 - 200 * dark);
            }
        }
        int radius = 24; // 0.6 em with an em of 40 px
        int plain = greyPixels(LineImage.prepare(band, radius, LineImage.PLAIN));
        int deblurred = greyPixels(LineImage.prepare(band, radius, LineImage.DEBLURRED));
        int more = greyPixels(LineImage.prepare(band, radius, LineImage.DEBLURRED_MORE));
        assertTrue(deblurred < plain, "deblurred " + deblurred + " vs plain " + plain);
        assertTrue(more < plain, "more " + more + " vs plain " + plain);
    }

    /** Pixels of the middle row neither near black nor near white. */
    private static int greyPixels(LineImage img) {
        assertNotNull(img);
        int y = img.height / 2;
        int n = 0;
        for (int x = 0; x < img.width; x++) {
            int v = img.pixels[y * img.width + x] & 0xff;
            if (v > 40 && v < 215) {
                n++;
            }
        }
        return n;
    }
}
