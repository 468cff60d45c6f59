package org.madoguchi.driver.face.engine;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import javax.imageio.ImageIO;

/** Images made in the tests from the real photos: moved, tilted, plain; PNG/JPEG bytes. */
final class TestImages {
    private TestImages() {
    }

    static BufferedImage read(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] png(BufferedImage image) {
        return encode(image, "png");
    }

    static byte[] jpeg(BufferedImage image) {
        return encode(image, "jpeg");
    }

    private static byte[] encode(BufferedImage image, String format) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (!ImageIO.write(image, format, out)) {
                throw new IllegalStateException("no writer for " + format);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A plain image of one colour: no face. */
    static BufferedImage plain(int w, int h, Color colour) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }

    /**
     * The photo drawn into a {@code size}×{@code size} grey canvas through {@code transform}
     * (canvas ← photo), as a camera would see a printed photo held at another place or angle.
     */
    static BufferedImage onCanvas(BufferedImage photo, int size, AffineTransform transform) {
        BufferedImage img = plain(size, size, new Color(120, 120, 120));
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(photo, transform, null);
        g.dispose();
        return img;
    }

    /** Shift + rotation (degrees, about the photo's centre) + uniform scale, then the photo centred on a 400×400 canvas. */
    static AffineTransform moved(BufferedImage photo, double dx, double dy, double degrees, double scale) {
        AffineTransform t = new AffineTransform();
        t.translate(200 + dx, 200 + dy);
        t.rotate(Math.toRadians(degrees));
        t.scale(scale, scale);
        t.translate(-photo.getWidth() / 2.0, -photo.getHeight() / 2.0);
        return t;
    }

    /** The photo squeezed by {@code sx, sy} about its centre on a 400×400 canvas: a flat print turned or tilted away. */
    static AffineTransform squeezed(BufferedImage photo, double sx, double sy) {
        AffineTransform t = new AffineTransform();
        t.translate(200, 200);
        t.scale(1.3 * sx, 1.3 * sy);
        t.translate(-photo.getWidth() / 2.0, -photo.getHeight() / 2.0);
        return t;
    }
}
