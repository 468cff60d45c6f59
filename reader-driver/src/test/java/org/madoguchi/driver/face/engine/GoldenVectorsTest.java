package org.madoguchi.driver.face.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Java networks against the reference face-api.js + tfjs (CPU backend) on the same pixels:
 * {@code golden.json} was written by {@code src/test/node/golden.mjs}. The crops face-api fed to
 * the landmark and recognition nets are replayed exactly, so each network is compared on its own.
 */
class GoldenVectorsTest {
    /** Achieved when written: 2.8e-7 per descriptor component, 4.6e-7 per landmark, 1.9e-5 px per box. */
    static final double DESCRIPTOR_TOLERANCE = 1e-5;
    static final double LANDMARK_TOLERANCE = 1e-5; // fraction of the crop
    static final double BOX_TOLERANCE = 1e-3; // pixels
    static final double SCORE_TOLERANCE = 1e-5;

    private static FaceNetworks nets;
    private static Parallel par;
    private static JsonNode golden;

    @BeforeAll
    static void load() throws Exception {
        nets = FaceNetworks.load(ModelSource.classpath());
        par = new Parallel(2);
        try (InputStream in = GoldenVectorsTest.class.getResourceAsStream("golden.json")) {
            golden = new ObjectMapper().readTree(in);
        }
    }

    @AfterAll
    static void close() {
        par.close();
    }

    @Test
    void networksAgreeWithTheReference() throws Exception {
        double maxDesc = 0;
        double maxLm = 0;
        double maxBox = 0;
        double maxScore = 0;
        int descriptors = 0;
        for (JsonNode im : golden.get("images")) {
            String name = im.get("name").asText();
            try (FaceImage img = ImageDecoder.decode(TestFaces.bytes(name), FaceEngineConfig.defaults())) {
                String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(img.rgb()));
                assertEquals(im.get("rgbSha256").asText(), sha, name + ": this JDK decodes the JPEG differently");
                List<TinyFaceDetectorNet.Relative> dets = detect(img);
                assertEquals(im.get("detections").size(), dets.size(), name + ": detection count");
                for (int i = 0; i < dets.size(); i++) {
                    JsonNode g = im.get("detections").get(i);
                    TinyFaceDetectorNet.Relative d = dets.get(i);
                    maxBox = Math.max(maxBox, Math.abs(d.x() * img.width() - g.get("x").asDouble()));
                    maxBox = Math.max(maxBox, Math.abs(d.y() * img.height() - g.get("y").asDouble()));
                    maxBox = Math.max(maxBox, Math.abs(d.width() * img.width() - g.get("width").asDouble()));
                    maxBox = Math.max(maxBox, Math.abs(d.height() * img.height() - g.get("height").asDouble()));
                    maxScore = Math.max(maxScore, Math.abs(d.score() - g.get("score").asDouble()));
                }
                for (JsonNode face : im.get("faces")) {
                    maxLm = Math.max(maxLm, landmarkError(img, crop(face.get("landmarkCrop")),
                            face.get("landmarksRelative")));
                    maxDesc = Math.max(maxDesc, descriptorError(img, crop(face.get("descriptorCrop")),
                            face.get("descriptor")));
                    descriptors++;
                }
                NetInput.Crop all = new NetInput.Crop(0, 0, img.width(), img.height());
                maxLm = Math.max(maxLm, landmarkError(img, all, im.get("whole").get("landmarksRelative")));
                maxDesc = Math.max(maxDesc, descriptorError(img, all, im.get("whole").get("descriptor")));
                descriptors++;
            }
        }
        System.out.printf(Locale.ROOT, "golden: %d descriptors, max |Δ| descriptor %.3g, landmark %.3g, box %.3g px,"
                + " score %.3g%n", descriptors, maxDesc, maxLm, maxBox, maxScore);
        assertTrue(maxDesc <= DESCRIPTOR_TOLERANCE, "descriptor error " + maxDesc);
        assertTrue(maxLm <= LANDMARK_TOLERANCE, "landmark error " + maxLm);
        assertTrue(maxBox <= BOX_TOLERANCE, "box error " + maxBox);
        assertTrue(maxScore <= SCORE_TOLERANCE, "score error " + maxScore);
    }

    private static List<TinyFaceDetectorNet.Relative> detect(FaceImage img) {
        Tensor in = NetInput.build(img, new NetInput.Crop(0, 0, img.width(), img.height()), false,
                TinyFaceDetectorNet.INPUT_SIZE, TinyFaceDetectorNet.MEAN_RGB);
        Tensor out = nets.detector.forward(in, par);
        return TinyFaceDetectorNet.decode(out, img.width(), img.height(), 0.5);
    }

    private static double landmarkError(FaceImage img, NetInput.Crop crop, JsonNode expected) {
        Tensor in = NetInput.build(img, crop, true, LandmarkNet.INPUT_SIZE, LandmarkNet.MEAN_RGB);
        double[] rel = LandmarkNet.relativeToCrop(nets.landmarks.forward(in, par), crop.width(), crop.height());
        double max = 0;
        for (int i = 0; i < rel.length; i++) {
            max = Math.max(max, Math.abs(rel[i] - expected.get(i).asDouble()));
        }
        return max;
    }

    private static double descriptorError(FaceImage img, NetInput.Crop crop, JsonNode expected) {
        Tensor in = NetInput.build(img, crop, true, RecognitionNet.INPUT_SIZE, RecognitionNet.MEAN_RGB);
        float[] d = nets.recognition.forward(in, par);
        double max = 0;
        for (int i = 0; i < d.length; i++) {
            max = Math.max(max, Math.abs(d[i] - expected.get(i).asDouble()));
        }
        return max;
    }

    private static NetInput.Crop crop(JsonNode c) {
        return new NetInput.Crop(c.get("x").asInt(), c.get("y").asInt(), c.get("width").asInt(),
                c.get("height").asInt());
    }
}
