package org.madoguchi.benchmarks;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import com.github.jaiimageio.jpeg2000.J2KImageWriteParam;
import com.github.jaiimageio.jpeg2000.impl.J2KImageWriterSpi;

/**
 * The benchmark's photos: those reader-driver's build fetched (pinned, checksummed) into
 * {@code reader-driver/target/face-test-data}, and card photos made from them (200×250 grey JPEG
 * 2000, 1 bit per pixel, as reader-driver's tests make them).
 */
final class FaceBenchData {
    private final Path root;

    FaceBenchData(Path root) {
        if (!Files.isDirectory(root.resolve("dlib/johns"))) {
            throw new IllegalArgumentException("no test photos under " + root
                    + ": build reader-driver first (mvn -pl reader-driver -am test-compile fetches them)");
        }
        this.root = root;
    }

    /** Person → photo bytes, dlib's examples/johns (5 people × 11 aligned photos). */
    Map<String, List<byte[]>> johns() throws IOException {
        Map<String, List<byte[]>> out = new TreeMap<>();
        try (Stream<Path> dirs = Files.list(root.resolve("dlib/johns"))) {
            for (Path dir : dirs.sorted().toList()) {
                List<byte[]> photos = new ArrayList<>();
                try (Stream<Path> files = Files.list(dir)) {
                    for (Path f : files.sorted().toList()) {
                        photos.add(Files.readAllBytes(f));
                    }
                }
                out.put(dir.getFileName().toString(), photos);
            }
        }
        return out;
    }

    /**
     * Scene photos with people who are none of the johns: dlib's examples/faces (without dogs.jpg, in
     * which the detector finds a dog's face) and face-api's demo photos.
     */
    List<byte[]> others() throws IOException {
        List<byte[]> out = new ArrayList<>();
        for (String dir : new String[] {"dlib/faces", "face-api"}) {
            try (Stream<Path> files = Files.list(root.resolve(dir))) {
                for (Path f : files.filter(p -> p.toString().endsWith(".jpg") && !p.endsWith("dogs.jpg")).sorted()
                        .toList()) {
                    out.add(Files.readAllBytes(f));
                }
            }
        }
        return out;
    }

    /** dlib's examples/faces scene photos (about 500×375, one to several faces): live-frame stand-ins. */
    List<byte[]> scenes() throws IOException {
        List<byte[]> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(root.resolve("dlib/faces"))) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("20")).sorted().toList()) {
                out.add(Files.readAllBytes(f));
            }
        }
        return out;
    }

    static byte[] cardPhoto(byte[] jpeg) throws IOException {
        BufferedImage src = ImageIO.read(new ByteArrayInputStream(jpeg));
        BufferedImage grey = new BufferedImage(200, 250, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = grey.createGraphics();
        g.setColor(new Color(215, 215, 215));
        g.fillRect(0, 0, 200, 250);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(src, 0, 25, 200, 200, null);
        g.dispose();
        ImageWriter writer = new J2KImageWriterSpi().createWriterInstance();
        try {
            J2KImageWriteParam p = (J2KImageWriteParam) writer.getDefaultWriteParam();
            p.setLossless(false);
            p.setEncodingRate(1.0);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ImageOutputStream out = ImageIO.createImageOutputStream(bytes)) {
                writer.setOutput(out);
                writer.write(null, new IIOImage(grey, null, null), p);
            }
            return bytes.toByteArray();
        } finally {
            writer.dispose();
        }
    }
}
