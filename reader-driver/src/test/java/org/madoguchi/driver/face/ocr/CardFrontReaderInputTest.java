package org.madoguchi.driver.face.ocr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.zip.CRC32;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.madoguchi.driver.face.FaceUnavailableException;
import org.madoguchi.driver.face.ocr.CardFrontReading.Refusal;

/** Bad input gets a typed refusal, quickly; a missing engine is "unavailable", never a crash. */
class CardFrontReaderInputTest {
    private static CardFrontReader reader;

    @BeforeAll
    static void open() {
        try {
            reader = CardFrontReader.open();
        } catch (FaceUnavailableException e) {
            Assumptions.abort("Tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-jpn): " + e.getMessage());
        }
    }

    @AfterAll
    static void close() {
        if (reader != null) {
            reader.close();
        }
    }

    private static Refusal refusal(byte[] image) throws Exception {
        CardFrontReading r = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> reader.read(image));
        return assertInstanceOf(CardFrontReading.Refused.class, r).reason();
    }

    @Test
    void notAnImage() throws Exception {
        assertEquals(Refusal.NOT_AN_IMAGE, refusal(null));
        assertEquals(Refusal.NOT_AN_IMAGE, refusal(new byte[0]));
        assertEquals(Refusal.NOT_AN_IMAGE, refusal("GIF89a not a card".getBytes()));
        byte[] noise = new byte[4096];
        new Random(1).nextBytes(noise);
        assertEquals(Refusal.NOT_AN_IMAGE, refusal(noise));
        noise[0] = (byte) 0xFF;
        noise[1] = (byte) 0xD8; // a JPEG's first bytes, then garbage
        assertEquals(Refusal.NOT_AN_IMAGE, refusal(noise));
    }

    @Test
    void hugeImagesAreRefusedFromTheHeaderBeforeDecoding() throws Exception {
        assertEquals(Refusal.IMAGE_TOO_LARGE, refusal(pngHeader(5000, 5000)));
        assertEquals(Refusal.IMAGE_TOO_LARGE, refusal(pngHeader(100_000, 10)));
        assertEquals(Refusal.IMAGE_TOO_SMALL, refusal(png(new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB))));
    }

    @Test
    void imagesWithoutACardAreRefused() throws Exception {
        BufferedImage grey = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        assertEquals(Refusal.CARD_NOT_FOUND, refusal(png(grey)));
        BufferedImage noise = new BufferedImage(800, 600, BufferedImage.TYPE_INT_RGB);
        Random r = new Random(7);
        for (int y = 0; y < 600; y++) {
            for (int x = 0; x < 800; x++) {
                noise.setRGB(x, y, r.nextInt(0x1000000));
            }
        }
        Refusal n = refusal(png(noise));
        assertTrue(n == Refusal.CARD_NOT_FOUND || n == Refusal.UNREADABLE, n.toString());
    }

    @Test
    void missingLanguageDataIsUnavailableInJapaneseAndEnglish(@TempDir Path empty) throws Exception {
        Files.writeString(empty.resolve("README"), "no traineddata here");
        FaceUnavailableException e = assertThrows(FaceUnavailableException.class,
                () -> CardFrontReader.open(CardFrontReader.Options.defaults().withTessdata(empty)));
        assertTrue(e.getMessage().contains("tesseract-ocr-jpn") && e.getMessage().contains("データ"), e.getMessage());
    }

    @Test
    void aClosedReaderIsUnavailable() throws Exception {
        CardFrontReader other = CardFrontReader.open();
        other.close();
        BufferedImage grey = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
        grey.getGraphics().fillRect(100, 100, 428, 270);
        assertThrows(FaceUnavailableException.class, () -> other.read(png(grey)));
    }

    private static byte[] png(BufferedImage img) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** A PNG that claims {@code w × h} pixels and has no pixel data. */
    private static byte[] pngHeader(int w, int h) {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12);
        b.put(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        byte[] ihdr = ByteBuffer.allocate(17).put("IHDR".getBytes()).putInt(w).putInt(h)
                .put(new byte[] {8, 2, 0, 0, 0}).array();
        CRC32 crc = new CRC32();
        crc.update(ihdr);
        b.putInt(13).put(ihdr).putInt((int) crc.getValue());
        b.putInt(0).put("IEND".getBytes()).putInt(0xAE426082);
        return b.array();
    }
}
