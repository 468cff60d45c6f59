package org.madoguchi.driver.face.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

@EnabledIfSystemProperty(named = "scratch", matches = ".+")
class ScratchTimingTest {
    @Test
    void time() throws Exception {
        FaceNetworks nets = FaceNetworks.load(ModelSource.classpath());
        int threads = Integer.getInteger("scratch.threads", 2);
        try (Parallel par = new Parallel(threads);
                FaceImage img = ImageDecoder.decode(TestFaces.bytes("dlib/faces/2008_002506.jpg"), FaceEngineConfig.defaults())) {
            NetInput.Crop all = new NetInput.Crop(0, 0, img.width(), img.height());
            for (int round = 0; round < 40; round++) {
                long t0 = System.nanoTime();
                Tensor in = NetInput.build(img, all, false, 416, TinyFaceDetectorNet.MEAN_RGB);
                long t1 = System.nanoTime();
                nets.detector.forward(in, par);
                long t2 = System.nanoTime();
                Tensor lin = NetInput.build(img, new NetInput.Crop(322, 84, 132, 121), true, 112, LandmarkNet.MEAN_RGB);
                nets.landmarks.forward(lin, par);
                long t3 = System.nanoTime();
                Tensor rin = NetInput.build(img, new NetInput.Crop(322, 84, 132, 121), true, 150, RecognitionNet.MEAN_RGB);
                nets.recognition.forward(rin, par);
                long t4 = System.nanoTime();
                if (round % 5 == 4) {
                    System.out.printf("threads %d: prep %.1f det %.1f lm %.1f desc %.1f ms%n", threads, (t1 - t0) / 1e6,
                            (t2 - t1) / 1e6, (t3 - t2) / 1e6, (t4 - t3) / 1e6);
                }
            }
        }
    }
}
