package org.madoguchi.daemon;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.madoguchi.simulator.cardfront.CardFront;
import org.madoguchi.simulator.cardfront.CardFrontRenderer;

/**
 * A fake camera video for Chromium made at test time: the simulated card's front held up to the camera
 * (rendered, slightly turned, on a dark background), then nothing, then a person's face, in segments that
 * Chromium loops. A coloured square in the top-left corner says which segment is showing, so that a test
 * can wait for the face before it presses the shutter: blue for the card, green for nothing, red for the
 * face. 640 × 480 (the kiosk's camera), 10 frames a second (the head turn of {@link RealFaces#SALLEY_CAMERA}
 * still spans each burst), Y4M like {@link FaceVideo}.
 */
final class CardFrontVideo {
    static final int W = FaceVideo.W;
    static final int H = FaceVideo.H;
    static final int FPS = 10;
    static final Color CARD = new Color(0, 0, 255);
    static final Color NOTHING = new Color(0, 255, 0);
    static final Color FACE = new Color(255, 0, 0);

    private final List<byte[]> frames = new ArrayList<>();

    /** {@code seconds} of the card front, held a little unsteadily (a new tilt every half second). */
    CardFrontVideo card(CardFront front, double seconds) {
        CardFrontRenderer renderer = CardFrontRenderer.create();
        SplittableRandom r = new SplittableRandom(front.hashCode());
        int n = (int) Math.round(seconds * FPS);
        byte[] frame = null;
        for (int i = 0; i < n; i++) {
            if (i % (FPS / 2) == 0) {
                frame = FaceVideo.yuv(marked(cardScene(renderer, front, -3 + 6 * r.nextDouble(), r), CARD));
            }
            frames.add(frame);
        }
        return this;
    }

    /** {@code seconds} of a dark, empty desk. */
    CardFrontVideo nothing(double seconds) {
        BufferedImage img = background(new SplittableRandom(1));
        byte[] frame = FaceVideo.yuv(marked(img, NOTHING));
        for (int i = 0; i < Math.round(seconds * FPS); i++) {
            frames.add(frame);
        }
        return this;
    }

    /** The head turn of {@link RealFaces#SALLEY_CAMERA} (1.2 s), {@code turns} times. */
    CardFrontVideo face(int turns) throws IOException {
        String[] photos = {RealFaces.SALLEY_CAMERA[0], RealFaces.SALLEY_CAMERA[1], RealFaces.SALLEY_CAMERA[2],
            RealFaces.SALLEY_CAMERA[1]};
        int[] each = {4, 2, 4, 2};
        List<byte[]> turn = new ArrayList<>();
        for (int i = 0; i < photos.length; i++) {
            byte[] frame = FaceVideo.yuv(marked(FaceVideo.scene(RealFaces.bytes(photos[i])), FACE));
            for (int k = 0; k < each[i]; k++) {
                turn.add(frame);
            }
        }
        for (int t = 0; t < turns; t++) {
            frames.addAll(turn);
        }
        return this;
    }

    /** Writes {@code target/NAME.y4m}. */
    Path write(String name) throws IOException {
        Path f = Path.of("target", name + ".y4m").toAbsolutePath();
        Files.createDirectories(f.getParent());
        try (OutputStream out = Files.newOutputStream(f)) {
            out.write(("YUV4MPEG2 W" + W + " H" + H + " F" + FPS + ":1 Ip A1:1 C420jpeg\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (byte[] frame : frames) {
                out.write("FRAME\n".getBytes(StandardCharsets.US_ASCII));
                out.write(frame);
            }
        }
        return f;
    }

    /** The card about 85 % of the frame's width, turned by {@code degrees}, over a dark desk. */
    private static BufferedImage cardScene(CardFrontRenderer renderer, CardFront front, double degrees,
            SplittableRandom r) {
        double cardW = W * 0.85;
        BufferedImage card = renderer.render(front, cardW / 85.6, 7);
        BufferedImage img = background(r);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        AffineTransform t = new AffineTransform();
        t.translate(W / 2.0 + (r.nextDouble() - 0.5) * 10, H / 2.0 + (r.nextDouble() - 0.5) * 10);
        t.rotate(Math.toRadians(degrees));
        t.translate(-card.getWidth() / 2.0, -card.getHeight() / 2.0);
        g.drawImage(card, t, null);
        g.dispose();
        return img;
    }

    private static BufferedImage background(SplittableRandom r) {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(38, 40, 46));
        g.fillRect(0, 0, W, H);
        for (int i = 0; i < 400; i++) { // a little texture, as a desk or mat has
            int v = 30 + r.nextInt(20);
            g.setColor(new Color(v, v + 2, v + 6));
            g.fillRect(r.nextInt(W), r.nextInt(H), 2 + r.nextInt(6), 2 + r.nextInt(6));
        }
        g.dispose();
        return img;
    }

    private static BufferedImage marked(BufferedImage img, Color marker) {
        Graphics2D g = img.createGraphics();
        g.setColor(marker);
        g.fillRect(0, 0, 24, 24);
        g.dispose();
        return img;
    }
}
