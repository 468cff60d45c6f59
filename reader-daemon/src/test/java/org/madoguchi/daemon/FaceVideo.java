package org.madoguchi.daemon;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

/**
 * A fake camera video for Chromium ({@code --use-file-for-fake-video-capture}) made at test time from
 * real photos of one person (never committed): each photo is held for a few frames on a plain
 * background, so that the kiosk's burst sees the head turn as a camera would. Y4M, 4:2:0, full range.
 */
final class FaceVideo {
    static final int W = 640;
    static final int H = 480;
    static final int FPS = 30;

    private FaceVideo() {
    }

    /**
     * Writes {@code target/NAME.y4m}: the photos in order, {@code framesEach[i]} frames for photo i.
     */
    static Path make(String name, String[] photos, int[] framesEach) throws IOException {
        Path f = Path.of("target", name + ".y4m").toAbsolutePath();
        Files.createDirectories(f.getParent());
        try (OutputStream out = Files.newOutputStream(f)) {
            out.write(("YUV4MPEG2 W" + W + " H" + H + " F" + FPS + ":1 Ip A1:1 C420jpeg\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (int i = 0; i < photos.length; i++) {
                byte[] frame = yuv(scene(RealFaces.bytes(photos[i])));
                for (int k = 0; k < framesEach[i]; k++) {
                    out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                    out.write(frame);
                }
            }
        }
        return f;
    }

    /** The photo, 360 px square, in the middle of a light wall. */
    static BufferedImage scene(byte[] jpeg) throws IOException {
        BufferedImage photo = ImageIO.read(new ByteArrayInputStream(jpeg));
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(226, 224, 218));
        g.fillRect(0, 0, W, H);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(photo, (W - 360) / 2, (H - 360) / 2, 360, 360, null);
        g.dispose();
        return img;
    }

    static byte[] yuv(BufferedImage img) {
        byte[] out = new byte[W * H * 3 / 2];
        int cb = W * H;
        int cr = cb + W * H / 4;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int rgb = img.getRGB(x, y);
                int r = (rgb >> 16) & 0xFF;
                int gr = (rgb >> 8) & 0xFF;
                int b = rgb & 0xFF;
                out[y * W + x] = (byte) clamp(0.299 * r + 0.587 * gr + 0.114 * b);
            }
        }
        for (int y = 0; y < H; y += 2) {
            for (int x = 0; x < W; x += 2) {
                double u = 0;
                double v = 0;
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        int rgb = img.getRGB(x + dx, y + dy);
                        int r = (rgb >> 16) & 0xFF;
                        int gr = (rgb >> 8) & 0xFF;
                        int b = rgb & 0xFF;
                        u += 128 - 0.168736 * r - 0.331264 * gr + 0.5 * b;
                        v += 128 + 0.5 * r - 0.418688 * gr - 0.081312 * b;
                    }
                }
                int at = (y / 2) * (W / 2) + x / 2;
                out[cb + at] = (byte) clamp(u / 4);
                out[cr + at] = (byte) clamp(v / 4);
            }
        }
        return out;
    }

    private static int clamp(double v) {
        return (int) Math.max(0, Math.min(255, Math.round(v)));
    }
}
