package org.madoguchi.simulator.cardfront;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Takes a simulated "camera photograph" of a rendered card front, deterministically from a seed: the
 * card somewhere on a dark tray or desk, rotated and tilted (a projective warp), then lit, blurred,
 * glared, noised and JPEG-compressed according to a {@link PhotoCondition}.
 */
public final class CardPhotographer {
    private final CardFrontRenderer renderer;

    public CardPhotographer(CardFrontRenderer renderer) {
        this.renderer = renderer;
    }

    /** A JPEG photograph of {@code card} under {@code condition}; the same seed gives the same bytes. */
    public byte[] photograph(CardFront card, PhotoCondition condition, long seed) {
        return jpeg(photographImage(card, condition, seed), 60 + new SplittableRandom(seed ^ 77).nextInt(33));
    }

    /** The same photograph before JPEG compression. */
    public BufferedImage photographImage(CardFront card, PhotoCondition condition, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        boolean small = condition == PhotoCondition.LOW_RES;
        int fw = small ? 800 : (r.nextBoolean() ? 1280 : 1600);
        int fh = small ? 600 : fw * 3 / 4;
        double cardFraction = small ? 0.50 + 0.12 * r.nextDouble() : 0.50 + 0.30 * r.nextDouble();
        double cardW = fw * cardFraction;
        double pxPerMm = Math.min(20, cardW / CardFrontLayout.WIDTH_MM * 1.4);
        BufferedImage face = renderer.render(card, pxPerMm, seed);

        double angle = switch (condition) {
            case ROTATION -> Math.toRadians(-35 + 70 * r.nextDouble()) + (r.nextInt(4) == 0 ? Math.PI : 0);
            default -> Math.toRadians(-8 + 16 * r.nextDouble());
        };
        double tilt = condition == PhotoCondition.PERSPECTIVE ? 0.12 : 0.03;
        double cardH = cardW * CardFrontLayout.HEIGHT_MM / CardFrontLayout.WIDTH_MM;
        double reach = Math.hypot(cardW, cardH) / 2 * 1.05;
        double cx = reach + r.nextDouble() * Math.max(1, fw - 2 * reach);
        double cy = reach * 0.7 + r.nextDouble() * Math.max(1, fh - 1.4 * reach);
        cx = Math.max(cardW * 0.55, Math.min(fw - cardW * 0.55, cx));
        cy = Math.max(cardW * 0.55, Math.min(fh - cardW * 0.55, cy));
        double[] corners = new double[8];
        double[][] unit = {{-0.5, -0.5}, {0.5, -0.5}, {0.5, 0.5}, {-0.5, 0.5}};
        for (int i = 0; i < 4; i++) {
            double ux = unit[i][0] * cardW;
            double uy = unit[i][1] * cardH;
            corners[2 * i] = cx + ux * Math.cos(angle) - uy * Math.sin(angle) + (r.nextDouble() - 0.5) * 2 * tilt * cardW;
            corners[2 * i + 1] = cy + ux * Math.sin(angle) + uy * Math.cos(angle) + (r.nextDouble() - 0.5) * 2 * tilt * cardH;
        }
        float[][] rgb = Scene.background(fw, fh, r);
        Scene.place(rgb, fw, fh, face, corners);
        Scene.light(rgb, fw, fh, condition == PhotoCondition.LOW_LIGHT ? 0.25 + 0.25 * r.nextDouble()
                : 0.85 + 0.25 * r.nextDouble(), r);
        if (condition == PhotoCondition.GLARE) {
            double gx = corners[0] + (corners[4] - corners[0]) * (0.15 + 0.7 * r.nextDouble());
            double gy = corners[1] + (corners[5] - corners[1]) * (0.15 + 0.7 * r.nextDouble());
            Scene.glare(rgb, fw, fh, gx, gy, cardW * (0.10 + 0.15 * r.nextDouble()), 0.45 + 0.4 * r.nextDouble());
        }
        double sigma = switch (condition) {
            case BLUR -> 1.0 + 1.2 * r.nextDouble();
            case LOW_RES -> 0.4 + 0.4 * r.nextDouble();
            default -> 0.3 + 0.4 * r.nextDouble();
        };
        Scene.blur(rgb, fw, fh, sigma);
        double noise = switch (condition) {
            case NOISE -> 10 + 10 * r.nextDouble();
            case LOW_LIGHT -> 4 + 4 * r.nextDouble();
            default -> 1 + 3 * r.nextDouble();
        };
        Scene.noise(rgb, noise, r);
        return Scene.toImage(rgb, fw, fh);
    }

    static byte[] jpeg(BufferedImage img, int quality) {
        ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
            w.setOutput(ios);
            ImageWriteParam p = w.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(quality / 100f);
            w.write(null, new IIOImage(img, null, null), p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            w.dispose();
        }
        return out.toByteArray();
    }
}
