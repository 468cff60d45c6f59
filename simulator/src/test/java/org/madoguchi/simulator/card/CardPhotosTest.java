package org.madoguchi.simulator.card;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.Optional;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.madoguchi.driver.card.CardLayout;
import org.madoguchi.driver.card.FacePhotoOutcome;
import org.madoguchi.driver.card.MyNumberCard;
import org.madoguchi.driver.card.Secret;
import org.madoguchi.driver.spi.Simulation;
import org.madoguchi.driver.spi.SimulationException;
import org.madoguchi.simulator.reader.InProcessSimulation;
import org.madoguchi.simulator.reader.SimulatedReaderBackend;

import com.github.jaiimageio.jpeg2000.impl.J2KImageReaderSpi;

/** A real photo on a simulated card: stored as the chip holds it, readable with 照合番号B, bounded. */
class CardPhotosTest {
    /** A drawn stand-in (no person): a light oval on a darker ground, as a PNG. */
    static byte[] png(int w, int h) throws Exception {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(60, 90, 120));
        g.fillRect(0, 0, w, h);
        g.setColor(new Color(230, 200, 180));
        g.fillOval(w / 4, h / 6, w / 2, h * 2 / 3);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    static BufferedImage decodeJp2(byte[] jp2) throws Exception {
        var reader = new J2KImageReaderSpi().createReaderInstance();
        try (var in = ImageIO.createImageInputStream(new ByteArrayInputStream(jp2))) {
            reader.setInput(in);
            return reader.read(0);
        } finally {
            reader.dispose();
        }
    }

    @Test
    void aPhotoBecomesAGreyscale200By250Jp2OfAFewKilobytes() throws Exception {
        byte[] jp2 = CardPhotos.toCardJp2(png(300, 400));
        assertArrayEquals(SyntheticImages.JP2_SIGNATURE, java.util.Arrays.copyOf(jp2, 12), "a JP2 file");
        assertTrue(jp2.length > 2_000 && jp2.length < 12_000, "about 6 KB: " + jp2.length);
        BufferedImage img = decodeJp2(jp2);
        assertEquals(200, img.getWidth());
        assertEquals(250, img.getHeight());
        Raster r = img.getRaster();
        assertEquals(1, r.getNumBands(), "greyscale");
        assertTrue(r.getSample(100, 125, 0) > 150, "the oval is light");
    }

    @Test
    void theCardGivesThePhotoBackAfterCodeBAndAPlainInsertKeepsThePlaceholder() throws Exception {
        byte[] photo = png(240, 320);
        try (InProcessSimulation sim = new InProcessSimulation(new SimulatedReaderBackend(1))) {
            String reader = sim.backend().readers().get(0).name();
            sim.insert(reader, "default", Optional.of(photo));
            assertTrue(sim.hasRealPhoto(reader));
            MyNumberCardSim card = sim.card(reader).orElseThrow();
            card.powerOn();
            MyNumberCard driver = new MyNumberCard(card::process, CardLayout.RSA_2016);
            try (Secret code = Secret.verificationCodeB("60040120344321".toCharArray())) {
                FacePhotoOutcome.Photo read = assertInstanceOf(FacePhotoOutcome.Photo.class, driver.readFacePhoto(code));
                assertEquals(200, decodeJp2(read.jp2()).getWidth());
            }
            sim.insert(reader, "default");
            assertFalse(sim.hasRealPhoto(reader), "a profile card keeps its placeholder");
        }
    }

    @Test
    void photosThatCannotBeUsedAreRefusedWithAReason() throws Exception {
        assertThrows(CardPhotos.PhotoException.class, () -> CardPhotos.toCardJp2(new byte[0]));
        assertThrows(CardPhotos.PhotoException.class, () -> CardPhotos.toCardJp2(new byte[] {1, 2, 3, 4, 5}));
        byte[] big = new byte[Simulation.MAX_PHOTO_BYTES + 1];
        big[0] = (byte) 0xFF;
        big[1] = (byte) 0xD8;
        big[2] = (byte) 0xFF;
        assertTrue(assertThrows(CardPhotos.PhotoException.class, () -> CardPhotos.toCardJp2(big)).getMessage()
                .contains("KiB"));
        assertTrue(assertThrows(CardPhotos.PhotoException.class, () -> CardPhotos.toCardJp2(png(20, 20))).getMessage()
                .contains("32"), "too small");
        byte[] broken = png(100, 100);
        java.util.Arrays.fill(broken, 40, broken.length, (byte) 7);
        assertThrows(CardPhotos.PhotoException.class, () -> CardPhotos.toCardJp2(broken));
        try (InProcessSimulation sim = new InProcessSimulation(new SimulatedReaderBackend(1))) {
            String reader = sim.backend().readers().get(0).name();
            SimulationException e = assertThrows(SimulationException.class,
                    () -> sim.insert(reader, "iphone", Optional.of(png(100, 100))));
            assertEquals(SimulationException.Reason.BAD_PHOTO, e.reason());
        }
    }
}
