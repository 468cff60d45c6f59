package org.madoguchi.daemon;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Real photos for the face-mode tests: dlib's {@code examples/johns} (five men, eleven aligned
 * 150×150 photos each), unpacked at build time from dlib's checked Debian source into
 * {@code target/face-test-data} (system property {@code face.testData}); never committed.
 */
final class RealFaces {
    /** John Salley's photos with the head turned left, ahead, right (a live head turn over a burst). */
    static final String[] SALLEY_TURNING = {"John_Salley/000189_02159361.jpg", "John_Salley/000179_02159509.jpg",
        "John_Salley/000198_02159470.jpg"};
    static final String SALLEY_CARD = "John_Salley/000192_02159531.jpg";
    /**
     * John Salley turning his head as the kiosk's camera sees it (each photo placed in a 640×480
     * scene): the nose between the jaw ends moves from −0.11 through 0.05 to 0.15 of the jaw width, a
     * span of 0.26 (the head-turn rule needs 0.12). The {@link #SALLEY_TURNING} photos turn only 0.10
     * in such a scene (0.27 as the bare 150×150 crops), so the fake camera uses these.
     */
    static final String[] SALLEY_CAMERA = {"John_Salley/000200_02159354.jpg", "John_Salley/000179_02159509.jpg",
        "John_Salley/000194_02159572.jpg"};
    static final String SIMM_CARD = "John_Simm/000306_00470222.jpg";

    private RealFaces() {
    }

    static Path root() {
        String dir = System.getProperty("face.testData");
        Path johns = dir == null ? null : Path.of(dir, "dlib", "johns");
        assertTrue(johns != null && Files.isDirectory(johns), "the real test faces are unpacked by the build into"
                + " reader-daemon/target/face-test-data (system property face.testData): run through Maven");
        return johns;
    }

    static byte[] bytes(String file) {
        try {
            return Files.readAllBytes(root().resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String base64(String file) {
        return Base64.getEncoder().encodeToString(bytes(file));
    }

    /** The five people's names, sorted. */
    static List<String> people() {
        try (Stream<Path> s = Files.list(root())) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One person's photo files (relative to the johns folder), sorted. */
    static List<String> photosOf(String person) {
        try (Stream<Path> s = Files.list(root().resolve(person))) {
            return s.map(p -> person + "/" + p.getFileName()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ArrayNode frames(String... files) {
        ArrayNode a = WsTestClient.JSON.createArrayNode();
        for (String f : files) {
            a.add(base64(f));
        }
        return a;
    }

    /** A {@code faceCapture} message with these frames (base64). */
    static ObjectNode capture(String session, List<String> framesBase64) {
        ObjectNode o = WsTestClient.JSON.createObjectNode().put("type", "faceCapture").put("session", session);
        ArrayNode a = o.putArray("frames");
        framesBase64.forEach(a::add);
        return o;
    }

    static List<String> base64All(String... files) {
        List<String> out = new ArrayList<>();
        for (String f : files) {
            out.add(base64(f));
        }
        return out;
    }

    /** A plain light-grey JPEG with no face in it. */
    static String emptyScene() {
        BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(200, 205, 210));
        g.fillRect(0, 0, 320, 240);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Base64.getEncoder().encodeToString(out.toByteArray());
    }
}
