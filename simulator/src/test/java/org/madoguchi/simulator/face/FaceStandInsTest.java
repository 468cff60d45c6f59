package org.madoguchi.simulator.face;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.madoguchi.driver.card.CardLayout;
import org.madoguchi.driver.card.FacePhotoOutcome;
import org.madoguchi.driver.card.MyNumberCard;
import org.madoguchi.driver.card.Secret;
import org.madoguchi.driver.card.VerifyOutcome;
import org.madoguchi.driver.face.FaceMatch;
import org.madoguchi.driver.face.FaceUnavailableException;
import org.madoguchi.driver.pcsc.CardConnection;
import org.madoguchi.driver.pcsc.ShareMode;
import org.madoguchi.driver.spi.Simulation.FaceOutcome;
import org.madoguchi.driver.spi.SimulationException;
import org.madoguchi.simulator.reader.InProcessSimulation;
import org.madoguchi.simulator.reader.SimulatedReaderBackend;

/** The OCR and face-engine stand-ins, as the daemon's face mode uses them. */
class FaceStandInsTest {
    private static final String R0 = "Simulated Reader 0";
    private static final String R1 = "Simulated Reader 1";
    private final InProcessSimulation sim = new InProcessSimulation(new SimulatedReaderBackend(2));

    @AfterEach
    void close() {
        sim.close();
    }

    private FacePhotoOutcome facePhoto(String reader) throws Exception {
        char[] code = sim.cardFaceReader().readVerificationCodeB(reader);
        try (CardConnection c = sim.backend().connect(reader, ShareMode.SHARED); Secret s = Secret.verificationCodeB(code)) {
            return new MyNumberCard(c, CardLayout.RSA_2016).readFacePhoto(s);
        } finally {
            java.util.Arrays.fill(code, '\0');
        }
    }

    @Test
    void ocrGivesTheInsertedCardsCodeB() throws Exception {
        sim.insert(R0, "default");
        assertArrayEquals("60040120344321".toCharArray(), sim.cardFaceReader().readVerificationCodeB(R0));
        assertInstanceOf(FacePhotoOutcome.Photo.class, facePhoto(R0));
        sim.insert(R1, "under15");
        assertArrayEquals("27082020292468".toCharArray(), sim.cardFaceReader().readVerificationCodeB(R1));
    }

    @Test
    void aMisreadIsRejectedByTheCardAndCosts() throws Exception {
        sim.insert(R0, "default");
        sim.steerCardFace(R0, SimulatedCardFaceReader.Reading.WRONG);
        char[] wrong = sim.cardFaceReader().readVerificationCodeB(R0);
        assertEquals(14, wrong.length);
        FacePhotoOutcome o = facePhoto(R0);
        assertEquals(new VerifyOutcome.Wrong(9), ((FacePhotoOutcome.CodeRejected) o).outcome());
        sim.steerCardFace(R0, SimulatedCardFaceReader.Reading.UNREADABLE);
        assertThrows(FaceUnavailableException.class, () -> sim.cardFaceReader().readVerificationCodeB(R0));
        sim.remove(R0);
        sim.insert(R0, "default");
        assertArrayEquals("60040120344321".toCharArray(), sim.cardFaceReader().readVerificationCodeB(R0),
                "taking the card out ends the steering");
    }

    @Test
    void noCardFaceNoCode() throws Exception {
        assertThrows(FaceUnavailableException.class, () -> sim.cardFaceReader().readVerificationCodeB(R0));
        for (String p : new String[] {"iphone", "android", "juki", "not-my-number"}) {
            sim.insert(R0, p);
            assertThrows(FaceUnavailableException.class, () -> sim.cardFaceReader().readVerificationCodeB(R0), p);
        }
        assertThrows(FaceUnavailableException.class, () -> sim.cardFaceReader().readVerificationCodeB("Nowhere"));
    }

    private static final java.util.List<byte[]> FRAMES = java.util.List.of(new byte[0]);
    private static final FaceMatch MATCH = new FaceMatch.Compared(SimulatedFaceMatcher.MATCH_DISTANCE,
            SimulatedFaceMatcher.THRESHOLD, org.madoguchi.driver.face.FaceLiveness.LIVE);
    private static final FaceMatch MISMATCH = new FaceMatch.Compared(SimulatedFaceMatcher.MISMATCH_DISTANCE,
            SimulatedFaceMatcher.THRESHOLD, org.madoguchi.driver.face.FaceLiveness.LIVE);

    @Test
    void notLiveIsTheSameFaceWithoutLife() throws Exception {
        sim.insert(R0, "default");
        sim.steerFace(R0, FaceOutcome.NOT_LIVE);
        assertEquals(new FaceMatch.Compared(SimulatedFaceMatcher.MATCH_DISTANCE, SimulatedFaceMatcher.THRESHOLD,
                org.madoguchi.driver.face.FaceLiveness.NOT_LIVE), sim.faceMatcher().compare(R0, new byte[0], FRAMES));
    }

    @Test
    void matcherScoresAndSteering() throws Exception {
        byte[] photo = new byte[] {0, 0, 0, 0x0C};
        sim.insert(R0, "default");
        assertEquals(MATCH, sim.faceMatcher().compare(R0, photo, FRAMES));
        sim.steerFace(R0, FaceOutcome.MISMATCH);
        assertEquals(MISMATCH, sim.faceMatcher().compare(R0, photo, FRAMES));
        assertEquals(MATCH, sim.faceMatcher().compare(R1, photo, FRAMES), "per reader");
        sim.steerFace(R0, FaceOutcome.NO_FACE);
        assertEquals(new FaceMatch.NoFaceInLive(), sim.faceMatcher().compare(R0, photo, FRAMES));
        sim.remove(R0);
        sim.insert(R0, "default");
        assertEquals(MATCH, sim.faceMatcher().compare(R0, photo, FRAMES));
        sim.steerFace(R1, FaceOutcome.MISMATCH); // steering an empty reader applies to the next card
        sim.insert(R1, "pin-blocked");
        assertEquals(MISMATCH, sim.faceMatcher().compare(R1, photo, FRAMES));
    }

    @Test
    void profileDefaultsAndErrors() throws Exception {
        sim.insert(R0, "not-my-number");
        assertEquals(new FaceMatch.NoFaceInLive(), sim.faceMatcher().compare(R0, new byte[0], FRAMES),
                "a card without a photo has no face to match");
        assertThrows(FaceUnavailableException.class, () -> sim.faceMatcher().compare("Nowhere", new byte[0], FRAMES));
        SimulationException e = assertThrows(SimulationException.class, () -> sim.steerFace("Nowhere", FaceOutcome.MATCH));
        assertEquals(SimulationException.Reason.UNKNOWN_READER, e.reason());
    }
}
