package org.madoguchi.driver.face.engine;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import com.github.jaiimageio.jpeg2000.J2KImageWriteParam;
import com.github.jaiimageio.jpeg2000.impl.J2KImageWriterSpi;

/**
 * Makes the card-photo condition from a test photo: a 200×250 greyscale portrait on a plain light
 * background, encoded as lossy JPEG 2000 (JP2 file) with the JPEG 2000 library, as the photo on a
 * My Number card's chip is.
 */
final class CardPhotos {
    static final int WIDTH = 200;
    static final int HEIGHT = 250;
    /** Bits per pixel of the lossy encoding: about 6 KB for 200×250. */
    static final double BITS_PER_PIXEL = 1.0;

    private CardPhotos() {
    }

    static byte[] fromPhoto(byte[] jpeg) {
        try {
            BufferedImage src = ImageIO.read(new ByteArrayInputStream(jpeg));
            BufferedImage grey = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g = grey.createGraphics();
            g.setColor(new Color(215, 215, 215));
            g.fillRect(0, 0, WIDTH, HEIGHT);
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            int side = WIDTH;
            g.drawImage(src, 0, (HEIGHT - side) / 2, side, side, null);
            g.dispose();
            return encode(grey, BITS_PER_PIXEL);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] encode(BufferedImage image, double bitsPerPixel) throws IOException {
        ImageWriter writer = new J2KImageWriterSpi().createWriterInstance();
        try {
            J2KImageWriteParam p = (J2KImageWriteParam) writer.getDefaultWriteParam();
            p.setLossless(false);
            p.setEncodingRate(bitsPerPixel);
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
