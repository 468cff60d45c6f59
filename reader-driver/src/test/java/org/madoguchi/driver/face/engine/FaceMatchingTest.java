package org.madoguchi.driver.face.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every pair of dlib's 55 "johns" photos (5 people), colour against colour, and the card-photo
 * condition (grey 200×250 JPEG 2000 made from one photo) against every other colour photo.
 */
class FaceMatchingTest {
    private static FaceEngine engine;
    private static final List<String> people = new ArrayList<>();
    private static final List<float[]> photos = new ArrayList<>();
    private static final List<float[]> cards = new ArrayList<>();

    @BeforeAll
    static void describeAll() throws Exception {
        engine = FaceEngine.load();
        for (Map.Entry<String, List<String>> e : TestFaces.johns().entrySet()) {
            for (String f : e.getValue()) {
                byte[] jpeg = TestFaces.bytes(f);
                people.add(e.getKey());
                photos.add(describe(jpeg, f));
                cards.add(describe(CardPhotos.fromPhoto(jpeg), f + " (card)"));
            }
        }
    }

    private static float[] describe(byte[] bytes, String what) throws FaceImageException {
        try (FaceImage img = engine.decode(bytes)) {
            if (!(engine.analyze(img) instanceof FaceAnalysis.Face face)) {
                throw new AssertionError("no face in " + what);
            }
            try (FaceDescriptor d = face.descriptor()) {
                return d.toArray();
            }
        }
    }

    @AfterAll
    static void close() {
        photos.forEach(a -> Arrays.fill(a, 0f));
        cards.forEach(a -> Arrays.fill(a, 0f));
        engine.close();
    }

    /** {falseAccepts, differentPairs, trueAccepts, samePairs} for {@code a[i]} against {@code b[j]}, i ≠ j. */
    private static int[] tally(List<float[]> a, List<float[]> b, boolean symmetric) {
        int[] t = new int[4];
        for (int i = 0; i < a.size(); i++) {
            for (int j = symmetric ? i + 1 : 0; j < b.size(); j++) {
                if (i == j) {
                    continue;
                }
                boolean accept = FaceEngine.distance(FaceDescriptor.of(a.get(i)), FaceDescriptor.of(b.get(j)))
                        <= engine.threshold();
                if (people.get(i).equals(people.get(j))) {
                    t[3]++;
                    t[2] += accept ? 1 : 0;
                } else {
                    t[1]++;
                    t[0] += accept ? 1 : 0;
                }
            }
        }
        System.out.printf(Locale.ROOT, "threshold %.2f: false accepts %d/%d, true accepts %d/%d%n",
                engine.threshold(), t[0], t[1], t[2], t[3]);
        return t;
    }

    @Test
    void colourPhotosOfTheSamePersonMatchAndOfDifferentPeopleDoNot() {
        int[] t = tally(photos, photos, true);
        assertEquals(55 * 54 / 2, t[1] + t[3]);
        assertEquals(0, t[0], "false accepts");
        assertTrue(t[2] >= 0.97 * t[3], "true accepts " + t[2] + "/" + t[3]);
    }

    @Test
    void cardPhotoConditionMatchesTheSamePersonOnly() {
        int[] t = tally(cards, photos, false);
        assertEquals(0, t[0], "false accepts");
        assertTrue(t[2] >= 0.97 * t[3], "true accepts " + t[2] + "/" + t[3]);
    }

    @Test
    void aPhotoIsClosestToItsOwnCardPhoto() {
        for (int i = 0; i < photos.size(); i++) {
            double own = FaceEngine.distance(FaceDescriptor.of(cards.get(i)), FaceDescriptor.of(photos.get(i)));
            assertTrue(own <= engine.threshold(), "photo " + i + " against its own card photo: " + own);
        }
    }
}
