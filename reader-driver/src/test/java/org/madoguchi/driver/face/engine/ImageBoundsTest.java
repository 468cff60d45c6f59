package org.madoguchi.driver.face.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;
import java.util.zip.CRC32;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every bad input is a typed {@link FaceImageException}, quickly, without an OOM or a hang. */
class ImageBoundsTest {
    private static FaceEngine engine;

    @BeforeAll
    static void load() throws Exception {
        engine = FaceEngine.load();
    }

    @AfterAll
    static void close() {
        engine.close();
    }

    private static FaceImageException.Kind refused(byte[] bytes) {
        return assertThrows(FaceImageException.class, () -> engine.decode(bytes).close()).kind();
    }

    @Test
    void emptyBytes() {
        assertEquals(FaceImageException.Kind.EMPTY, refused(new byte[0]));
    }

    @Test
    void aMebibyteOfBase64NoiseIsRefusedAtOnce() {
        byte[] noise = new byte[768 * 1024];
        new Random(7).nextBytes(noise);
        byte[] base64 = Base64.getEncoder().encode(noise);
        assertEquals(1024 * 1024, base64.length);
        assertTimeoutPreemptively(Duration.ofMillis(500), () -> {
            assertEquals(FaceImageException.Kind.UNSUPPORTED_FORMAT, refused(base64));
            assertEquals(FaceImageException.Kind.UNSUPPORTED_FORMAT, refused(noise));
        });
    }

    @Test
    void noiseBehindAJpegOrJpeg2000SignatureIsUndecodable() {
        byte[] noise = new byte[1024 * 1024];
        new Random(8).nextBytes(noise);
        for (byte[] sig : new byte[][] {{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF}, {(byte) 0xFF, 0x4F, (byte) 0xFF, 0x51},
            {0, 0, 0, 0x0C, 0x6A, 0x50, 0x20, 0x20, 0x0D, 0x0A, (byte) 0x87, 0x0A}}) {
            byte[] b = noise.clone();
            System.arraycopy(sig, 0, b, 0, sig.length);
            assertTimeoutPreemptively(Duration.ofSeconds(5), () -> assertTrue(
                    refused(b) != null));
        }
    }

    @Test
    void tooManyBytes() throws Exception {
        byte[] jpeg = TestFaces.bytes("dlib/faces/2008_002506.jpg");
        FaceEngineConfig small = new FaceEngineConfig(4096, 4096L * 4096, 1600, 0.5, 0.55, 1);
        try (FaceEngine e = FaceEngine.load(small)) {
            assertEquals(FaceImageException.Kind.TOO_MANY_BYTES,
                    assertThrows(FaceImageException.class, () -> e.decode(jpeg)).kind());
        }
    }

    @Test
    void aPngHeaderClaimingHugeDimensionsIsRefusedBeforeDecoding() {
        ByteBuffer b = ByteBuffer.allocate(8 + 25 + 12);
        b.put(new byte[] {(byte) 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A});
        b.putInt(13);
        int crcFrom = b.position();
        b.put("IHDR".getBytes(StandardCharsets.US_ASCII)).putInt(100_000).putInt(100_000)
                .put(new byte[] {8, 2, 0, 0, 0});
        CRC32 crc = new CRC32();
        crc.update(b.array(), crcFrom, 17);
        b.putInt((int) crc.getValue());
        b.putInt(0).put("IEND".getBytes(StandardCharsets.US_ASCII)).putInt(0xAE426082);
        assertEquals(FaceImageException.Kind.TOO_MANY_PIXELS, refused(b.array()));
    }

    @Test
    void aJpegWhoseFrameHeaderClaimsHugeDimensionsIsRefused() {
        byte[] jpeg = TestFaces.bytes("dlib/faces/2008_002506.jpg").clone();
        int sof = indexOf(jpeg, new byte[] {(byte) 0xFF, (byte) 0xC0});
        assertTrue(sof > 0);
        jpeg[sof + 5] = (byte) 0xEA; // height 60000
        jpeg[sof + 6] = (byte) 0x60;
        jpeg[sof + 7] = (byte) 0xEA; // width 60000
        jpeg[sof + 8] = (byte) 0x60;
        assertEquals(FaceImageException.Kind.TOO_MANY_PIXELS, refused(jpeg));
    }

    @Test
    void aJpeg2000WhoseHeaderClaimsHugeDimensionsIsRefused() {
        byte[] jp2 = CardPhotos.fromPhoto(TestFaces.bytes("dlib/johns/John_Simm/000300_00470148.jpg"));
        int ihdr = indexOf(jp2, "ihdr".getBytes(StandardCharsets.US_ASCII));
        assertTrue(ihdr > 0);
        ByteBuffer.wrap(jp2, ihdr + 4, 8).putInt(50_000).putInt(50_000);
        int siz = indexOf(jp2, new byte[] {(byte) 0xFF, 0x4F, (byte) 0xFF, 0x51}) + 2; // SOC, then SIZ
        ByteBuffer.wrap(jp2, siz + 6, 8).putInt(50_000).putInt(50_000); // Xsiz, Ysiz
        FaceImageException.Kind kind = refused(jp2);
        assertTrue(kind == FaceImageException.Kind.TOO_MANY_PIXELS || kind == FaceImageException.Kind.UNDECODABLE,
                kind.toString());
    }

    @Test
    void aTinyImageIsTooSmall() {
        assertEquals(FaceImageException.Kind.TOO_SMALL,
                refused(TestImages.png(new BufferedImage(16, 16, BufferedImage.TYPE_3BYTE_BGR))));
    }

    @Test
    void aBufferedImageOverThePixelBoundIsRefused() throws Exception {
        try (FaceEngine e = FaceEngine.load(FaceEngineConfig.defaults().withMaxPixels(100 * 100))) {
            assertEquals(FaceImageException.Kind.TOO_MANY_PIXELS, assertThrows(FaceImageException.class,
                    () -> e.image(new BufferedImage(200, 200, BufferedImage.TYPE_BYTE_GRAY))).kind());
        }
    }

    @Test
    void aLargeImageIsSubsampledWhileDecoding() throws Exception {
        byte[] big = TestImages.jpeg(new BufferedImage(4000, 3000, BufferedImage.TYPE_3BYTE_BGR));
        try (FaceImage img = engine.decode(big)) {
            assertTrue(Math.max(img.width(), img.height()) <= engine.config().workingSize());
        }
    }

    /** Random corruptions of a real JPEG and a real JPEG 2000: each is decoded or refused, never anything else. */
    @Test
    void corruptedImagesAreDecodedOrRefusedQuickly() {
        byte[] jpeg = TestFaces.bytes("dlib/johns/John_Salley/000179_02159509.jpg");
        byte[] jp2 = CardPhotos.fromPhoto(jpeg);
        Random random = new Random(42);
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            for (int i = 0; i < 150; i++) {
                byte[] b = (i % 2 == 0 ? jpeg : jp2).clone();
                int edits = 1 + random.nextInt(8);
                for (int e = 0; e < edits; e++) {
                    int at = 12 + random.nextInt(b.length - 12); // keep the signature
                    b[at] = (byte) random.nextInt(256);
                }
                if (random.nextInt(4) == 0) {
                    b = java.util.Arrays.copyOf(b, 16 + random.nextInt(b.length - 16));
                }
                try (FaceImage img = engine.decode(b)) {
                    engine.analyze(img);
                } catch (FaceImageException expected) {
                    // typed refusal
                }
            }
        });
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        for (int i = 0; i + needle.length <= hay.length; i++) {
            boolean match = true;
            for (int j = 0; j < needle.length && match; j++) {
                match = hay[i + j] == needle[j];
            }
            if (match) {
                return i;
            }
        }
        return -1;
    }
}
