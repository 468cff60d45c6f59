package org.madoguchi.simulator.card;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

import com.github.jaiimageio.jpeg2000.J2KImageWriteParam;
import com.github.jaiimageio.jpeg2000.impl.J2KImageWriterSpi;

import org.madoguchi.driver.spi.Simulation;

/**
 * Turns a JPEG or PNG photo into what a My Number card's chip holds: a greyscale portrait of 200×250
 * on a plain light background, lossy JPEG 2000 (JP2 file, 1 bit per pixel, about 6 KB). The photo
 * is scaled to fit the width, its upper part kept. Bounded: at most
 * {@link Simulation#MAX_PHOTO_BYTES} and {@value #MAX_SIDE} pixels a side, checked from the header
 * before any pixel is decoded.
 */
public final class CardPhotos {
    public static final int WIDTH = 200;
    public static final int HEIGHT = 250;
    static final int MAX_SIDE = 4096;
    private static final double BITS_PER_PIXEL = 1.0;

    private CardPhotos() {
    }

    /** A photo that cannot be used: its message says why (Japanese, then English), never its content. */
    public static final class PhotoException extends Exception {
        PhotoException(String message) {
            super(message);
        }
    }

    /** The card's JP2 for {@code photo} (JPEG or PNG). */
    public static byte[] toCardJp2(byte[] photo) throws PhotoException {
        BufferedImage src = decode(photo);
        BufferedImage grey = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        try {
            g.setColor(new Color(215, 215, 215));
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            int h = (int) Math.round((double) src.getHeight() * WIDTH / src.getWidth());
            g.drawImage(src, 0, Math.max(0, (HEIGHT - h) / 2), WIDTH, h, null);
        } finally {
            g.dispose();
        }
        try {
            return encode(grey);
        } catch (IOException | RuntimeException e) {
            throw new PhotoException("写真を JPEG 2000 にできません / cannot encode the photo as JPEG 2000");
        }
    }

    private static BufferedImage decode(byte[] photo) throws PhotoException {
        if (photo == null || photo.length == 0) {
            throw new PhotoException("写真が空です / the photo is empty");
        }
        if (photo.length > Simulation.MAX_PHOTO_BYTES) {
            throw new PhotoException("写真は " + Simulation.MAX_PHOTO_BYTES / 1024 + " KiB までです / the photo may be at most "
                    + Simulation.MAX_PHOTO_BYTES / 1024 + " KiB");
        }
        if (!jpeg(photo) && !png(photo)) {
            throw new PhotoException("写真は JPEG か PNG です / the photo must be a JPEG or PNG");
        }
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(photo))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new PhotoException("写真を読み取れません / the photo cannot be decoded");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int w = reader.getWidth(0);
                int h = reader.getHeight(0);
                if (w < 32 || h < 32 || w > MAX_SIDE || h > MAX_SIDE) {
                    throw new PhotoException("写真の大きさは 32〜" + MAX_SIDE + " 画素です / the photo must be 32 to "
                            + MAX_SIDE + " pixels a side");
                }
                return reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw new PhotoException("写真を読み取れません / the photo cannot be decoded");
        }
    }

    static boolean jpeg(byte[] b) {
        return b.length > 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF;
    }

    static boolean png(byte[] b) {
        byte[] sig = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
        return b.length > sig.length && Arrays.equals(b, 0, sig.length, sig, 0, sig.length);
    }

    private static byte[] encode(BufferedImage image) throws IOException {
        ImageWriter writer = new J2KImageWriterSpi().createWriterInstance();
        try {
            J2KImageWriteParam p = (J2KImageWriteParam) writer.getDefaultWriteParam();
            p.setLossless(false);
            p.setEncodingRate(BITS_PER_PIXEL);
            p.setWriteCodeStreamOnly(false);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(image, null, null), p);
            }
            return bytes.toByteArray();
        } finally {
            writer.dispose();
        }
    }
}
