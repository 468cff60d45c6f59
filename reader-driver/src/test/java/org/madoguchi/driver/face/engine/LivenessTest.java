package org.madoguchi.driver.face.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The landmark liveness check on frame sequences made from the real photos: a still photo repeated,
 * a printed photo moved about or tilted, and different photos of one person whose head is turned.
 */
class LivenessTest {
    private static FaceEngine engine;
    private static final LivenessPolicy POLICY = LivenessPolicy.defaults();

    static final String FRONTAL = "dlib/johns/John_Salley/000179_02159509.jpg";
    /** Photos of one person with the head turned to one side, frontal, and the other side (yaw −0.21, 0.03, 0.06). */
    static final String[] TURNING = {"dlib/johns/John_Salley/000189_02159361.jpg", FRONTAL,
        "dlib/johns/John_Salley/000198_02159470.jpg"};

    @BeforeAll
    static void load() throws Exception {
        engine = FaceEngine.load();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static Landmarks68 landmarks(byte[] bytes) throws FaceImageException {
        try (FaceImage img = engine.decode(bytes)) {
            return engine.landmarks(img, engine.findFace(img).chosen().orElseThrow());
        }
    }

    private static Landmarks68 landmarks(BufferedImage image) throws FaceImageException {
        return landmarks(TestImages.png(image));
    }

    @Test
    void aStillPhotoRepeatedIsStill() throws Exception {
        Landmarks68 lm = landmarks(TestFaces.bytes(FRONTAL));
        LivenessVerdict v = Liveness.evaluate(Collections.nCopies(5, lm), POLICY);
        assertEquals(LivenessVerdict.Outcome.STILL, v.outcome());
        assertFalse(v.live());
    }

    @Test
    void aPrintedPhotoMovedAboutShowsNoLiveSignal() throws Exception {
        BufferedImage photo = TestImages.read(TestFaces.bytes(FRONTAL));
        double[][] moves = {{0, 0, 0, 1.0}, {30, -10, 4, 1.1}, {-25, 15, -5, 0.9}, {10, 20, 8, 1.2}, {-15, -20, -3, 0.95}};
        List<Landmarks68> frames = new ArrayList<>();
        for (double[] m : moves) {
            frames.add(landmarks(TestImages.onCanvas(photo, 400, TestImages.moved(photo, m[0], m[1], m[2], m[3]))));
        }
        LivenessVerdict v = Liveness.evaluate(frames, POLICY);
        System.out.println("moved print: " + v);
        assertFalse(v.live(), v.toString());
        assertEquals(LivenessVerdict.Outcome.NO_LIVE_SIGNAL, v.outcome(), v.toString());
    }

    @Test
    void aPrintedPhotoTiltedOrTurnedShowsNoLiveSignal() throws Exception {
        BufferedImage photo = TestImages.read(TestFaces.bytes(FRONTAL));
        double[][] squeezes = {{1, 1}, {1, 0.8}, {1, 0.65}, {0.8, 1}, {0.65, 1}};
        List<Landmarks68> frames = new ArrayList<>();
        for (double[] s : squeezes) {
            AffineTransform t = TestImages.squeezed(photo, s[0], s[1]);
            frames.add(landmarks(TestImages.onCanvas(photo, 400, t)));
        }
        LivenessVerdict v = Liveness.evaluate(frames, POLICY);
        System.out.println("tilted print: " + v);
        assertFalse(v.live(), v.toString());
    }

    @Test
    void photosOfOnePersonTurningTheHeadAreLive() throws Exception {
        List<Landmarks68> frames = new ArrayList<>();
        for (String f : TURNING) {
            frames.add(landmarks(TestFaces.bytes(f)));
        }
        LivenessVerdict v = Liveness.evaluate(frames, POLICY);
        System.out.println("turning: " + v);
        assertEquals(LivenessVerdict.Outcome.LIVE_HEAD_TURN, v.outcome(), v.toString());
        assertTrue(v.turnSpan() >= POLICY.turnSpan());
    }

    @Test
    void tooFewFrames() throws Exception {
        Landmarks68 lm = landmarks(TestFaces.bytes(FRONTAL));
        assertEquals(LivenessVerdict.Outcome.TOO_FEW_FRAMES, Liveness.evaluate(List.of(lm, lm), POLICY).outcome());
    }

    /**
     * The test photos have no closed eyes, so the blink rule is checked on a real face's landmarks
     * with the lids moved: closing both eyes lowers both openness measures; squeezing the whole face
     * vertically (a tilted print) lowers only the aspect ratio and is not a blink.
     */
    @Test
    void closingTheLidsIsABlinkButSqueezingTheFaceIsNot() throws Exception {
        Landmarks68 open = landmarks(TestFaces.bytes(FRONTAL));
        Landmarks68 closed = closeLids(open, 0.2);
        LivenessVerdict blink = Liveness.evaluate(List.of(open, closed, open), POLICY);
        System.out.println("lids closed: " + blink);
        assertEquals(LivenessVerdict.Outcome.LIVE_BLINK, blink.outcome(), blink.toString());
        Landmarks68 squeezed = squeeze(open, 0.6);
        LivenessVerdict tilt = Liveness.evaluate(List.of(open, squeezed, open), POLICY);
        System.out.println("squeezed landmarks: " + tilt);
        assertFalse(tilt.live(), tilt.toString());
    }

    /** Moves each eye's lid points towards the line through its corners, keeping {@code keep} of the opening. */
    static Landmarks68 closeLids(Landmarks68 lm, double keep) {
        List<FacePoint> p = new ArrayList<>(lm.points());
        for (int eye = 36; eye < 48; eye += 6) {
            FacePoint a = p.get(eye);
            FacePoint b = p.get(eye + 3);
            for (int i : new int[] {eye + 1, eye + 2, eye + 4, eye + 5}) {
                FacePoint q = p.get(i);
                double t = ((q.x() - a.x()) * (b.x() - a.x()) + (q.y() - a.y()) * (b.y() - a.y()))
                        / Math.pow(a.distanceTo(b), 2);
                double fx = a.x() + t * (b.x() - a.x());
                double fy = a.y() + t * (b.y() - a.y());
                p.set(i, new FacePoint(fx + keep * (q.x() - fx), fy + keep * (q.y() - fy)));
            }
        }
        return new Landmarks68(p);
    }

    static Landmarks68 squeeze(Landmarks68 lm, double sy) {
        FacePoint c = lm.centre(0, 68);
        List<FacePoint> p = new ArrayList<>();
        for (FacePoint q : lm.points()) {
            p.add(new FacePoint(q.x(), c.y() + sy * (q.y() - c.y())));
        }
        return new Landmarks68(p);
    }
}
