package org.madoguchi.driver.face.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

/** One loaded engine serves several callers at once, and the thread count does not change a result. */
class ConcurrencyTest {
    private static final String[] PHOTOS = {
        "dlib/johns/John_Salley/000179_02159509.jpg", "dlib/johns/John_Simm/000300_00470148.jpg",
        "dlib/faces/Tom_Cruise_avp_2014_4.jpg", "dlib/faces/2008_002506.jpg"};

    private static float[] describe(FaceEngine engine, String photo) throws Exception {
        try (FaceImage img = engine.decode(TestFaces.bytes(photo));
                FaceDescriptor d = ((FaceAnalysis.Face) engine.analyze(img)).descriptor()) {
            return d.toArray();
        }
    }

    @Test
    void concurrentCallersGetTheSameDescriptorsAsASingleThreadedEngine() throws Exception {
        List<float[]> expected = new ArrayList<>();
        try (FaceEngine single = FaceEngine.load(FaceEngineConfig.defaults().withThreads(1))) {
            for (String p : PHOTOS) {
                expected.add(describe(single, p));
            }
        }
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try (FaceEngine shared = FaceEngine.load(FaceEngineConfig.defaults().withThreads(2))) {
            List<Future<float[]>> results = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                for (String p : PHOTOS) {
                    results.add(callers.submit(() -> describe(shared, p)));
                }
            }
            for (int i = 0; i < results.size(); i++) {
                assertArrayEquals(expected.get(i % PHOTOS.length), results.get(i).get(), 0f, PHOTOS[i % PHOTOS.length]);
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void aClosedEngineRefusesWork() throws Exception {
        FaceEngine engine = FaceEngine.load();
        FaceImage img = engine.decode(TestFaces.bytes(PHOTOS[2]));
        engine.close();
        assertThrows(IllegalStateException.class, () -> engine.detect(img));
        img.close();
        assertThrows(IllegalStateException.class, () -> NetInput.build(img, new NetInput.Crop(0, 0, 10, 10), true,
                LandmarkNet.INPUT_SIZE, LandmarkNet.MEAN_RGB));
    }
}
