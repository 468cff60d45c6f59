package org.madoguchi.driver.face.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Detection and landmarks on the real test photos. */
class FaceDetectionTest {
    private static FaceEngine engine;

    @BeforeAll
    static void load() throws Exception {
        engine = FaceEngine.load();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    @Test
    void findsTheFaceInEveryAlignedPhoto() throws Exception {
        int photos = 0;
        for (List<String> files : TestFaces.johns().values()) {
            for (String f : files) {
                try (FaceImage img = engine.decode(TestFaces.bytes(f))) {
                    FaceSearch s = engine.findFace(img);
                    FaceBox box = s.chosen().orElseThrow(() -> new AssertionError("no face in " + f));
                    assertTrue(box.x() < 75 && box.right() > 75 && box.y() < 75 && box.bottom() > 75,
                            f + ": the box covers the centre");
                    photos++;
                }
            }
        }
        assertEquals(55, photos);
    }

    @Test
    void findsFacesInEverySceneAndDemoPhoto() throws Exception {
        String[] scenes = {"2007_007763", "2008_001009", "2008_001322", "2008_002079", "2008_002470", "2008_002506",
            "2008_004176", "2008_007676", "2009_004587", "Tom_Cruise_avp_2014_4", "bald_guys"};
        for (String s : scenes) {
            try (FaceImage img = engine.decode(TestFaces.bytes("dlib/faces/" + s + ".jpg"))) {
                assertTrue(engine.findFace(img).faceCount() >= 1, s);
            }
        }
        for (int i = 1; i <= 6; i++) {
            try (FaceImage img = engine.decode(TestFaces.bytes("face-api/sample" + i + ".jpg"))) {
                assertTrue(engine.findFace(img).faceCount() >= 1, "sample" + i);
            }
        }
    }

    @Test
    void theDetectorAloneMissesAFaceThatFillsTheFrameSoTheEngineRetriesWithAMargin() throws Exception {
        try (FaceImage img = engine.decode(TestFaces.bytes("dlib/johns/John_Simm/000300_00470148.jpg"))) {
            assertTrue(engine.detectIn(img, new NetInput.Crop(0, 0, img.width(), img.height()), 0.5).isEmpty());
            assertInstanceOf(FaceSearch.OneFace.class, engine.findFace(img));
        }
    }

    @Test
    void findsTheFaceInTheCardPhotoCondition() throws Exception {
        byte[] jp2 = CardPhotos.fromPhoto(TestFaces.bytes("dlib/johns/John_Savage/000264_01099001.jpg"));
        try (FaceImage img = engine.decode(jp2)) {
            assertEquals(CardPhotos.WIDTH, img.width());
            assertEquals(CardPhotos.HEIGHT, img.height());
            assertInstanceOf(FaceSearch.OneFace.class, engine.findFace(img));
        }
    }

    @Test
    void severalFacesAreCountedAndTheLargestIsChosen() throws Exception {
        try (FaceImage img = engine.decode(TestFaces.bytes("dlib/faces/2008_002506.jpg"))) {
            FaceSearch s = engine.findFace(img);
            FaceSearch.SeveralFaces several = assertInstanceOf(FaceSearch.SeveralFaces.class, s);
            List<FaceBox> all = engine.detect(img);
            assertEquals(all.size(), several.count());
            for (FaceBox b : all) {
                assertTrue(several.largest().area() >= b.area());
            }
        }
        try (FaceImage img = engine.decode(TestFaces.bytes("face-api/sample1.jpg"))) {
            assertTrue(engine.findFace(img).faceCount() >= 2, "face-api's group photo");
        }
    }

    @Test
    void aPlainImageHasNoFace() throws Exception {
        try (FaceImage img = engine.decode(TestImages.jpeg(TestImages.plain(640, 480, new Color(200, 190, 180))))) {
            assertInstanceOf(FaceSearch.NoFace.class, engine.findFace(img));
            assertInstanceOf(FaceAnalysis.NoFace.class, engine.analyze(img));
        }
    }

    @Test
    void landmarksSitWhereAFaceHasThem() throws Exception {
        try (FaceImage img = engine.decode(TestFaces.bytes("dlib/faces/Tom_Cruise_avp_2014_4.jpg"))) {
            FaceBox box = engine.findFace(img).chosen().orElseThrow();
            Landmarks68 lm = engine.landmarks(img, box);
            FacePoint leftEye = lm.centre(36, 42);
            FacePoint rightEye = lm.centre(42, 48);
            FacePoint nose = lm.point(30);
            FacePoint mouth = lm.centre(48, 68);
            assertTrue(leftEye.x() < nose.x() && nose.x() < rightEye.x(), "nose between the eyes");
            assertTrue(Math.max(leftEye.y(), rightEye.y()) < nose.y() && nose.y() < mouth.y(), "eyes, nose, mouth");
            for (FacePoint p : lm.points()) {
                assertTrue(p.x() > box.x() - box.width() * 0.2 && p.x() < box.right() + box.width() * 0.2
                        && p.y() > box.y() - box.height() * 0.2 && p.y() < box.bottom() + box.height() * 0.2);
            }
        }
    }
}
