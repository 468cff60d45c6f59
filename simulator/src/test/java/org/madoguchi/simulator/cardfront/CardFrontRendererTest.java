package org.madoguchi.simulator.cardfront;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.time.LocalDate;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.madoguchi.simulator.card.Profiles;

class CardFrontRendererTest {
    private static final Pattern TWELVE_DIGITS = Pattern.compile("[0-9]{12}");

    @BeforeAll
    static void font() {
        Assumptions.assumeTrue(CardFrontRenderer.fontAvailable(), "Noto Sans CJK JP missing (apt-get install fonts-noto-cjk)");
    }

    @Test
    void printedLinesAsTheCardPrintsThem() {
        CardFront showa = new CardFront("見本　太郎", "見本県", LocalDate.of(1985, 1, 2), false, 1, LocalDate.of(2030, 1, 2), "4321");
        assertEquals("昭和60年 1月 2日生", showa.birthLine());
        assertEquals("2030年 1月 2日まで有効", showa.expiryLine());
        assertEquals("60010220304321", showa.verificationCodeB());
        CardFront gannen = new CardFront("見本　花子", "見本県", LocalDate.of(1989, 1, 8), false, 2, LocalDate.of(2027, 1, 8), "0007");
        assertEquals("平成元年 1月 8日生", gannen.birthLine());
        assertEquals("01010820270007", gannen.verificationCodeB());
        CardFront western = new CardFront("SAMPLE ALEX", "見本県", LocalDate.of(1985, 4, 1), true, 1, LocalDate.of(2029, 9, 30), "1234");
        assertEquals("1985年 4月 1日生", western.birthLine());
        assertEquals("60040120291234", western.verificationCodeB());
        assertFalse(western.toString().contains("1234"));
    }

    @Test
    void everyProfileWithACardFaceMatchesItsChip() {
        List<CardFront> fronts = SyntheticHolders.profiles();
        assertEquals(Profiles.all().stream().filter(p -> p.cardFace().isPresent()).count(), fronts.size());
        Profiles.all().stream().flatMap(p -> p.cardFace().stream()).forEach(person ->
                assertEquals(person.verificationCodeB(), CardFront.of(person).verificationCodeB()));
    }

    @Test
    void syntheticHoldersAreSamplesAndNoTwelveDigitNumberIsPrinted() {
        List<CardFront> all = SyntheticHolders.draw(3, 300);
        assertTrue(all.stream().anyMatch(CardFront::western));
        for (CardFront f : all) {
            assertTrue(f.address().startsWith("見本県"), f.address());
            assertTrue(f.name().startsWith("見本") || f.name().startsWith("試験") || f.name().startsWith("検証")
                    || f.name().startsWith("模擬") || f.name().startsWith("SAMPLE") || f.name().startsWith("TEST"), f.name());
            for (String printed : List.of(f.name(), f.address(), f.birthLine(), f.expiryLine(), f.securityCode())) {
                assertFalse(TWELVE_DIGITS.matcher(printed).find(), "no 個人番号-like number on the front");
            }
            assertTrue(f.expiry().isAfter(f.birthDate()));
        }
    }

    @Test
    void renderingAndPhotographsAreDeterministic() {
        CardFrontRenderer r = CardFrontRenderer.create();
        CardFront f = SyntheticHolders.profiles().get(0);
        BufferedImage a = r.render(f, 6, 9);
        BufferedImage b = r.render(f, 6, 9);
        assertEquals(514, a.getWidth());
        assertArrayEquals(a.getRGB(0, 0, a.getWidth(), a.getHeight(), null, 0, a.getWidth()),
                b.getRGB(0, 0, b.getWidth(), b.getHeight(), null, 0, b.getWidth()));
        CardPhotographer p = new CardPhotographer(r);
        assertArrayEquals(p.photograph(f, PhotoCondition.GLARE, 5), p.photograph(f, PhotoCondition.GLARE, 5));
    }
}
