package org.madoguchi.driver.face.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.madoguchi.driver.face.FaceMatch;
import org.madoguchi.driver.face.FaceUnavailableException;

/** The card photo (JPEG 2000) against bursts of live frames, and the adapter to today's SPI. */
class FaceVerifierTest {
    private static FaceEngine engine;
    private static FaceVerifier verifier;
    /** Card photo made from one photo of John Salley; the live frames are his other photos. */
    private static byte[] card;

    @BeforeAll
    static void load() throws Exception {
        engine = FaceEngine.load();
        verifier = new FaceVerifier(engine, LivenessPolicy.defaults());
        card = CardPhotos.fromPhoto(TestFaces.bytes("dlib/johns/John_Salley/000192_02159531.jpg"));
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static List<byte[]> frames(String... files) {
        List<byte[]> out = new ArrayList<>();
        for (String f : files) {
            out.add(TestFaces.bytes(f));
        }
        return out;
    }

    @Test
    void theSamePersonTurningTheHeadIsVerified() throws Exception {
        FaceComparison c = verifier.compare(card, frames(LivenessTest.TURNING));
        FaceComparison.Compared r = assertInstanceOf(FaceComparison.Compared.class, c);
        assertTrue(r.sameFace(), "distance " + r.distance());
        assertEquals(LivenessVerdict.Outcome.LIVE_HEAD_TURN, r.liveness().outcome());
        assertEquals(0.55, r.threshold());
        assertEquals(3, r.framesWithFace());
        assertTrue(r.verified());
    }

    @Test
    void theSamePersonsStillPhotoRepeatedIsNotVerified() throws Exception {
        byte[] still = TestFaces.bytes(LivenessTest.FRONTAL);
        FaceComparison.Compared r = assertInstanceOf(FaceComparison.Compared.class,
                verifier.compare(card, Collections.nCopies(5, still)));
        assertTrue(r.sameFace(), "same person");
        assertEquals(LivenessVerdict.Outcome.STILL, r.liveness().outcome());
        assertFalse(r.verified());
    }

    @Test
    void anotherPersonIsNotVerified() throws Exception {
        FaceComparison.Compared r = assertInstanceOf(FaceComparison.Compared.class, verifier.compare(card,
                frames("dlib/johns/John_Simm/000306_00470222.jpg", "dlib/johns/John_Simm/000300_00470148.jpg",
                        "dlib/johns/John_Simm/000310_00470511.jpg")));
        assertFalse(r.sameFace(), "distance " + r.distance());
        assertFalse(r.verified());
    }

    @Test
    void aBurstThatSwitchesPeopleIsNotLive() throws Exception {
        FaceComparison.Compared r = assertInstanceOf(FaceComparison.Compared.class, verifier.compare(card,
                frames(LivenessTest.TURNING[0], "dlib/johns/John_Simm/000306_00470222.jpg", LivenessTest.TURNING[2])));
        assertEquals(LivenessVerdict.Outcome.FACE_CHANGED, r.liveness().outcome());
        assertFalse(r.verified());
    }

    @Test
    void noFaceAnywhere() throws Exception {
        byte[] plain = TestImages.jpeg(TestImages.plain(320, 240, Color.LIGHT_GRAY));
        assertEquals(new FaceComparison.NoFaceInLive(3), verifier.compare(card, List.of(plain, plain, plain)));
        byte[] plainCard = CardPhotos.encode(TestImages.plain(200, 250, Color.LIGHT_GRAY), 1.0);
        assertInstanceOf(FaceComparison.NoFaceInCard.class, verifier.compare(plainCard, frames(LivenessTest.TURNING)));
    }

    @Test
    void framesPastTheLimitAreNotDecoded() throws Exception {
        List<byte[]> many = new ArrayList<>(frames(LivenessTest.TURNING));
        while (many.size() < 8) {
            many.add(TestFaces.bytes(LivenessTest.FRONTAL));
        }
        many.add(new byte[] {1, 2, 3}); // the ninth and tenth would be refused if they were decoded
        many.add(new byte[0]);
        FaceComparison.Compared r = assertInstanceOf(FaceComparison.Compared.class, verifier.compare(card, many));
        assertEquals(8, r.framesWithFace());
        assertEquals(2, r.framesIgnored());
    }

    @Test
    void anUndecodableFrameIsATypedError() {
        FaceImageException e = assertThrows(FaceImageException.class,
                () -> verifier.compare(card, List.of(new byte[] {1, 2, 3, 4})));
        assertEquals(FaceImageException.Kind.UNSUPPORTED_FORMAT, e.kind());
    }

    @Test
    void theBuiltinMatcherMapsTheDistanceOntoTodaysScore() throws Exception {
        BuiltinFaceMatcher m = new BuiltinFaceMatcher(verifier, 0.8);
        assertEquals(1.0, m.score(0, 0.55), 1e-12);
        assertEquals(0.8, m.score(0.55, 0.55), 1e-12);
        assertEquals(0.0, m.score(5, 0.55), 1e-12);
        FaceMatch same = m.match("reader", card, TestFaces.bytes(LivenessTest.FRONTAL));
        assertTrue(assertInstanceOf(FaceMatch.Scored.class, same).score() >= 0.8);
        FaceMatch other = m.match("reader", card, TestFaces.bytes("dlib/johns/John_Simm/000300_00470148.jpg"));
        assertTrue(assertInstanceOf(FaceMatch.Scored.class, other).score() < 0.8);
        byte[] plain = TestImages.jpeg(TestImages.plain(320, 240, Color.LIGHT_GRAY));
        assertEquals(new FaceMatch.NoFace(), m.match("reader", card, plain));
        assertThrows(FaceUnavailableException.class, () -> m.match("reader", card, new byte[] {9, 9, 9}));
    }
}
