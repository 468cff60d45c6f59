package org.madoguchi.driver.face.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Not a test: a step of {@code src/test/node/golden.mjs}. Decodes the golden images with this
 * engine's decoder and writes them as lossless PNG, so that the reference JavaScript sees exactly
 * the pixels the Java engine sees. Run with
 * {@code mvn -pl reader-driver test -Dtest=GoldenInputsWriter -Dface.goldenInputs=/some/dir}.
 */
@EnabledIfSystemProperty(named = "face.goldenInputs", matches = ".+")
class GoldenInputsWriter {
    static final String[] IMAGES = {
        "dlib/johns/John_Salley/000179_02159509.jpg",
        "dlib/johns/John_Simm/000300_00470148.jpg",
        "dlib/faces/Tom_Cruise_avp_2014_4.jpg",
        "dlib/faces/2008_002506.jpg",
        "face-api/sample1.jpg",
    };

    static String pngName(String image) {
        return image.replace('/', '_').replace(".jpg", ".png");
    }

    @Test
    void writePngs() throws Exception {
        Path out = Path.of(System.getProperty("face.goldenInputs"));
        Files.createDirectories(out);
        for (String name : IMAGES) {
            try (FaceImage img = ImageDecoder.decode(TestFaces.bytes(name), FaceEngineConfig.defaults())) {
                BufferedImage bi = new BufferedImage(img.width(), img.height(), BufferedImage.TYPE_3BYTE_BGR);
                int[] px = new int[img.width() * 3];
                for (int y = 0; y < img.height(); y++) {
                    for (int x = 0; x < img.width(); x++) {
                        for (int c = 0; c < 3; c++) {
                            px[x * 3 + c] = img.sample(x, y, c);
                        }
                    }
                    bi.getRaster().setPixels(0, y, img.width(), 1, px);
                }
                assertTrue(ImageIO.write(bi, "png", out.resolve(pngName(name)).toFile()));
            }
        }
    }
}
