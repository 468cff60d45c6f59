package org.madoguchi.simulator.cardfront;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.madoguchi.driver.face.FaceUnavailableException;
import org.madoguchi.driver.face.ocr.CameraCardFaceReader;
import org.madoguchi.driver.face.ocr.CardFrontReader;
import org.madoguchi.driver.face.ocr.CardFrontReading;
import org.madoguchi.driver.face.ocr.CardFrontRefusedException;
import org.madoguchi.simulator.card.Person;
import org.madoguchi.simulator.card.Profiles;

/**
 * The real reader on generated photographs (no mocks): every profile's card, and a deterministic
 * subset of every photo condition. Never a wrong reading; nearly all exact.
 */
class CardFrontOcrTest {
    private static CardFrontReader ocr;
    private static CardPhotographer camera;

    @BeforeAll
    static void open() {
        Assumptions.assumeTrue(CardFrontRenderer.fontAvailable(), "Noto Sans CJK JP missing (apt-get install fonts-noto-cjk)");
        try {
            ocr = CardFrontReader.open();
        } catch (FaceUnavailableException e) {
            Assumptions.abort("Tesseract missing (apt-get install tesseract-ocr tesseract-ocr-jpn): " + e.getMessage());
        }
        camera = new CardPhotographer(CardFrontRenderer.create());
    }

    @AfterAll
    static void close() {
        if (ocr != null) {
            ocr.close();
        }
    }

    @Test
    void everyProfilesCardReadsThroughTheSpi() throws Exception {
        for (var profile : Profiles.all()) {
            if (profile.cardFace().isEmpty()) {
                continue;
            }
            Person person = profile.cardFace().get();
            byte[] photo = camera.photograph(CardFront.of(person), PhotoCondition.CLEAN, profile.name().hashCode());
            CameraCardFaceReader spi = new CameraCardFaceReader(ocr, reader -> photo.clone());
            char[] code = spi.readVerificationCodeB("Simulated Reader 0");
            assertArrayEquals(person.verificationCodeB().toCharArray(), code, profile.name());
            java.util.Arrays.fill(code, '\0');
        }
    }

    @Test
    void photographsUnderEveryConditionAreReadOrRefusedNeverWrong() throws Exception {
        List<CardFront> fronts = SyntheticHolders.draw(11, 24);
        PhotoCondition[] conditions = PhotoCondition.values();
        int exact = 0;
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < fronts.size(); i++) {
            CardFront f = fronts.get(i);
            PhotoCondition c = conditions[i % conditions.length];
            CardFrontReading r = ocr.read(camera.photograph(f, c, 500 + i));
            if (r instanceof CardFrontReading.Read read) {
                assertEquals(f.verificationCodeB(), new String(read.verificationCodeB()), "a wrong reading (" + c + ", " + f + ")");
                assertTrue(read.masked().display().endsWith("セキュリティコード ****"));
                assertTrue(read.toString().indexOf(f.securityCode()) < 0);
                read.wipe();
                exact++;
            } else {
                refused.add(c + ": " + ((CardFrontReading.Refused) r).reason());
            }
        }
        System.out.printf("card-front OCR: %d of %d exact, refused %s%n", exact, fronts.size(), refused);
        assertTrue(exact >= fronts.size() - 2, "too many refusals: " + refused);
    }

    /**
     * The photograph that main read wrongly (seed 2026, photograph 175 of the benchmark, LOW_RES): jpn
     * read the security code's 6 as 5 with confidence 99 at 40 and 46 px/em. Read or refused, never wrong.
     */
    @Test
    void theLowResolutionSecurityCodeOnceMisreadIsNotReadWrongly() throws Exception {
        CardFront f = SyntheticHolders.draw(2026, 240).get(175);
        CardFrontReading r = ocr.read(camera.photograph(f, PhotoCondition.LOW_RES, 2026 * 1_000_003L + 175));
        if (r instanceof CardFrontReading.Read read) {
            assertEquals(f.verificationCodeB(), new String(read.verificationCodeB()), "a wrong reading");
            read.wipe();
        }
    }

    /**
     * Photographs the reader refused before its retry path and now reads exactly: seed 2026's 153
     * (PERSPECTIVE: 「平成22年」 read 「平成 2年」 at 46 and 52 px/em) and 184 (CLEAN: 「17日」 read 「1日」
     * at 52), settled by the retry's reads outvoting the dropped digit; seed 99's 68 (GLARE: the birth
     * line read only up to 「5月2」 in every plain and sharpened image), settled by the deblurred reads.
     */
    @Test
    void photographsSettledByTheRetryReadsAreReadExactly() throws Exception {
        long[][] cases = {{2026, 153}, {2026, 184}, {99, 68}};
        for (long[] c : cases) {
            CardFront f = SyntheticHolders.draw(c[0], 240).get((int) c[1]);
            PhotoCondition condition = PhotoCondition.values()[(int) c[1] % PhotoCondition.values().length];
            CardFrontReading r = ocr.read(camera.photograph(f, condition, c[0] * 1_000_003L + c[1]));
            String what = "seed " + c[0] + " photograph " + c[1] + " (" + condition + ")";
            CardFrontReading.Read read = assertInstanceOf(CardFrontReading.Read.class, r, what + ": " + r);
            assertEquals(f.verificationCodeB(), new String(read.verificationCodeB()), what);
            read.wipe();
        }
    }

    /** A card photographed too far away (about 3.5 px per mm) is refused as too small, not read. */
    @Test
    void aCardTooFarAwayIsRefusedAsTooSmall() throws Exception {
        CardFront f = SyntheticHolders.draw(5, 1).get(0);
        int w = 800;
        int h = 600;
        float[][] rgb = Scene.background(w, h, new java.util.SplittableRandom(5));
        double cw = 3.5 * CardFrontLayout.WIDTH_MM;
        double ch = 3.5 * CardFrontLayout.HEIGHT_MM;
        double[] corners = {400 - cw / 2, 300 - ch / 2, 400 + cw / 2, 300 - ch / 2, 400 + cw / 2, 300 + ch / 2, 400 - cw / 2, 300 + ch / 2};
        Scene.place(rgb, w, h, CardFrontRenderer.create().render(f, 7, 5), corners);
        byte[] photo = CardPhotographer.jpeg(Scene.toImage(rgb, w, h), 92);
        CardFrontReading r = ocr.read(photo);
        assertInstanceOf(CardFrontReading.Refused.class, r);
        assertEquals(CardFrontReading.Refusal.IMAGE_TOO_SMALL, ((CardFrontReading.Refused) r).reason());
    }

    @Test
    void aCardThatIsNotThereIsRefusedThroughTheSpi() {
        byte[] empty = CardPhotographer.jpeg(Scene.toImage(Scene.background(800, 600, new java.util.SplittableRandom(3)), 800, 600), 90);
        CameraCardFaceReader spi = new CameraCardFaceReader(ocr, reader -> empty.clone());
        CardFrontRefusedException e = assertThrows(CardFrontRefusedException.class, () -> spi.readVerificationCodeB("r"));
        assertEquals(CardFrontReading.Refusal.CARD_NOT_FOUND, e.reason());
        assertTrue(e.getMessage().contains("カード") && e.getMessage().contains("card"));
        assertInstanceOf(FaceUnavailableException.class, e);
    }
}
